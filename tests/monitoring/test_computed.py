"""Implementation indicators computed from the roadmap and support records (seed 004 annex)."""

import datetime
from decimal import Decimal

from target87.monitoring.models import SupportActivity
from target87.monitoring.services import compute_implementation_indicators


def _roadmap(country):
    from target87.pathfinders.models import Benchmark, NationalPriority, RoadmapAction

    p1 = NationalPriority.objects.create(country=country, title="Child labour free municipalities")
    p2 = NationalPriority.objects.create(country=country, title="Labour inspection")
    a1 = RoadmapAction.objects.create(
        priority=p1,
        title="Declare 10 municipalities",
        status="done",
        resources_required=100000,
        resources_available=60000,
        currency="USD",
    )
    a2 = RoadmapAction.objects.create(
        priority=p1,
        title="Train inspectors",
        status="in_progress",
        resources_required=50000,
        resources_available=20000,
        currency="USD",
    )
    RoadmapAction.objects.create(
        priority=p2,
        title="Survey",
        status="not_started",
        resources_required=900000,
        resources_available=300000,
        currency="NPR",
    )
    RoadmapAction.objects.create(
        priority=p2,
        title="Abandoned pilot",
        status="dropped",
        resources_available=5000,
        currency="USD",
    )
    Benchmark.objects.create(action=a1, year=2019, description="5 municipalities", achieved=True)
    Benchmark.objects.create(action=a1, year=2020, description="10 municipalities", achieved=False)
    Benchmark.objects.create(action=a2, year=2020, description="100 inspectors", achieved=True)
    Benchmark.objects.create(action=a2, year=2021, description="200 inspectors", achieved=True)


def test_without_roadmap(catalogue, country):
    values = compute_implementation_indicators(country, 2020)
    assert values["IMP_ROADMAP_DEVELOPED"].value is False
    assert values["IMP_ACTIVITIES_IMPLEMENTED"].value is None  # no data, never 0%
    assert values["IMP_TARGETS_ACHIEVED"].value is None
    assert values["IMP_RESOURCES_ALLOCATED"].value is None


def test_from_roadmap(catalogue, country, other_country):
    _roadmap(country)
    _roadmap(other_country)  # another country's roadmap never counts
    values = compute_implementation_indicators(country, 2020)
    assert values["IMP_ROADMAP_DEVELOPED"].value is True
    # 1 done of 3 actions not dropped
    assert values["IMP_ACTIVITIES_IMPLEMENTED"].value == Decimal("33.3")
    # benchmarks due by 2020: 3, achieved 2 (the 2021 one is not due yet)
    assert values["IMP_TARGETS_ACHIEVED"].value == Decimal("66.7")
    assert values["IMP_RESOURCES_ALLOCATED"].value == {
        "NPR": Decimal("300000"),
        "USD": Decimal("80000"),
    }
    assert values["IMP_RESOURCES_DISBURSED"].value == {"USD": Decimal("80000")}
    assert compute_implementation_indicators(country, 2019)[
        "IMP_TARGETS_ACHIEVED"
    ].value == Decimal("100.0")


def test_support_to_other_countries(catalogue, country):
    SupportActivity.objects.create(
        country=country,
        kind="sponsoring",
        level="regional",
        description="Regional meeting",
        date=datetime.date(2019, 11, 5),
    )
    SupportActivity.objects.create(
        country=country,
        kind="action_group",
        level="global",
        description="Migration action group",
        date=datetime.date(2020, 2, 1),
    )
    SupportActivity.objects.create(
        country=country,
        kind="action_group",
        level="global",
        description="Supply chains action group",
        date=datetime.date(2021, 2, 1),
    )
    values = compute_implementation_indicators(country, 2020)
    assert values["IMP_SUPPORT_SPONSORING"].value == 1
    assert values["IMP_SUPPORT_ACTION_GROUP"].value == 1
    assert values["IMP_SUPPORT_KNOWLEDGE"].value == 0
