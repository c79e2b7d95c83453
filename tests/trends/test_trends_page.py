"""The global trends page: charts in six languages, numbers, method choice, downloads."""

import csv
import html as html_lib
import io
import re

import pytest
from django.utils import translation

from target87.core.charts import phone_url
from target87.core.templatetags.platform import number
from target87.measure import projections, reference_series
from target87.trends import services

pytestmark = pytest.mark.django_db

LANGS = ["en", "fr", "es", "ar", "zh-hans", "ru"]


def page(client, lang="en", **params):
    response = client.get(f"/{lang}/trends/", params)
    return response, html_lib.unescape(response.content.decode())


def child_labour_points():
    return reference_series.get_series("child_labour_5_17_number").points


@pytest.mark.parametrize("lang", LANGS)
def test_page_in_every_language_has_svg_charts_with_localised_title(client, lang):
    response, html = page(client, lang)
    assert response.status_code == 200
    with translation.override(lang):
        title = str(services.CHARTS["child-labour-number"].title)
        observed = str(translation.gettext("Observed"))
    if lang != "en":
        assert title != "Children in child labour, aged 5–17"
        assert observed != "Observed"
    sources = re.findall(r'<img class="chart-image" src="([^"]+)"', html)
    assert len(sources) == len(services.CHARTS)
    # The chart itself, wide or for phones, carries the translated title and legend.
    for src in (sources[0], phone_url(sources[0])):
        svg = html_lib.unescape(client.get(src).content.decode())
        assert svg.startswith("<svg")
        assert observed in svg
        assert all(word in svg for word in title.split())
    assert f'<h3 id="child-labour-number-title">{title}</h3>' in html


def test_arabic_page_is_right_to_left_with_y_axis_on_the_right(client):
    response, html = page(client, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        panel = services.global_panel(services.CHARTS["child-labour-number"], "geometric")
    assert panel.spec["layer"][0]["encoding"]["y"]["axis"]["orient"] == "right"
    assert panel.spec["title"]["anchor"] == "end"


def test_headline_numbers_equal_the_projection(client):
    expected = projections.project(
        child_labour_points(), method="geometric", target_year=2025, from_year=2020,
        to_year=2024, target=0,
    )
    _response, html = page(client, "en")
    with translation.override("en"):
        value = number(expected.value, 1)
        times = number(expected.pace.times_faster, 1)
    assert (
        f"At the current pace, {value} million children would be in child labour in 2025."
        in html
    )
    assert f"would need a pace {times} times faster" in html
    # 137.6 * (137.6/160)^(1/4): about 132.5 million; 137.6 / 5.6: about 24.6 times.
    assert value == "132.5" and times == "24.6"


def test_linear_method_and_chosen_years_in_french_number_format(client):
    expected = projections.project(
        child_labour_points(), method="linear", target_year=2025, from_year=2016,
        to_year=2024, target=0,
    )
    response, html = page(client, "fr", method="linear", cl_from="2016", cl_to="2024")
    assert response.status_code == 200
    with translation.override("fr"):
        value = number(expected.value, 1)
        times = number(expected.pace.times_faster, 1)
        label = str(services.METHOD_LABELS["linear"])
    assert "," in value  # French decimal comma
    assert value in html and times in html
    assert f"{label}, 2016–2024" in html  # the projection is labelled with its method


def test_loglinear_defaults_to_every_figure(client):
    expected = projections.project(
        child_labour_points(), method="loglinear", target_year=2025, target=0
    )
    assert (expected.from_year, expected.to_year) == (2000, 2024)
    _response, html = page(client, "en", method="loglinear")
    assert number_en(expected.value) in html
    assert "fitted by ordinary least squares to the 7 figures from 2000 to 2024" in html


def number_en(value):
    with translation.override("en"):
        return number(value, 1)


def test_forced_labour_rising_trend_is_said_plainly(client):
    expected = projections.project(
        reference_series.get_series("forced_labour_number").points, method="geometric",
        target_year=2030, target=0,
    )
    assert expected.pace.times_faster < 0
    _response, html = page(client, "en")
    assert (
        f"{number_en(expected.value)} million people would be in forced labour in 2030" in html
    )
    assert "The level rose from 24.9 in 2016 to 27.6 in 2021, moving away from the target" in html


def test_statement_inputs_assumptions_sources_and_revisions(client):
    _response, html = page(client, "en")
    assert "Method: constant annual rate of change between 2020 and 2024" in html
    assert "Inputs: 2020 = 160.0; 2024 = 137.6." in html
    assert "A constant rate of decline never reaches zero." in html
    assert "ILO and UNICEF, Child Labour: Global estimates 2024" in html
    # 2004 was published as 217.7 (2006) and revised to 222.3 (2010).
    assert "<del>217.7</del>" in html
    assert "2006-05-04" in html and "2010-05" in html


def test_data_table_beside_each_chart_lists_observed_and_projected(client):
    _response, html = page(client, "en")
    article = html.split('id="child-labour-number"')[1].split("</article>")[0]
    assert "<table>" in article and "<figcaption" in article
    for year, value in child_labour_points():
        assert re.search(rf"<th scope=\"row\">{year}.*?</th>\s*<td class=\"num\">"
                         rf"{re.escape(number_en(value))}</td>", article, flags=re.S)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"method": "quadratic"}, "Unknown method “quadratic”"),
        (
            {"cl_from": "2024", "cl_to": "2020"},
            "The to year (2020) must be after the from year (2024)",
        ),
        ({"cl_from": "2020", "cl_to": "2020"}, "must be after the from year"),
        ({"cl_from": "1999"}, "No published figure for 1999; choose one of 2000, 2004"),
        ({"fl_to": "2020"}, "No published figure for 2020; choose one of 2016, 2021"),
        ({"cl_from": "soon"}, "“soon” is not a year"),
        ({"cl_from": "2024"}, "must be after the from year"),
    ],
)
def test_bad_parameters_give_a_clear_message(client, params, message):
    response, html = page(client, "en", **params)
    assert response.status_code == 400
    assert message in html
    # The page still shows the charts with the default choice.
    assert html.count("<picture>") == len(services.CHARTS)


def test_method_selector_keeps_the_choice(client):
    _response, html = page(client, "en", method="linear")
    assert '<option value="linear" selected>' in html


def test_nav_item_links_the_page(client):
    html = client.get("/en/").content.decode()
    assert 'href="/en/trends/"' in html


def test_downloads_have_the_right_content_types(client):
    svg = client.get("/en/trends/chart/child-labour-number.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<svg")
    assert "attachment" in svg["Content-Disposition"]
    png = client.get("/en/trends/chart/child-labour-number.png", {"method": "linear"})
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    data = client.get("/en/trends/chart/child-labour-number.csv")
    assert data["Content-Type"].startswith("text/csv")


def test_csv_holds_the_figures_their_sources_and_the_projection(client):
    response = client.get(
        "/fr/trends/chart/child-labour-number.csv", {"method": "linear", "cl_from": "2016"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    observed = [r for r in rows if r["kind"] == "observed"]
    assert [(int(r["year"]), float(r["value"])) for r in observed] == list(
        child_labour_points()
    )
    assert all(r["source"] for r in observed)
    expected = projections.project(
        child_labour_points(), method="linear", target_year=2025, from_year=2016, target=0
    )
    last = [r for r in rows if r["kind"] == "projected"][-1]
    assert (int(last["year"]), float(last["value"])) == (2025, pytest.approx(expected.value))
    assert {r["method"] for r in rows} == {"linear"}
    required = [r for r in rows if r["kind"] == "required"]
    assert float(required[-1]["value"]) == 0.0


def test_downloaded_svg_is_in_the_page_language(client):
    svg = client.get("/es/trends/chart/forced-labour-number.svg").content.decode()
    with translation.override("es"):
        title = str(services.CHARTS["forced-labour-number"].title)
    assert html_lib.escape(title, quote=False) in svg or title in svg


def test_bad_download_parameters_are_a_400_with_a_message(client):
    response = client.get("/en/trends/chart/child-labour-number.svg", {"cl_to": "1990"})
    assert response.status_code == 400
    assert "No published figure for 1990" in response.content.decode()
    assert client.get("/en/trends/chart/nothing.svg").status_code == 404
    assert client.get("/en/trends/chart/child-labour-number.gif").status_code == 404


def test_chart_numbers_and_direction_follow_the_page_language(client):
    with translation.override("fr"):
        panel = services.global_panel(services.CHARTS["child-labour-percent"], "linear")
    assert panel.spec["config"]["locale"]["number"]["decimal"] == ","
    _response, html = page(client, "ar")
    assert html.count("<picture>") == len(services.CHARTS)
