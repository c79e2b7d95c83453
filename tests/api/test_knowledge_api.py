import datetime as dt

import pytest
from django.utils import timezone

from target87.knowledge.models import (
    Event,
    GoodPractice,
    LabourLaw,
    PracticeTranslation,
    Publication,
)
from target87.partnership.models import Partner


def _practice(slug, title, status="published", countries=(), **extra):
    fields = {"summary": f"{title}: what was done.", "sector": "agriculture",
              "theme": "child_labour", "level": "national", "status": status,
              "published_at": timezone.now() if status == "published" else None}
    fields.update(extra)
    practice = GoodPractice.objects.create(slug=slug, title=title, **fields)
    practice.countries.set(countries)
    return practice


@pytest.fixture
def practices(country, other_country):
    cocoa = _practice("cocoa-monitoring", "Cocoa community monitoring", sector="cocoa",
                      countries=[country], links="https://example.org/a\nhttps://example.org/b")
    PracticeTranslation.objects.create(practice=cocoa, language="fr",
                                       title="Surveillance communautaire du cacao",
                                       summary="Villages qui surveillent le travail des enfants.")
    _practice("fishing-inspection", "Fishing vessel inspection", sector="fishing",
              theme="forced_labour", countries=[other_country])
    _practice("zz-cocoa-draft", "Cocoa draft not yet reviewed", status="draft", sector="cocoa")
    _practice("cocoa-submitted", "Cocoa submitted practice", status="submitted", sector="cocoa")
    _practice("cocoa-rejected", "Cocoa rejected practice", status="rejected", sector="cocoa")
    return cocoa


def test_practices_published_only_by_title(get, practices):
    data = get("/api/practices/")
    assert data["count"] == 2
    assert [p["slug"] for p in data["items"]] == ["cocoa-monitoring", "fishing-inspection"]
    cocoa = data["items"][0]
    assert cocoa["countries"] == ["NPL"] and cocoa["sector"] == "cocoa"
    assert cocoa["links"] == ["https://example.org/a", "https://example.org/b"]
    assert cocoa["translations"][0]["language"] == "fr"
    assert cocoa["url"].endswith("/cocoa-monitoring/")


def test_practice_search_uses_the_knowledge_index(get, practices):
    assert [p["slug"] for p in get("/api/practices/", {"q": "cocoa"})["items"]] == [
        "cocoa-monitoring"]
    # French words of the translation, country names in other languages, prefixes
    assert [p["slug"] for p in get("/api/practices/", {"q": "cacao"})["items"]] == [
        "cocoa-monitoring"]
    assert [p["slug"] for p in get("/api/practices/", {"q": "Népal"})["items"]] == [
        "cocoa-monitoring"]
    assert [p["slug"] for p in get("/api/practices/", {"q": "fish"})["items"]] == [
        "fishing-inspection"]
    assert get("/api/practices/", {"q": "draft reviewed"})["count"] == 0
    # operators of either engine are plain words here
    assert [p["slug"] for p in get("/api/practices/", {"q": "cocoa OR \" * :"})["items"]] == [
        "cocoa-monitoring"]


def test_practice_filters(get, practices):
    assert [p["slug"] for p in get("/api/practices/", {"sector": "fishing"})["items"]] == [
        "fishing-inspection"]
    assert [p["slug"] for p in get("/api/practices/", {"theme": "forced_labour"})["items"]] == [
        "fishing-inspection"]
    assert [p["slug"] for p in get("/api/practices/", {"country": "npl"})["items"]] == [
        "cocoa-monitoring"]
    assert get("/api/practices/", {"q": "cocoa", "country": "MDG"})["count"] == 0
    page = get("/api/practices/", {"limit": 1, "offset": 1})
    assert page["count"] == 2 and [p["slug"] for p in page["items"]] == ["fishing-inspection"]
    assert "sector" in get("/api/practices/", {"sector": "tea"}, status=400)["detail"]
    assert "country" in get("/api/practices/", {"country": "QQQ"}, status=400)["detail"]


@pytest.fixture
def events(country, other_country):
    def event(title, start, end, published=True, countries=(), kind="meeting"):
        e = Event.objects.create(title=title, kind=kind, start_date=start, end_date=end,
                                 is_published=published, url="https://example.org/e")
        e.countries.set(countries)
        return e

    event("GCG meeting", dt.date(2020, 5, 5), dt.date(2020, 5, 6), countries=[country])
    event("Global conference", dt.date(2022, 5, 15), dt.date(2022, 5, 20), kind="conference")
    event("Regional forum", dt.date(2023, 2, 1), dt.date(2023, 2, 1), countries=[other_country],
          kind="forum")
    event("Unpublished planning call", dt.date(2022, 5, 16), dt.date(2022, 5, 16),
          published=False, countries=[country])


def test_events_published_only_with_date_and_country_filters(get, events):
    data = get("/api/events/")
    assert [e["title"] for e in data["items"]] == [
        "GCG meeting", "Global conference", "Regional forum"]
    assert data["items"][0]["countries"] == ["NPL"]
    assert data["items"][0]["link"] == "https://example.org/e"
    assert "/events/" in data["items"][0]["url"]

    def titles(**params):
        return [e["title"] for e in get("/api/events/", params)["items"]]

    assert titles(**{"from": "2022-05-18"}) == ["Global conference", "Regional forum"]
    assert titles(**{"to": "2022-05-15"}) == ["GCG meeting", "Global conference"]
    assert titles(**{"from": "2021-01-01", "to": "2022-12-31"}) == ["Global conference"]
    assert titles(country="NPL") == ["GCG meeting"]
    assert titles(kind="forum") == ["Regional forum"]
    assert get("/api/events/", {"limit": 2})["count"] == 3


def test_event_filters_refused(get, client, events):
    assert "from" in get("/api/events/", {"from": "2023-01-01", "to": "2022-01-01"},
                         status=400)["detail"]
    assert "kind" in get("/api/events/", {"kind": "party"}, status=400)["detail"]
    response = client.get("/api/events/", {"from": "last week"})
    assert response.status_code == 400 and "from" in str(response.json()["detail"])


def test_publications_and_laws_published_only(get, country, other_country):
    report = Publication.objects.create(title="Global estimates 2021", kind="report", year=2022)
    report.countries.set([country])
    Publication.objects.create(title="Toolkit", kind="toolkit", year=2019)
    Publication.objects.create(title="Withdrawn draft", kind="report", year=2023,
                               is_published=False)
    data = get("/api/publications/")
    assert [p["title"] for p in data["items"]] == ["Global estimates 2021", "Toolkit"]
    assert data["items"][0]["countries"] == ["NPL"]
    assert [p["title"] for p in get("/api/publications/", {"kind": "toolkit"})["items"]] == [
        "Toolkit"]
    assert [p["title"] for p in get("/api/publications/", {"year": 2022})["items"]] == [
        "Global estimates 2021"]
    assert get("/api/publications/", {"country": "NPL"})["count"] == 1
    assert "kind" in get("/api/publications/", {"kind": "novel"}, status=400)["detail"]

    LabourLaw.objects.create(country=country, title="Child Labour Act", topic="child_labour",
                             year_adopted=2000)
    LabourLaw.objects.create(country=other_country, title="Trafficking Law",
                             topic="human_trafficking", year_adopted=2014)
    LabourLaw.objects.create(country=country, title="Bill under review", topic="forced_labour",
                             is_published=False)
    laws = get("/api/laws/")
    assert [(law["country"], law["title"]) for law in laws["items"]] == [
        ("MDG", "Trafficking Law"), ("NPL", "Child Labour Act")]
    assert [law["title"] for law in get("/api/laws/", {"country": "NPL"})["items"]] == [
        "Child Labour Act"]
    assert get("/api/laws/", {"topic": "human_trafficking"})["count"] == 1
    assert "topic" in get("/api/laws/", {"topic": "tax"}, status=400)["detail"]


def test_partners_published_only(get, country):
    Partner.objects.create(name="Workers United", partner_type="workers_organisation",
                           country=country, joined=dt.date(2018, 1, 1))
    Partner.objects.create(name="Global Employers", partner_type="employers_business")
    Partner.objects.create(name="Hidden NGO", partner_type="civil_society", is_published=False)
    data = get("/api/partners/")
    assert [p["name"] for p in data["items"]] == ["Global Employers", "Workers United"]
    assert data["items"][1] == {"name": "Workers United", "partner_type": "workers_organisation",
                                "country": "NPL", "website": "", "joined": "2018-01-01"}
    assert get("/api/partners/", {"country": "NPL"})["count"] == 1
    assert get("/api/partners/", {"partner_type": "employers_business"})["count"] == 1
    assert get("/api/partners/", {"q": "united"})["count"] == 1
    assert get("/api/partners/", {"q": "hidden"})["count"] == 0
    page = get("/api/partners/", {"limit": 1, "offset": 1})
    assert [p["name"] for p in page["items"]] == ["Workers United"] and page["count"] == 2
    assert "partner_type" in get("/api/partners/", {"partner_type": "x"}, status=400)["detail"]
