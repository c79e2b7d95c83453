import datetime as dt
from decimal import Decimal

import pytest

from target87.pathfinders.models import (
    Benchmark,
    NationalPriority,
    NextStep,
    PathfinderCountry,
    RoadmapAction,
    StatusTransition,
    Workshop,
)


@pytest.fixture
def pathfinders(country, other_country):
    npl = PathfinderCountry.objects.create(country=country, status="active",
                                           focal_point_name="A. Sharma")
    PathfinderCountry.objects.create(country=other_country, status="workshop_held")
    StatusTransition.objects.create(pathfinder=npl, from_status="", to_status="prospective",
                                    source="seed 004")
    StatusTransition.objects.create(
        pathfinder=npl, from_status="prospective", to_status="expression_of_interest",
        date=dt.date(2018, 5, 1), source="seed 004",
        document="pathfinders/NPL/transitions/letter.pdf")
    Workshop.objects.create(country=country, status="planned", start_date=dt.date(2017, 1, 5))
    Workshop.objects.create(country=country, status="held", start_date=dt.date(2018, 9, 10),
                            end_date=dt.date(2018, 9, 11))
    Workshop.objects.create(country=country, status="planned", start_date=dt.date(2030, 1, 1))
    p1 = NationalPriority.objects.create(country=country, title="Child labour survey", order=1)
    p2 = NationalPriority.objects.create(country=country, title="Labour inspection", order=2)
    a1 = RoadmapAction.objects.create(priority=p1, title="Run the survey", status="done",
                                      resources_required=Decimal("100"),
                                      resources_available=Decimal("40"), currency="USD")
    Benchmark.objects.create(action=a1, year=2021, description="Fieldwork done", achieved=True)
    RoadmapAction.objects.create(priority=p1, title="Publish", status="in_progress",
                                 resources_required=Decimal("5000"), currency="NPR")
    RoadmapAction.objects.create(priority=p2, title="Train inspectors", status="not_started",
                                 resources_required=Decimal("30"),
                                 resources_available=Decimal("50"), currency="USD")
    RoadmapAction.objects.create(priority=p2, title="Dropped idea", status="dropped",
                                 resources_required=Decimal("999"), currency="USD")
    NextStep.objects.create(country=country, text="Validate the plan", done=True, order=1)
    NextStep.objects.create(country=country, text="Hold the survey", order=2)
    return npl


def test_list_has_status_region_workshop_and_priorities(get, pathfinders):
    data = get("/api/pathfinders/")
    assert data["count"] == 2
    by_iso = {row["iso3"]: row for row in data["items"]}
    npl = by_iso["NPL"]
    assert npl["status"] == "active"
    assert npl["status_label"] == "Pathfinder country"
    assert npl["region"] == "Asia and the Pacific"
    assert npl["priorities"] == 2
    # the latest workshop held, not the later planned one
    assert npl["workshop"]["status"] == "held"
    assert npl["workshop"]["start_date"] == "2018-09-10"
    assert npl["workshop"]["end_date"] == "2018-09-11"
    assert npl["url"].endswith("/pathfinders/NPL/")
    assert by_iso["MDG"]["priorities"] == 0
    assert by_iso["MDG"]["workshop"] is None


def test_list_filters_and_paginates(get, pathfinders):
    assert [r["iso3"] for r in get("/api/pathfinders/", {"status": "active"})["items"]] == ["NPL"]
    assert [r["iso3"] for r in get("/api/pathfinders/", {"region": "Africa"})["items"]] == ["MDG"]
    page = get("/api/pathfinders/", {"limit": 1, "offset": 1})
    assert page["count"] == 2 and [r["iso3"] for r in page["items"]] == ["NPL"]


def test_list_refuses_unknown_status_and_region(get, pathfinders):
    assert "status" in get("/api/pathfinders/", {"status": "famous"}, status=400)["detail"]
    assert "region" in get("/api/pathfinders/", {"region": "Mars"}, status=400)["detail"]


def test_detail_is_the_e_report(get, pathfinders):
    data = get("/api/pathfinders/npl")
    assert data["iso3"] == "NPL" and data["focal_point"]["name"] == "A. Sharma"
    assert [t["to_status"] for t in data["status_history"]] == [
        "prospective", "expression_of_interest"]
    assert data["status_history"][0]["document"] is None
    assert data["status_history"][1]["document"].endswith(
        "/media/pathfinders/NPL/transitions/letter.pdf")
    assert all("user" not in t for t in data["status_history"])
    titles = [p["title"] for p in data["priority_list"]]
    assert titles == ["Child labour survey", "Labour inspection"]
    first = data["priority_list"][0]
    assert [a["status"] for a in first["actions"]] == ["done", "in_progress"]
    assert first["actions"][0]["benchmarks"] == [
        {"year": 2021, "description": "Fieldwork done", "achieved": True}]
    assert Decimal(first["actions"][0]["resources_gap"]) == Decimal("60")
    # amounts in different currencies are never added; dropped actions are left out
    gap = {g["currency"]: g for g in data["funding_gap"]}
    assert set(gap) == {"NPR", "USD"}
    assert Decimal(gap["USD"]["required"]) == Decimal("130")
    assert Decimal(gap["USD"]["available"]) == Decimal("90")
    assert Decimal(gap["USD"]["gap"]) == Decimal("60")
    assert Decimal(gap["NPR"]["gap"]) == Decimal("5000")
    assert data["roadmap_progress"]["done"] == 1 and data["roadmap_progress"]["dropped"] == 1
    assert data["roadmap_progress"]["done_percent"] == pytest.approx(100 / 3)
    assert data["next_steps"] == [{"text": "Validate the plan", "done": True},
                                  {"text": "Hold the survey", "done": False}]


def test_detail_of_a_country_that_is_no_pathfinder_is_404(get, pathfinders):
    get("/api/pathfinders/FRA", status=404)
    get("/api/pathfinders/XXX", status=404)


def test_history_rows_the_public_may_not_see_are_left_out(get, pathfinders, monkeypatch):
    monkeypatch.setattr(StatusTransition, "is_public", lambda self: False)
    data = get("/api/pathfinders/NPL")
    assert data["status_history"] == []


def test_a_planned_workshop_is_not_reported_as_the_workshop(get, pathfinders, client,
                                                             other_country):
    """The API follows the pathfinder page: a country with only planned, postponed or
    cancelled workshops has held none, so its workshop is null."""
    for status, day in (("planned", dt.date(2031, 5, 1)), ("cancelled", dt.date(2020, 4, 1)),
                        ("postponed", dt.date(2020, 3, 1))):
        Workshop.objects.create(country=other_country, status=status, start_date=day)
    assert get("/api/pathfinders/MDG")["workshop"] is None
    by_iso = {row["iso3"]: row for row in get("/api/pathfinders/")["items"]}
    assert by_iso["MDG"]["workshop"] is None
    html = client.get("/en/pathfinders/MDG/").content.decode()
    assert 'id="no-workshop-held"' in html
    # once one is held it is the one reported, as on the page
    Workshop.objects.create(country=other_country, status="held", start_date=dt.date(2019, 6, 3))
    assert get("/api/pathfinders/MDG")["workshop"]["start_date"] == "2019-06-03"
    html = client.get("/en/pathfinders/MDG/").content.decode()
    assert 'id="no-workshop-held"' not in html
