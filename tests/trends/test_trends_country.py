"""The projection section on country pages, from published monitoring observations."""

import html as html_lib
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation

from target87.core.templatetags.platform import percent
from target87.measure import projections
from target87.trends import services
from target87.trends.views import render_country_trend

pytestmark = pytest.mark.django_db


def series(points, code="CL_PREV_NATIONAL"):
    return services.CountrySeries(
        code=code, indicator="Children in child labour (national definition)",
        unit="Percentage of children", points=points,
        citations={year: f"Survey {year}" for year in points},
    )


def render(country, series_list, lang="en"):
    request = RequestFactory().get(f"/{lang}/countries/{country.iso3}/")
    with translation.override(lang):
        out = render_country_trend(request, country, series_list)
    return out if out is None else html_lib.unescape(out)


def test_section_shows_chart_and_the_projected_figure(country):
    points = {2008: 33.9, 2018: 15.3}
    html = render(country, [series(points)])
    expected = projections.project(points, target_year=2025, target=0)
    with translation.override("en"):
        value = percent(expected.value)
    # drawn from its own address, wide and for phones
    assert '<img class="chart-image" src="/en/trends/country/NPL/CL_PREV_NATIONAL.svg"' in html
    assert 'srcset="/en/trends/country/NPL/CL_PREV_NATIONAL.svg?narrow=1"' in html
    assert f"At the current pace, the level would be {value} in 2025." in html
    assert "Children in child labour (national definition), Nepal" in html
    assert "Survey 2018" in html  # each figure's source
    assert "/trends/country/NPL/CL_PREV_NATIONAL.svg" in html


def test_section_is_translated(country):
    html = render(country, [series({2008: 33.9, 2018: 15.3})], lang="fr")
    assert "Travail des enfants : tendance et projection jusqu’en 2025" in html
    assert "Au rythme actuel" in html


def test_no_series_shows_nothing(country):
    assert render(country, []) is None
    assert render(country, [series({})]) is None


def test_a_single_figure_is_shown_without_a_projection_and_never_as_zero(country):
    html = render(country, [series({2018: 15.3})])
    assert "A projection needs at least two figures; this series has 1." in html
    assert "<picture>" not in html
    assert "15.3%" in html
    assert "0.0%" not in html


def publish(country, code, period, value, key="", source="National child labour survey"):
    from target87.monitoring.models import Indicator, Observation

    return Observation.objects.create(
        country=country, indicator=Indicator.objects.get(code=code), period=period,
        value=None if value is None else Decimal(str(value)), disaggregation_key=key,
        disaggregation={}, status="published", source=f"{source} {period}",
    )


@pytest.fixture
def catalogue(db):
    from target87.monitoring.services import load_catalogue

    load_catalogue()


def test_country_series_reads_published_totals_only(country, other_country, catalogue):
    from target87.monitoring.models import Indicator, Observation

    publish(country, "CL_PREV_NATIONAL", 2008, 33.9)
    publish(country, "CL_PREV_NATIONAL", 2018, 15.3)
    publish(country, "CL_PREV_NATIONAL", 2018, 17.0, key="sex=female")
    publish(country, "CL_PREV_NATIONAL", 2014, None)  # no value: left out, never zero
    Observation.objects.create(
        country=country, indicator=Indicator.objects.get(code="CL_PREV_NATIONAL"),
        period=2021, value=Decimal("9.0"), status="draft",
    )
    publish(other_country, "CL_PREV_NATIONAL", 2018, 40.0)
    found = services.country_series(country)
    assert [s.code for s in found] == ["CL_PREV_NATIONAL"]
    assert found[0].points == {2008: 33.9, 2018: 15.3}
    assert found[0].citations[2018] == "National child labour survey 2018"
    assert services.country_series(
        type(country).objects.get(iso3="FRA")
    ) == []


def test_country_page_shows_the_section_and_downloads(client, country, catalogue):
    publish(country, "CL_PREV_NATIONAL", 2008, 33.9)
    publish(country, "CL_PREV_NATIONAL", 2018, 15.3)
    html = client.get("/en/countries/NPL/").content.decode()
    assert 'id="section-trends"' in html
    assert 'srcset="/en/trends/country/NPL/CL_PREV_NATIONAL.svg?narrow=1"' in html
    svg = client.get("/en/trends/country/NPL/CL_PREV_NATIONAL.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    phone = client.get("/en/trends/country/NPL/CL_PREV_NATIONAL.svg", {"narrow": "1"})
    assert phone.status_code == 200 and phone.content != svg.content
    png = client.get("/en/trends/country/NPL/CL_PREV_NATIONAL.png")
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    data = client.get("/en/trends/country/NPL/CL_PREV_NATIONAL.csv").content.decode()
    assert "observed,33.9" in data and "National child labour survey 2008" in data
    assert client.get("/en/trends/country/MDG/CL_PREV_NATIONAL.svg").status_code == 404


def test_country_page_without_series_has_no_section(client, catalogue):
    html = client.get("/en/countries/MDG/").content.decode()
    assert 'id="section-trends"' not in html


def test_national_and_global_figures_are_two_series(client, country, catalogue):
    from target87.monitoring.models import Indicator, Observation

    publish(country, "CL_PREV_NATIONAL", 2008, 33.9)
    publish(country, "CL_PREV_NATIONAL", 2018, 15.3)
    indicator = Indicator.objects.get(code="CL_PREV_NATIONAL")
    for period, value in ((2014, "37.4"), (2018, "16.0"), (2019, "15.0")):
        Observation.objects.create(
            country=country, indicator=indicator, period=period, value=Decimal(value),
            status="published", origin="global", source=f"Global database {period}")
    with translation.override("en"):
        found = services.country_series(country)
    assert [(s.code, s.origin) for s in found] == [("CL_PREV_NATIONAL", "national"),
                                                   ("CL_PREV_NATIONAL", "global")]
    assert found[0].points == {2008: 33.9, 2018: 15.3}  # never mixed with the global years
    assert found[1].points == {2014: 37.4, 2018: 16.0, 2019: 15.0}
    assert found[1].citations[2018] == "Global database 2018"
    html = html_lib.unescape(client.get("/en/countries/NPL/").content.decode())
    assert ": National" in html and ": Global (custodian)" in html
    data = client.get("/en/trends/country/NPL/CL_PREV_NATIONAL--global.csv").content.decode()
    assert "observed,37.4" in data and "observed,33.9" not in data
    data = client.get("/en/trends/country/NPL/CL_PREV_NATIONAL.csv").content.decode()
    assert "observed,33.9" in data and "observed,37.4" not in data
