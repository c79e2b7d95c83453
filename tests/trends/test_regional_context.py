"""Regional and global context on country pages: published estimates of the country's
regions and the world, marked as such, never invented for a region without one."""

import html as html_lib
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation

from target87.core import dates
from target87.core.templatetags.platform import percent
from target87.countries.models import Country
from target87.measure import reference_series as rs
from target87.monitoring.models import Indicator, Observation, ObservationStatus
from target87.monitoring.services import load_catalogue
from target87.trends import context
from target87.trends.views import context_section_after, context_section_first

pytestmark = pytest.mark.django_db


def render(func, country, lang="en"):
    request = RequestFactory().get(f"/{lang}/countries/{country.iso3}/")
    with translation.override(lang):
        out = func(request, country)
    return out if out is None else html_lib.unescape(out)


def child_labour_estimates(country):
    topic = next(t for t in context.country_context(country) if t.topic.key == "child-labour")
    return topic, {e.scope: e for e in topic.estimates}


def test_sub_saharan_country_gets_its_region_figure_with_citation():
    country = Country.objects.get(iso3="MDG")
    assert country.sdg_region == "Sub-Saharan Africa"
    latest = rs.latest_figure("child_labour_5_17_percent", region="Sub-Saharan Africa")
    topic, by_scope = child_labour_estimates(country)
    sdg = by_scope["sdg"]
    assert (sdg.area, sdg.year, sdg.rate) == ("Sub-Saharan Africa", latest.year, latest.value)
    assert sdg.citations[0].title == latest.source

    html = render(context_section_first, country)
    assert "Regional and global context" in html
    assert "No figure of its own has been published for Madagascar." in html
    assert "Regional estimate (SDG region)" in html and "Global estimate" in html
    with translation.override("en"):
        shown = percent(latest.value)
        released = dates.format_day(latest.release_date)
    row = html.split("Regional estimate (SDG region)")[1].split("</tr>")[0]
    assert shown in row and str(latest.year) in row
    assert latest.source in row and latest.publisher in row and released in row
    # the world's figure is the global one, not the region's
    world = rs.latest_figure("child_labour_5_17_percent")
    assert by_scope["world"].rate == world.value != sdg.rate


def test_region_without_a_published_figure_shows_nothing_for_it():
    country = Country.objects.get(iso3="EGY")  # Northern Africa and Western Asia
    with pytest.raises(rs.UnknownSeriesError):
        rs.get_series("child_labour_5_17_percent", region=country.sdg_region)
    topic, by_scope = child_labour_estimates(country)
    assert "sdg" not in by_scope
    assert topic.missing == [country.sdg_region]
    html = render(context_section_first, country)
    assert "No published estimate for Northern Africa and Western Asia." in html
    # the ILO region (Africa) still has its own published figure
    assert by_scope["ilo"].area == "Africa"


def test_every_estimate_shown_is_a_published_row():
    published = {(o.series, o.region, o.year, o.value) for o in rs.load_observations()}
    for country in Country.objects.all():
        for topic in context.country_context(country):
            for e in topic.estimates:
                assert e.area in (country.sdg_region, country.ilo_region, "World")
                if e.rate is not None:
                    assert (topic.topic.rate_series, e.area, e.year, e.rate) in published
                if e.number is not None:
                    assert (topic.topic.number_series, e.area, e.year, e.number) in published


def test_with_a_figure_of_its_own_the_section_moves_after_it():
    load_catalogue()
    country = Country.objects.get(iso3="MDG")
    assert render(context_section_after, country) is None
    indicator = Indicator.objects.get(code="CL_PREV_ECON")
    Observation.objects.create(country=country, indicator=indicator, period=2018,
                               value=Decimal("20.1"),
                               status=ObservationStatus.PUBLISHED)
    assert context.has_own_figure(country)
    assert render(context_section_first, country) is None
    html = render(context_section_after, country)
    assert "not figures for Madagascar" in html and "No figure of its own" not in html


def test_a_count_of_identified_victims_is_not_a_figure_of_its_own():
    load_catalogue()
    country = Country.objects.get(iso3="MDG")
    indicator = Indicator.objects.get(code="FL_PREV_VICTIMS")
    Observation.objects.create(country=country, indicator=indicator, period=2019,
                               value=Decimal("412"),
                               status=ObservationStatus.PUBLISHED)
    assert not context.has_own_figure(country)


def test_arabic_isolates_english_titles_and_dates_are_in_arabic():
    country = Country.objects.get(iso3="MDG")
    latest = rs.latest_figure("child_labour_5_17_percent", region="Sub-Saharan Africa")
    html = render(context_section_first, country, lang="ar")
    assert f'<bdi dir="ltr">\u2066{latest.source}\u2069</bdi>' in html
    assert dates.format_day(latest.release_date, language="ar") in html
    assert "Regional and global context" not in html  # translated


@pytest.mark.parametrize("lang", ["fr", "es", "ar", "zh-hans", "ru"])
def test_section_is_translated(lang):
    html = render(context_section_first, Country.objects.get(iso3="MDG"), lang=lang)
    for english in ("Regional estimate (SDG region)", ">Global estimate<", "No figure of its own"):
        assert english not in html


def test_country_page_shows_the_section(client):
    html = client.get("/en/countries/MDG/").content.decode()
    assert 'id="regional-context"' in html
