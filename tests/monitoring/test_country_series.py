"""The country dashboard's charts over time and the country's data as files."""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from target87.core.bidi import LRI, PDI
from target87.monitoring import services
from target87.monitoring.country_data import country_charts
from target87.monitoring.imports import import_file
from target87.monitoring.models import Origin

FILES = Path(__file__).parent / "files"


def _publish(country, code, period, value, user, disaggregation=None, **fields):
    obs = services.save_observation(country, code, period, value, disaggregation, user=user,
                                    **fields)
    services.submit_observations([obs], user)
    services.approve_observation(obs, user)
    services.publish_observation(obs, user)
    return obs


@pytest.fixture
def series(catalogue, country, secretariat):
    """National figures of 2008 and 2018 and the custodian's of 2014 and 2019 (the SDG
    global database export for Nepal), for the same indicator."""
    _publish(country, "CL_PREV_ECON_CHORES", 2008, "40.5", secretariat, {"age": "5-17"},
             source="NLFS 2008")
    _publish(country, "CL_PREV_ECON_CHORES", 2018, "22.4", secretariat, {"age": "5-17"},
             source="NLFS 2017/18")
    # one period only: no chart
    _publish(country, "CL_PREV_HAZARDOUS", 2018, "9.9", secretariat, source="NLFS 2017/18")
    import_file("sdg", "sdg_871_nepal.csv", (FILES / "sdg_871_nepal.csv").read_bytes(),
                "2025.Q1.G.01")
    return country


def _section(client, path):
    html = client.get(path).content.decode()
    return html.split('id="monitoring-title"')[1].split("</section>")[0]


def test_a_chart_per_indicator_with_a_series_both_origins_labelled(client, series):
    charts = country_charts(series)
    assert [c.code for c in charts] == ["CL_PREV_ECON_CHORES"]
    chart = charts[0]
    assert chart.origins == [Origin.NATIONAL, Origin.GLOBAL]
    # never merged: each origin keeps its own years
    assert sorted(chart.points[Origin.NATIONAL]) == [2008, 2018]
    assert sorted(chart.points[Origin.GLOBAL]) == [2014, 2019]
    values = {(r["series"], r["year"]): r["value"] for r in chart.spec["data"]["values"]}
    assert values[("National", 2018)] == 22.4
    assert values[("Global (custodian)", 2014)] == 37.4
    assert values[("Global (custodian)", 2019)] == 15.3

    section = _section(client, f"/en/countries/{series.iso3}/")
    figures = section.split('id="series-title"')[1]
    assert figures.count("<svg") == 1 and 'role="img"' in figures
    assert "National: 2008: 40.5%; 2018: 22.4%" in figures  # the text alternative
    assert "Global (custodian): 2014: 37.4%; 2019: 15.3%" in figures
    table = figures.split("<table")[1]
    assert ">National<" in table and ">Global (custodian)<" in table
    rows = table.split("<tbody>")[1]
    assert rows.index(">2008<") < rows.index(">2014<") < rows.index(">2018<")
    assert "NLFS 2008" in rows and "Multiple Indicator Cluster Survey 2019" in rows


def test_no_chart_without_two_periods(client, catalogue, country, secretariat):
    _publish(country, "CL_PREV_ECON", 2018, "15.3", secretariat, {"age": "5-17"})
    # a draft is not published: still one period
    services.save_observation(country, "CL_PREV_ECON", 2010, "20.0", {"age": "5-17"},
                              user=secretariat)
    assert country_charts(country) == []
    section = _section(client, f"/en/countries/{country.iso3}/")
    assert 'id="series-title"' not in section and "<svg" not in section


def test_arabic_chart_isolates_left_to_right_runs(client, series):
    from django.utils import translation

    with translation.override("ar"):
        chart = country_charts(series)[0]
    assert f"{LRI}SL_TLF_CHLDEC{PDI}" in chart.spec["title"]["text"]
    assert chart.spec["layer"][0]["encoding"]["y"]["axis"]["orient"] == "right"
    # the years and figures of the text alternative keep their order in Arabic
    assert f"{LRI}2008: " in chart.alt_text and f"2018: {PDI}" not in chart.alt_text
    html = client.get(f"/ar/countries/{series.iso3}/").content.decode()
    assert "<bdi>SL_TLF_CHLDEC</bdi>" in html


def test_dashboard_links_one_url_per_format(client, series):
    section = _section(client, f"/en/countries/{series.iso3}/")
    for fmt in ("csv", "xlsx", "sdmx"):
        assert f'href="/en/monitoring/countries/NPL/data.{fmt}"' in section


def _csv(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_published_values_only_with_origin(client, series, secretariat):
    services.save_observation(series, "CL_PREV_ECON", 2021, "77.7", {"age": "5-17"},
                              user=secretariat)  # a draft
    rows = _csv(client, "/en/monitoring/countries/NPL/data.csv")
    header, body = rows[0], rows[1:]
    assert header[:8] == ["Country (ISO3)", "Country", "Indicator code", "Indicator",
                          "SDG series", "Disaggregation", "Year", "Value"]
    records = [dict(zip(header, r, strict=True)) for r in body]
    assert not [r for r in records if r["Value"] == "77.7"]
    chores = {(r["Year"], r["Origin"]): r for r in records
              if r["Indicator code"] == "CL_PREV_ECON_CHORES" and r["Disaggregation"] == "age=5-17"}
    assert chores[("2018", "National")]["Value"] == "22.4"
    assert chores[("2018", "National")]["Source"] == "NLFS 2017/18"
    assert chores[("2014", "Global (custodian)")]["Value"] == "37.4"
    assert chores[("2014", "Global (custodian)")]["Release"] == "2025.Q1.G.01"
    assert {r["Country (ISO3)"] for r in records} == {"NPL"}


def test_csv_headers_in_the_page_language(client, series):
    rows = _csv(client, "/fr/monitoring/countries/NPL/data.csv")
    assert "Année" in rows[0] and "Source" in rows[0]
    assert "Pays" in rows[0]


def test_xlsx_reads_back(client, series):
    response = client.get("/en/monitoring/countries/NPL/data.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    header = list(values[0])
    records = [dict(zip(header, r, strict=True)) for r in values[1:]]
    national = [r for r in records if r["Indicator code"] == "CL_PREV_ECON_CHORES"
                and r["Origin"] == "National"]
    assert sorted((r["Year"], r["Value"]) for r in national) == [(2008, 40.5), (2018, 22.4)]


def test_sdmx_names_series_area_period_value_origin_source(client, series):
    response = client.get("/en/monitoring/countries/NPL/data.sdmx")
    assert response["Content-Disposition"].endswith('.sdmx.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and {r["REF_AREA"] for r in rows} == {series.m49}
    chores = {(r["TIME_PERIOD"], r["REPORTING_TYPE"]): r for r in rows
              if r["SERIES"] == "SL_TLF_CHLDEC" and r["SEX"] == "_T" and r["AGE"] == "Y5T17"}
    assert chores[("2018", "N")]["OBS_VALUE"] == "22.4"
    assert chores[("2018", "N")]["SOURCE_DETAIL"] == "NLFS 2017/18"
    assert chores[("2014", "G")]["OBS_VALUE"] == "37.4"
    assert chores[("2014", "G")]["SOURCE_DETAIL"] == "Multiple Indicator Cluster Survey 2014"
    assert ("2014", "N") not in chores
    # the hazardous-work indicator has no SDG series: left out and counted
    assert int(response["X-Omitted-Rows"]) >= 1


def test_unknown_format_or_country_is_404(client, series):
    assert client.get("/en/monitoring/countries/NPL/data.pdf").status_code == 404
    assert client.get("/en/monitoring/countries/XXX/data.csv").status_code == 404


def test_setup_makes_dashboards_with_charts_ready(series, other_country, settings):
    from target87.core import pagecache
    from target87.monitoring.country_data import countries_with_series, dashboard_paths

    settings.LANGUAGES = [("en", "English"), ("ar", "Arabic")]
    assert list(countries_with_series()) == [series]
    assert dashboard_paths() == ["/en/countries/NPL/", "/ar/countries/NPL/"]
    paths = pagecache.warm_paths()
    assert "/ar/countries/NPL/" in paths and "/en/countries/MDG/" not in paths
    assert paths.index("/en/") < paths.index("/en/countries/NPL/")


def test_worker_draws_the_charts_when_figures_are_published(
        client, catalogue, country, settings, tmp_path, monkeypatch,
        django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from target87.core import charts
    from target87.monitoring.tasks import draw_country_charts_task

    settings.DATA_DIR = tmp_path
    settings.LANGUAGES = [("en", "English"), ("ar", "Arabic")]
    with django_capture_on_commit_callbacks(execute=True):
        import_file("sdg", "sdg_871_nepal.csv", (FILES / "sdg_871_nepal.csv").read_bytes(),
                    "2025.Q1.G.01")
    jobs = list(DBTaskResult.objects.filter(task_path__endswith="draw_country_charts_task"))
    assert len(jobs) == 1  # one job for the whole file
    assert country.pk in jobs[0].args_kwargs["kwargs"]["country_ids"]
    charts._svg.cache_clear()
    draw_country_charts_task.call(country_ids=[country.pk])
    # the series chart and the two projections, in two languages
    assert len(list(charts.rendered_dir().glob("*.svg"))) >= 2
    # the dashboard is then served without drawing anything
    charts._svg.cache_clear()
    monkeypatch.setattr(charts, "_vl_convert",
                        lambda: (_ for _ in ()).throw(AssertionError("drawn again")))
    for lang in ("en", "ar"):
        html = client.get(f"/{lang}/countries/NPL/").content.decode()
        assert html.split('id="series-title"')[1].split("</section>")[0].count("<svg") == 1


def _year_labels(svg: str, years) -> set[int]:
    # in Arabic each number is drawn between direction isolates
    """The years drawn as labels that can be seen (an overlapping label is hidden with
    opacity 0)."""
    svg = svg.replace("\u2068", "").replace("\u2069", "")
    shown = {text for attrs, text in re.findall(r"<text([^>]*)>([^<]*)</text>", svg)
             if 'opacity="0"' not in attrs}
    return {y for y in years if str(y) in shown}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_year_with_data_has_its_label(series, lang):
    """2018 and 2019 sit one year apart in a chart from 2008: neither label is dropped."""
    from django.utils import translation

    from target87.monitoring.country_data import country_charts_with_svg

    with translation.override(lang):
        chart = country_charts_with_svg(series)[0]
    assert chart.periods == [2008, 2014, 2018, 2019]
    assert _year_labels(chart.svg, range(2000, 2030)) == {2008, 2014, 2018, 2019}


@pytest.mark.parametrize("periods", [[1990, 2018, 2019], [2010, 2011, 2012, 2013, 2014, 2015,
                                                       2016, 2017, 2018, 2019, 2020]])
def test_close_years_keep_their_labels_on_any_span(periods):
    from target87.core.charts import base_spec, render_svg
    from target87.monitoring.country_data import CHART_WIDTH, year_axis

    x = year_axis(periods, CHART_WIDTH)
    spec = base_spec(width=CHART_WIDTH, height=200,
                     data={"values": [{"year": p, "value": i} for i, p in enumerate(periods)]},
                     mark="point",
                     encoding={"x": x, "y": {"field": "value", "type": "quantitative"}})
    svg = render_svg(spec)
    assert _year_labels(svg, range(1980, 2030)) == set(periods)
