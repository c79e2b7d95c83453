"""Loading the custodians' published files: UN SDG Global Database export, ILOSTAT bulk
CSV of SDG 8.7.1, ratifications. The files in ``files/`` follow the publishers' layouts."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from target87.monitoring.imports import import_file
from target87.monitoring.models import ImportStatus, Observation, PublishedImport
from target87.monitoring.xlsform import ImportRefused

FILES = Path(__file__).parent / "files"


def load(kind, name, release="2024.Q4.G.01"):
    return import_file(kind, name, (FILES / name).read_bytes(), release)


def global_obs(**filters):
    return Observation.objects.filter(origin="global", **filters)


@pytest.mark.django_db
def test_sdg_export_becomes_published_global_figures(catalogue, country):
    outcome = load("sdg", "sdg_871_nepal.csv")
    assert (outcome.created, outcome.revised, outcome.unchanged) == (6, 0, 0)
    assert outcome.skipped == 1  # the World row is an aggregate, not a country
    total = global_obs(country=country, indicator__code="CL_PREV_ECON_CHORES", period=2014,
                       disaggregation_key="age=5-17").get()
    assert total.value == Decimal("37.4")
    assert total.status == "published"
    assert total.source == "Multiple Indicator Cluster Survey 2014"
    assert (total.nature, total.release) == ("C", "2024.Q4.G.01")
    female = global_obs(country=country, period=2014,
                        disaggregation_key="age=5-17|sex=female").get()
    assert female.value == Decimal("39.1")
    econ = global_obs(country=country, indicator__code="CL_PREV_ECON").get()
    assert econ.method_note == "Hours thresholds of the 19th ICLS."
    assert global_obs(country__iso3="MDG").count() == 1


@pytest.mark.django_db
def test_same_file_twice_changes_nothing(catalogue, country):
    load("sdg", "sdg_871_nepal.csv")
    history_before = Observation.history.count()
    outcome = load("sdg", "sdg_871_nepal.csv")
    assert (outcome.created, outcome.revised, outcome.unchanged) == (0, 0, 6)
    assert Observation.history.count() == history_before
    assert global_obs().count() == 6


@pytest.mark.django_db
def test_changed_value_is_a_revision_keeping_the_earlier_one(catalogue, country):
    load("sdg", "sdg_871_nepal.csv")
    text = (FILES / "sdg_871_nepal.csv").read_text()
    revised = text.replace(",2019,15.3,2019,", ",2019,15.9,2019,")
    assert revised != text
    outcome = import_file("sdg", "sdg_871_nepal.csv", revised.encode(), "2025.Q1.G.01")
    assert (outcome.created, outcome.revised, outcome.unchanged) == (0, 1, 5)
    obs = global_obs(country=country, indicator__code="CL_PREV_ECON_CHORES", period=2019).get()
    assert obs.value == Decimal("15.9")
    assert obs.release == "2025.Q1.G.01"
    values = [h.value for h in obs.history.order_by("history_date")]
    assert values == [Decimal("15.3"), Decimal("15.9")]


@pytest.mark.django_db
def test_bad_rows_listed_by_number_and_nothing_loaded(catalogue, country):
    with pytest.raises(ImportRefused) as refused:
        load("sdg", "sdg_871_bad.csv")
    found = {(e.row, e.column) for e in refused.value.errors}
    assert found == {(3, "GeoAreaCode"), (4, "SeriesCode"), (5, "TimePeriod"), (6, "Value")}
    assert "999" in str(refused.value)
    assert "N/A" in str(refused.value)
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_a_bad_file_leaves_earlier_figures_as_they_were(catalogue, country):
    load("sdg", "sdg_871_nepal.csv")
    before = list(global_obs().order_by("pk").values_list("pk", "value"))
    with pytest.raises(ImportRefused):
        load("sdg", "sdg_871_bad.csv")
    assert list(global_obs().order_by("pk").values_list("pk", "value")) == before


@pytest.mark.django_db
def test_missing_column_named(catalogue):
    content = b"Goal,Target,SeriesCode,GeoAreaCode,Value\n8,8.7,SL_TLF_CHLDEC,524,3\n"
    with pytest.raises(ImportRefused) as refused:
        import_file("sdg", "cut.csv", content)
    assert "cut.csv" in str(refused.value) and "TimePeriod" in str(refused.value)


@pytest.mark.django_db
def test_duplicate_rows_refused(catalogue, country):
    lines = (FILES / "sdg_871_nepal.csv").read_text().splitlines()
    content = "\n".join([*lines[:2], lines[1]]).encode()
    with pytest.raises(ImportRefused) as refused:
        import_file("sdg", "dup.csv", content)
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "-")]
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_national_and_global_figures_live_side_by_side(catalogue, country):
    from target87.monitoring.services import save_observation

    national = save_observation(country, "CL_PREV_ECON_CHORES", 2014, "36.0",
                                {"age": "5-17"}, source="National Child Labour Survey")
    load("sdg", "sdg_871_nepal.csv")
    national.refresh_from_db()
    assert national.value == Decimal("36.0") and national.origin == "national"
    # the country's own figure is still the one its reporting workflow edits
    again = save_observation(country, "CL_PREV_ECON_CHORES", 2014, "36.5", {"age": "5-17"})
    assert again.pk == national.pk
    assert global_obs(country=country, period=2014, disaggregation_key="age=5-17").get(
    ).value == Decimal("37.4")


@pytest.mark.django_db
def test_ilostat_bulk_file(catalogue, country):
    outcome = load("ilostat", "ilostat_sdg_b871.csv", "2024-11-30")
    assert (outcome.created, outcome.skipped) == (4, 1)
    band = global_obs(country=country, disaggregation_key="age=5-11").get()
    assert band.value == Decimal("30.2")
    assert band.indicator.code == "CL_PREV_ECON_CHORES"
    latest = global_obs(country=country, period=2019).get()
    assert latest.source == "ILOSTAT (HH:2211)"
    assert latest.nature == "B"
    assert load("ilostat", "ilostat_sdg_b871.csv", "2024-11-30").unchanged == 4


@pytest.mark.django_db
def test_ilostat_bad_rows(catalogue, country):
    with pytest.raises(ImportRefused) as refused:
        load("ilostat", "ilostat_sdg_b871_bad.csv")
    found = {(e.row, e.column) for e in refused.value.errors}
    assert found == {(3, "ref_area"), (4, "indicator"), (5, "time"), (6, "obs_value")}
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_ratifications(catalogue, country):
    outcome = load("ratifications", "ratifications.csv", "2024")
    # C189 is asked by the three "additional conventions" indicators
    assert outcome.created == 5 + 3
    c138 = global_obs(country=country, disaggregation_key="convention=C138").get()
    assert (c138.value_bool, c138.value_year, c138.period) == (True, 1997, 2024)
    assert c138.indicator.code == "CL_LEG_CONV_PRIORITY"
    assert global_obs(country__iso3="MDG", disaggregation_key="convention=P029").exists()
    denounced = (FILES / "ratifications.csv").read_text().replace(
        "C29,NPL,03 Jan 2002,In Force", "C29,NPL,03 Jan 2002,Denounced")
    outcome = import_file("ratifications", "r.csv", denounced.encode(), "2024")
    assert (outcome.revised, outcome.unchanged) == (1, 7)
    c29 = global_obs(country=country, disaggregation_key="convention=C29").get()
    assert c29.value_bool is False
    assert [h.value_bool for h in c29.history.order_by("history_date")] == [True, False]


@pytest.mark.django_db
def test_ratification_bad_rows(catalogue, country):
    with pytest.raises(ImportRefused) as refused:
        load("ratifications", "ratifications_bad.csv", "2024")
    found = {(e.row, e.column) for e in refused.value.errors}
    assert found == {(3, "convention"), (4, "country"), (5, "date"), (6, "status")}
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_command_loads_and_refuses(catalogue, country, capsys):
    call_command("import", "sdg", str(FILES / "sdg_871_nepal.csv"), "--release", "2024.Q4")
    assert "6 new figures" in capsys.readouterr().out
    with pytest.raises(CommandError, match="4 row error"):
        call_command("import", "sdg", str(FILES / "sdg_871_bad.csv"))
    assert "sdg_871_bad.csv: row 3, column GeoAreaCode" in capsys.readouterr().err
    statuses = list(PublishedImport.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [ImportStatus.LOADED, ImportStatus.REJECTED]
    assert global_obs().count() == 6


@pytest.mark.django_db
def test_upload_page_is_for_the_secretariat(client, catalogue, focal_point, secretariat,
                                            settings, tmp_path):
    from django.urls import reverse

    settings.DATA_DIR = tmp_path
    url = reverse("monitoring:published_imports")
    client.force_login(focal_point)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_upload_runs_as_a_job_and_reports(client, catalogue, country, secretariat, settings,
                                          tmp_path):
    from django.urls import reverse

    from target87.core.models import JobProgress

    settings.DATA_DIR = tmp_path
    client.force_login(secretariat)
    with (FILES / "sdg_871_bad.csv").open("rb") as f:
        response = client.post(reverse("monitoring:published_imports"),
                               {"kind": "sdg", "file": f, "release": ""})
    record = PublishedImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:published_import", args=[record.pk])
    assert record.status == ImportStatus.QUEUED
    call_command("worker", batch=True, interval=0.01)
    record.refresh_from_db()
    assert record.status == ImportStatus.REJECTED
    assert JobProgress.objects.get(result_id=record.result_id).status == "finished"
    page = client.get(response["Location"]).content.decode()
    assert "Atlantis" not in page and "999" in page and "GeoAreaCode" in page
    with (FILES / "sdg_871_nepal.csv").open("rb") as f:
        client.post(reverse("monitoring:published_imports"), {"kind": "sdg", "file": f})
    call_command("worker", batch=True, interval=0.01)
    loaded = PublishedImport.objects.get(status=ImportStatus.LOADED)
    assert (loaded.created, loaded.skipped) == (6, 1)
    assert global_obs().count() == 6


@pytest.mark.django_db
def test_dashboard_shows_national_and_global_figures_labelled(client, catalogue, country,
                                                              secretariat):
    from target87.monitoring import services

    obs = services.save_observation(country, "CL_PREV_ECON_CHORES", 2019, "16.2",
                                    {"age": "5-17"}, source="Nepal Labour Force Survey",
                                    user=secretariat)
    services.submit_observations([obs], secretariat)
    services.approve_observation(obs, secretariat)
    services.publish_observation(obs, secretariat)
    load("sdg", "sdg_871_nepal.csv")
    html = client.get(f"/en/countries/{country.iso3}/").content.decode()
    section = html.split('id="monitoring-title"')[1].split("</section>")[0]
    row = section.split("household chores")[1].split("</tr>")[0]
    following = section.split("household chores")[1].split("</tr>")[1]
    assert "National" in row and "16.2%" in row and "Nepal Labour Force Survey" in row
    assert "Global" in following and "15.3%" in following and "2024.Q4.G.01" in following
    assert 'rowspan="2"' in section
    # a country with only the custodian's figure shows it, labelled global
    html = client.get("/en/countries/MDG/").content.decode()
    section = html.split('id="monitoring-title"')[1].split("</section>")[0]
    assert "32.1%" in section and "Global" in section
