"""The footprint results grouped into the SDG regions of the 2019 report, beside its
published shares; MRIO regions that are not countries are listed as not assigned."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from target87.supplychains import footprints
from target87.supplychains.models import FootprintRun, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)

# Four regions of one sector and no intermediate flows, so each producer's child labour
# follows its sales to final demand (s = child labour / output):
#   NPL: output 100, 60 to its own households, 40 to Thailand's; 50 children -> 20 exported
#   IND: output 200, 150 at home, 50 to the rest of the world; 100 children -> 25 exported
#   THA: output 100, 80 at home, 20 to Nepal's households; 40 children -> 8 exported
#   ROW: output 100, all at home; 10 children -> 0 exported
# Central and Southern Asia (NPL, IND): 45 of 150 = 30 %; Eastern and South-Eastern Asia
# (THA): 8 of 40 = 20 %; not assigned (ROW): 0 of 10 = 0 %; all: 53 of 200 = 26.5 %.
ICIO = (
    "V1,NPL_AGR,IND_AGR,THA_AGR,ROW_AGR,NPL_HFCE,IND_HFCE,THA_HFCE,ROW_HFCE,OUT\n"
    "NPL_AGR,0,0,0,0,60,0,40,0,100\n"
    "IND_AGR,0,0,0,0,0,150,0,50,200\n"
    "THA_AGR,0,0,0,0,20,0,80,0,100\n"
    "ROW_AGR,0,0,0,0,0,0,0,100,100\n"
    "VA,100,200,100,100,0,0,0,0,0\n"
    "OUT,100,200,100,100,0,0,0,0,0\n"
)
SATELLITE = ("region,sector,child_labour\nNPL,AGR,50\nIND,AGR,100\nTHA,AGR,40\n"
             "ROW,AGR,10\n")


@pytest.fixture
def run(client, secretariat):
    client.force_login(secretariat)
    client.post("/en/supply-chains/runs/", {
        "mrio": SimpleUploadedFile("icio.csv", ICIO.encode()),
        "satellite": SimpleUploadedFile("children.csv", SATELLITE.encode()),
        "mrio_source": "Test table", "satellite_source": "Test satellite",
        "stressor": "child_labour"})
    call_command("worker", batch=True, interval=0.01)
    run = FootprintRun.objects.get()
    assert run.status == RunStatus.FINISHED, run.error
    footprints.set_published(secretariat, run, True)
    client.logout()
    return run


def test_grouped_shares_are_the_groups_exports_over_their_child_labour(run):
    rows = {r["key"]: r for r in footprints.shares_by_sdg_region(run)}
    south = rows["Central and Southern Asia"]
    assert south["regions"] == ["IND", "NPL"]
    assert (south["production"], south["exports"]) == (pytest.approx(150), pytest.approx(45))
    assert south["share"] == pytest.approx(30)
    assert south["reference"] == 12
    east = rows["Eastern and South-Eastern Asia"]
    assert east["regions"] == ["THA"] and east["share"] == pytest.approx(20)
    assert east["reference"] == 26
    assert rows[footprints.NOT_ASSIGNED]["regions"] == ["ROW"]
    assert rows[footprints.NOT_ASSIGNED]["share"] == pytest.approx(0)
    assert rows[footprints.NOT_ASSIGNED]["reference"] is None
    assert rows["all"]["share"] == pytest.approx(26.5)
    # The report's other regions are listed with its figure, none of the model's regions.
    africa = rows["Sub-Saharan Africa"]
    assert africa["regions"] == [] and africa["share"] is None and africa["reference"] == 12
    # A group without a published figure and without regions is left out.
    assert "Oceania" not in rows


def test_the_page_and_downloads_show_the_groups_beside_the_report(client, run):
    page = client.get("/en/supply-chains/").content.decode()
    assert "By SDG region, beside the 2019 report" in page
    assert "Not assigned to an SDG region" in page
    assert "30.0%" in page and "26.5%" in page
    assert 'id="sdg-chart-alt"' in page
    assert "Central and Southern Asia: This platform 30%, 2019 report 12%" in page
    rows = list(csv.reader(io.StringIO(client.get(
        "/en/supply-chains/?table=sdg&format=csv").content.decode("utf-8-sig"))))
    by_region = {r[0]: r for r in rows[1:]}
    assert by_region["Central and Southern Asia"] == [
        "Central and Southern Asia", "IND; NPL", "150.0", "45.0", "30.0", "12"]
    assert by_region["Not assigned to an SDG region"][1:] == ["ROW", "10.0", "0.0", "0.0", ""]
    assert by_region["Sub-Saharan Africa"][1:] == ["", "", "", "", "12"]  # none in the model
    # the report's regions first, in its order
    assert [r[0] for r in rows[1:6]] == [
        "Eastern and South-Eastern Asia", "Latin America and the Caribbean",
        "Central and Southern Asia", "Sub-Saharan Africa", "Northern Africa and Western Asia"]
    assert by_region["All regions"][4] == "26.5"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(
        "/en/supply-chains/?table=sdg&format=xlsx").content)).active
    values = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    assert values["Eastern and South-Eastern Asia"][4] == 20
    arabic = client.get("/ar/supply-chains/")
    assert arabic.status_code == 200


@pytest.mark.django_db
def test_codes_name_countries_by_iso3_or_iso2_and_groups_are_not_assigned():
    regions = footprints.sdg_regions_of(["npl", "NP", "BR", "ROW", "WF", "WA", "reg1"])
    assert regions["npl"] == regions["NP"] == "Central and Southern Asia"
    assert regions["BR"] == "Latin America and the Caribbean"
    # the rest of the world of ICIO and EXIOBASE, even where the code is also a country's
    assert {regions[c] for c in ("ROW", "WF", "WA", "reg1")} == {footprints.NOT_ASSIGNED}


def test_the_published_figures_are_the_same_in_both_lists():
    assert {str(label): share for label, share in footprints.REFERENCE_SHARES} == (
        footprints.REFERENCE_BY_SDG_REGION)
