"""The world map colours countries without a figure of their own by their region's
estimate, in a colour and legend of its own, and says so on the page."""

import pytest

from target87.countries.models import Country, UNStatus
from target87.knowledge import charts, indicators
from target87.measure import reference_series as rs
from target87.trends.context import regional_map_estimates


def _layers(spec):
    return [layer for layer in spec["layer"] if "encoding" in layer]


def test_spec_colours_only_countries_without_their_own_value():
    spec = charts.world_map_spec({524: 15.3}, "Map", "Own", regional={524: 5.5, 450: 21.5},
                                 regional_legend="Region")
    regional, own = _layers(spec)
    regional_ids = [r["id"] for r in regional["transform"][0]["from"]["data"]["values"]]
    assert regional_ids == [450]  # Nepal has its own value: never coloured by its region
    assert regional["encoding"]["color"]["title"] == "Region"
    assert own["encoding"]["color"]["title"] == "Own"
    assert regional["encoding"]["color"]["scale"] != own["encoding"]["color"]["scale"]
    assert spec["resolve"]["scale"]["color"] == "independent"


def test_spec_without_regional_values_is_unchanged_in_kind():
    spec = charts.world_map_spec({524: 15.3}, "Map", "Own")
    assert len(_layers(spec)) == 1 and "resolve" not in spec


@pytest.mark.django_db
def test_each_country_takes_its_sdg_region_else_its_ilo_region():
    countries = list(Country.objects.filter(un_status=UNStatus.MEMBER))
    found = regional_map_estimates(countries)
    mdg, egy = found["MDG"], found["EGY"]
    assert (mdg.scope, mdg.area) == ("sdg", "Sub-Saharan Africa")
    assert mdg.rate == rs.latest_figure("child_labour_5_17_percent",
                                        region="Sub-Saharan Africa").value
    # no published figure for Northern Africa and Western Asia: Egypt takes Africa's
    assert (egy.scope, egy.area) == ("ilo", "Africa")
    for country in countries:
        est = found.get(country.iso3)
        if est is not None:
            assert est.area in (country.sdg_region, country.ilo_region)


def test_overview_says_the_map_is_coloured_by_region(seeded, client, monkeypatch):
    point = indicators.Point(value=15.3, year=2017, source="NCLS 2017", status="published")
    monkeypatch.setattr(
        indicators,
        "latest",
        lambda country, code=indicators.PREVALENCE_CODE: point if country.iso3 == "NPL" else None,
    )
    response = client.get("/en/knowledge/")
    html = response.content.decode().replace("&#x27;", "'")
    note = "Countries coloured by their region's estimate: no country figure"
    assert note in html
    assert "countries coloured by their region's estimate, in blue" in html  # alt text
    rows = {r["estimate"].area: r for r in response.context["regional_rows"]}
    members = Country.objects.filter(un_status=UNStatus.MEMBER)
    central = members.filter(sdg_region="Central and Southern Asia").count()
    # Nepal has its own figure, so its region colours one country fewer
    assert rows["Central and Southern Asia"]["countries"] == central - 1
    ssa = rows["Sub-Saharan Africa"]["estimate"]
    assert f"{ssa.rate}%" in html and ssa.citations[0].title in html
    svg = client.get("/en/knowledge/charts/world-prevalence.svg").content.decode()
    assert note.replace("'", "&apos;") in svg or note.replace("'", "&#39;") in svg or note in svg


def test_arabic_overview_translates_the_note(seeded, client):
    html = client.get("/ar/knowledge/").content.decode()
    assert "no country figure" not in html
    assert "map-regional-note" in html


@pytest.mark.django_db(transaction=True)
def test_a_figure_published_after_the_map_was_drawn_colours_it_at_once(monkeypatch):
    from django.core.cache import cache

    from target87.core.versions import bump_content_version

    cache.clear()
    countries = list(Country.objects.filter(iso3__in=["NPL", "MDG"]))
    published = {}
    monkeypatch.setattr(indicators, "latest",
                        lambda country, code=indicators.PREVALENCE_CODE:
                        published.get(country.iso3))
    assert indicators.latest_by_country(countries) == {}
    published["NPL"] = indicators.Point(value=15.3, year=2017, source="NCLS 2017",
                                        status="published")
    assert indicators.latest_by_country(countries) == {}  # same content: from the cache
    bump_content_version()  # what publishing the figure does once it is committed
    assert set(indicators.latest_by_country(countries)) == {"NPL"}
    cache.clear()
