"""The home page's blocks: the latest global figures (trend, years left, citation), the map of
pathfinder countries by status, upcoming events and the latest good practices; each leaves
itself out when it has nothing to show."""

import datetime as dt

import pytest
from django.utils import timezone

from target87.core import charts, pagecache
from target87.measure import reference_series
from target87.trends import home as trends_home
from target87.trends import services as trends

pytestmark = pytest.mark.django_db


def _series(key):
    return trends.CHARTS[key].reference().observations


def test_latest_global_figures_with_change_since_the_previous_estimate_and_citation(client):
    html = client.get("/en/").content.decode()
    block = html.split('id="home-figures-title"')[1].split("</section>")[0]
    for key in trends_home.HOME_FIGURES:
        observations = _series(key)
        latest, previous = observations[-1], observations[-2]
        assert trends.fmt(latest.value) in block and str(latest.year) in block
        change = trends.fmt(abs(latest.value - previous.value))
        word = "Down" if latest.value < previous.value else "Up"
        assert f"{word} {change} million since {previous.year}" in block
        assert latest.source in block and latest.publisher in block
    # the release date, in the reader's language
    newest = _series("child-labour-number")[-1]
    assert trends_home.release_date(newest.release_date) in block
    assert 'href="/en/trends/"' in block


def test_figures_use_the_latest_release_of_each_year():
    # a year published again by a later edition shows the later figure
    series = reference_series.get_series("child_labour_5_17_number")
    figure = next(f for f in trends_home.latest_figures() if f.key == "child-labour-number")
    assert figure.value == trends.fmt(series.observations[-1].value)
    assert figure.citation.title == series.observations[-1].source


def test_years_left_counted_from_the_date():
    before = {c["year"]: c["text"] for c in trends_home.countdowns(dt.date(2024, 6, 1))}
    assert before == {2025: "1 year left to 2025", 2030: "6 years left to 2030"}
    during = {c["year"]: c["text"] for c in trends_home.countdowns(dt.date(2025, 12, 31))}
    assert during[2025] == "2025 is the target year"
    assert during[2030] == "5 years left to 2030"
    after = {c["year"]: c["left"] for c in trends_home.countdowns(dt.date(2027, 1, 1))}
    assert after == {2025: -2, 2030: 3}
    assert trends_home.countdown_text(2025, dt.date(2027, 1, 1)) == (
        "The 2025 target date has passed")


def test_change_in_words():
    assert trends_home.change_text(-22.4, 2020) == ("down", "Down 22.4 million since 2020")
    assert trends_home.change_text(2.7, 2016) == ("up", "Up 2.7 million since 2016")
    assert trends_home.change_text(0.01, 2016) == ("same", "Unchanged since 2016")


def test_release_dates_of_a_day_or_a_month():
    assert trends_home.release_date("2025-06-11") == "June 11, 2025"
    assert trends_home.release_date("2010-05") == "May 2010"


def test_figures_in_arabic_keep_english_titles_isolated(client):
    html = client.get("/ar/").content.decode()
    block = html.split('id="home-figures-title"')[1].split("</section>")[0]
    title = _series("forced-labour-number")[-1].source
    assert f'<cite lang="en" dir="ltr">{title}</cite>' in block
    assert "<bdi" in block


def test_no_figures_no_block(monkeypatch, rf):
    monkeypatch.setattr(trends_home, "HOME_FIGURES", ())
    assert trends_home.figures_section(rf.get("/en/")) is None


def _pathfinders(*statuses):
    from target87.countries.models import Country
    from target87.pathfinders.models import PathfinderCountry

    countries = Country.objects.order_by("iso3")[: len(statuses)]
    return [PathfinderCountry.objects.create(country=c, status=s)
            for c, s in zip(countries, statuses, strict=True)]


def test_pathfinder_map_block_counts_statuses_and_links_the_map(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    charts._svg.cache_clear()
    _pathfinders("active", "active", "workshop_held")
    html = client.get("/en/").content.decode()
    block = html.split('id="home-pathfinders-title"')[1].split("</section>")[0]
    assert 'src="/en/pathfinders/map.svg"' in block and "World map of the 3 countries" in block
    assert 'href="/en/pathfinders/?status=active">Pathfinder country</a>: 2' in block
    assert 'href="/en/pathfinders/?status=workshop_held">Workshop held</a>: 1' in block
    assert "Withdrawn" not in block  # a status without countries is not listed
    image = client.get("/en/pathfinders/map.svg")
    assert image.status_code == 200 and image.content.startswith(b"<svg")
    assert client.get("/en/pathfinders/map.gif").status_code == 404


def test_no_pathfinder_no_map(client):
    html = client.get("/en/").content.decode()
    assert "home-pathfinders-title" not in html
    assert client.get("/en/pathfinders/map.svg").status_code == 404


def _event(title, start, end=None, **extra):
    from target87.knowledge.models import Event

    return Event.objects.create(title=title, start_date=start, end_date=end or start,
                                kind="conference", is_published=extra.pop("is_published", True),
                                **extra)


def test_events_upcoming_first_then_recent_by_the_one_rule(rf):
    from target87.knowledge import home

    today = dt.date(2030, 5, 10)
    _event("Old", dt.date(2029, 1, 1))
    _event("Last week", dt.date(2030, 5, 1), dt.date(2030, 5, 3))
    _event("Ends today", dt.date(2030, 5, 8), dt.date(2030, 5, 10))
    _event("Next month", dt.date(2030, 6, 1))
    _event("Draft", dt.date(2030, 6, 2), is_published=False)
    upcoming, past = home.home_events(today)
    assert [e.title for e in upcoming] == ["Ends today", "Next month"]
    assert [e.title for e in past] == ["Last week", "Old"]
    html = home.events_section(rf.get("/en/"), today)
    assert html.index("Ends today") < html.index("Next month") < html.index("Last week")
    assert "No upcoming event is scheduled." not in html


def test_events_none_upcoming_says_so(rf):
    from target87.knowledge import home

    _event("Long ago", dt.date(2019, 6, 12))
    html = home.events_section(rf.get("/en/"), dt.date(2026, 1, 1))
    assert "No upcoming event is scheduled." in html and "Long ago" in html


def test_no_events_no_block(rf):
    from target87.knowledge import home

    assert home.events_section(rf.get("/en/")) is None


def _practice(slug, status="published", published_at=None):
    from target87.knowledge.models import GoodPractice

    return GoodPractice.objects.create(
        slug=slug, title=slug.replace("-", " ").title(), summary="A summary.",
        sector="agriculture", theme="child_labour", level="national", status=status,
        published_at=published_at)


def test_latest_good_practices_newest_first_published_only(rf):
    from target87.knowledge import home

    now = timezone.now()
    _practice("older-practice", published_at=now - dt.timedelta(days=30))
    _practice("newer-practice", published_at=now - dt.timedelta(days=1))
    _practice("draft-practice", status="draft")
    assert [p.slug for p in home.latest_practices()] == ["newer-practice", "older-practice"]
    html = home.practices_section(rf.get("/en/"))
    assert html.index("Newer Practice") < html.index("Older Practice")
    assert "Draft Practice" not in html


def test_no_practice_no_block(rf):
    from target87.knowledge import home

    assert home.practices_section(rf.get("/en/")) is None


def test_sections_are_registered_and_empty_ones_left_out(rf, monkeypatch):
    from target87.core import home

    keys = [key for _order, key, _func in home._SECTIONS]
    assert keys == ["figures", "pathfinder-map", "events", "practices"]
    monkeypatch.setattr(home, "_SECTIONS", [(1, "empty", lambda request: None),
                                            (2, "full", lambda request: "<p>x</p>")])
    assert [key for key, _html in home.home_sections(rf.get("/en/"))] == ["full"]


@pytest.mark.parametrize("language", ["fr", "es", "ar", "zh-hans", "ru"])
def test_home_blocks_translated(client, language):
    from django.utils import translation

    with translation.override(language):
        heading = translation.gettext("The latest global estimates")
        countdown = trends_home.countdown_text(2030, dt.date(2026, 6, 1))
    assert heading != "The latest global estimates" and "2030" in countdown
    html = client.get(f"/{language}/").content.decode()
    assert heading in html


def test_warm_up_draws_the_home_map(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.LANGUAGES = [("en", "English"), ("ar", "Arabic")]
    charts._svg.cache_clear()
    _pathfinders("active", "expression_of_interest")
    from django.test import Client

    page = Client().get("/en/").content.decode()
    assert "/en/pathfinders/map.svg" in pagecache.chart_images(page)
    pagecache.warm_public_pages()
    drawn = {p.name for p in charts.rendered_dir().glob("*.svg")}
    # the map the home page links to is in the store: serving it draws nothing new
    charts._svg.cache_clear()
    for language in ("en", "ar"):
        assert Client().get(f"/{language}/pathfinders/map.svg").status_code == 200
    assert {p.name for p in charts.rendered_dir().glob("*.svg")} == drawn


def test_chart_images_of_a_page():
    page = ('<img src="/en/pathfinders/map.svg" alt="a"><img alt="b" src="/static/x.svg">'
            '<img class="c" src="/en/knowledge/compare/chart.svg?c=NPL&amp;i=X" alt="">'
            '<img src="/en/pathfinders/map.svg" alt="again">')
    assert pagecache.chart_images(page) == ["/en/pathfinders/map.svg",
                                            "/en/knowledge/compare/chart.svg?c=NPL&i=X"]
