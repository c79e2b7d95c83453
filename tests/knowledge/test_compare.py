"""Compare: the chosen indicators' latest published values for the chosen countries, national
and global side by side, as bars drawn from their own address (with a text alternative), a
table and CSV/XLSX."""

import csv
import io
import re

import pytest

from target87.countries.models import Country
from target87.knowledge import compare
from target87.monitoring import services
from target87.monitoring.models import Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    services.load_catalogue()


def _national(country, code, period, value, user, source):
    obs = services.save_observation(country, code, period, value, {"age": "5-17"}, user=user,
                                    source=source)
    services.submit_observations([obs], user)
    services.approve_observation(obs, user)
    services.publish_observation(obs, user)
    return obs


def _global(country, code, period, value, source, key="age=5-17"):
    from target87.monitoring.models import Indicator

    return Observation.objects.create(
        country=country, indicator=Indicator.objects.get(code=code), period=period,
        value=value, disaggregation={"age": "5-17"} if key else {}, disaggregation_key=key,
        origin="global", status="published", source=source)


@pytest.fixture
def figures(catalogue, secretariat):
    npl, mdg = Country.objects.get(iso3="NPL"), Country.objects.get(iso3="MDG")
    _national(npl, "CL_PREV_ECON", 2018, "15.3", secretariat, "Nepal Labour Force Survey")
    _national(npl, "CL_PREV_ECON", 2008, "33.9", secretariat, "NLFS 2008")
    _global(npl, "CL_PREV_ECON", 2019, "14.1", "Multiple Indicator Cluster Survey 2019")
    _global(mdg, "CL_PREV_ECON_CHORES", 2018, "32.1", "Multiple Indicator Cluster Survey 2018")
    # a draft is not published: never compared
    services.save_observation(mdg, "CL_PREV_ECON", 2020, "40.0", {"age": "5-17"},
                              user=secretariat)
    return npl, mdg


def test_latest_national_and_global_figures_side_by_side(client, figures):
    response = client.get("/en/knowledge/compare/?c=NPL&c=MDG&c=BRA")
    html = response.content.decode()
    row = response.context["rows"][0]
    assert row.indicator.code == "CL_PREV_ECON"  # the default indicator
    nepal, madagascar, brazil = row.cells
    assert (nepal["national"].value, nepal["national"].year) == (15.3, 2018)
    assert (nepal["global"].value, nepal["global"].year) == (14.1, 2019)
    assert madagascar == {"national": None, "global": None}  # the draft stays out
    assert brazil == {"national": None, "global": None}
    assert "National: 15.3%" in html and "Global: 14.1%" in html
    assert "33.9%" not in html and "40.0%" not in html and "no data" in html


def test_chart_drawn_from_its_own_address_with_text_alternative(client, figures, settings,
                                                                tmp_path):
    settings.DATA_DIR = tmp_path
    response = client.get("/en/knowledge/compare/?c=NPL&c=MDG&i=CL_PREV_ECON")
    chart = response.context["charts"][0]
    assert chart["src"] == "/en/knowledge/compare/chart.svg?c=NPL&c=MDG&i=CL_PREV_ECON"
    assert "Nepal: National 15.3% (2018), Global 14.1% (2019); Madagascar: no data" in (
        chart["alt"])
    html = response.content.decode()
    assert 'alt="' + chart["alt"][:40] in html
    assert not list(tmp_path.glob("charts/*.svg"))  # the page itself draws nothing
    svg = client.get(chart["src"])
    assert svg.status_code == 200 and svg.content.startswith(b"<svg")
    assert b"Nepal" in svg.content and b"15.3% (2018)" in svg.content
    assert client.get(chart["png"]).content[:4] == b"\x89PNG"
    # phones get a narrower drawing (labels keep their size) of the same figures
    narrow = client.get(chart["narrow"]).content.decode()
    assert 'class="chart-image"' not in narrow and "15.3% (2018)" in narrow
    width = re.compile(r'<svg[^>]*\bwidth="(\d+)"')
    assert int(width.search(narrow)[1]) < int(width.search(svg.content.decode())[1])
    assert f'srcset="{chart["narrow"]}"' in html.replace("&amp;", "&")


def test_chart_data_labels_origins_and_keeps_countries_without_figures(figures):
    npl, mdg = figures
    indicator = next(i for i in compare.indicator_choices() if i.code == "CL_PREV_ECON")
    row = compare.rows([npl, mdg], [indicator])[0]
    data = compare.chart_rows(row, ["Nepal", "Madagascar"])
    assert [(d["country"], d["origin"], d["value"]) for d in data] == [
        ("Nepal", "National", 15.3), ("Nepal", "Global", 14.1), ("Madagascar", "National", 0)]
    assert data[-1]["label"] == "no data"
    spec = compare.chart_spec(row, ["Nepal", "Madagascar"])
    assert spec["encoding"]["y"]["sort"] == ["Nepal", "Madagascar"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["National", "Global"]


def test_several_indicators_each_with_its_chart(client, figures):
    response = client.get(
        "/en/knowledge/compare/?c=NPL&c=MDG&i=CL_PREV_ECON&i=CL_PREV_ECON_CHORES&i=NOPE")
    assert [r.indicator.code for r in response.context["rows"]] == [
        "CL_PREV_ECON", "CL_PREV_ECON_CHORES"]
    assert len(response.context["charts"]) == 2
    chores = response.context["rows"][1]
    assert chores.cells[1]["global"].value == 32.1


def test_at_most_four_indicators():
    choices = [compare.IndicatorChoice(f"C{n}", f"Indicator {n}", "%", True) for n in range(6)]
    chosen = compare.chosen_indicators([c.code for c in choices], choices)
    assert [c.code for c in chosen] == ["C0", "C1", "C2", "C3"]


def test_no_figure_no_chart(client, catalogue):
    response = client.get("/en/knowledge/compare/?c=BRA&c=FRA")
    assert response.context["charts"] == []
    assert "No published figure for these countries and indicators yet." in (
        response.content.decode())
    assert client.get("/en/knowledge/compare/chart.svg?c=BRA&c=FRA").status_code == 404
    assert client.get("/en/knowledge/compare/chart.svg").status_code == 404
    assert client.get("/en/knowledge/compare/chart.gif?c=BRA").status_code == 404


def test_csv_lists_each_origin_with_year_and_source(client, figures):
    response = client.get("/en/knowledge/compare/?c=NPL&c=MDG&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1:] == ["Nepal", "Madagascar"]
    table = {r[0]: r[1:] for r in rows[1:]}
    name = next(i.name for i in compare.indicator_choices() if i.code == "CL_PREV_ECON")
    assert table[f"{name} (National)"] == ["15.3", "no data"]
    assert table[f"{name} (National): Year"] == ["2018", ""]
    assert table[f"{name} (Global): Source"] == ["Multiple Indicator Cluster Survey 2019", ""]
    xlsx = client.get("/en/knowledge/compare/?c=NPL&c=MDG&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_arabic_chart_and_page(client, figures):
    response = client.get("/ar/knowledge/compare/?c=NPL")
    chart = response.context["charts"][0]
    assert chart["src"].startswith("/ar/knowledge/compare/chart.svg")
    assert chart["alt"].startswith("\u2067")  # the indicator's name stays a whole run
    assert "نيبال" in chart["alt"]
    svg = client.get(chart["src"]).content.decode()
    assert "نيبال" in svg
