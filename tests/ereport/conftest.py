import datetime as dt
from decimal import Decimal

import pytest

from target87.countries.models import Country
from target87.monitoring.models import (
    Indicator,
    Observation,
    ObservationStatus,
    Questionnaire,
    ReportingCycle,
)
from target87.monitoring.services import load_catalogue
from target87.pathfinders.models import NationalPriority, PathfinderCountry, RoadmapAction
from target87.pledges import services as pledges


@pytest.fixture
def cycle_2020(db, secretariat):
    """Nepal approved, Madagascar only submitted; published and draft values; roadmaps in
    two currencies; one reviewed pledge of the IV Global Conference."""
    load_catalogue()
    nepal, madagascar = Country.objects.get(iso3="NPL"), Country.objects.get(iso3="MDG")
    PathfinderCountry.objects.create(country=nepal, status="active")
    PathfinderCountry.objects.create(country=madagascar, status="workshop_held")
    cycle = ReportingCycle.objects.create(year=2020, opens_on=dt.date(2020, 3, 1),
                                          deadline=dt.date(2020, 5, 31))
    now = dt.datetime(2020, 5, 2, tzinfo=dt.UTC)
    Questionnaire.objects.create(cycle=cycle, country=nepal, status="approved", submitted_at=now,
                                 answers={"q3_highlights": "Nepal adopted its master plan",
                                          "q1_lessons": "Start with the labour inspectorate"})
    Questionnaire.objects.create(cycle=cycle, country=madagascar, status="submitted",
                                 submitted_at=now,
                                 answers={"q3_highlights": "Madagascar draft not yet approved"})
    victims = Indicator.objects.get(code="FL_PREV_VICTIMS")
    Observation.objects.create(country=nepal, indicator=victims, period=2019,
                               value=Decimal("412"), status=ObservationStatus.PUBLISHED)
    Observation.objects.create(country=madagascar, indicator=victims, period=2019,
                               value=Decimal("98765"), status=ObservationStatus.DRAFT)
    priority = NationalPriority.objects.create(country=nepal,
                                               title="End child labour in brick kilns")
    RoadmapAction.objects.create(priority=priority, title="Inspect kilns", currency="USD",
                                 resources_required=Decimal("100000"),
                                 resources_available=Decimal("40000"), status="in_progress")
    other = NationalPriority.objects.create(country=madagascar, title="Vanilla supply chain")
    RoadmapAction.objects.create(priority=other, title="Map farms", currency="USD",
                                 resources_required=Decimal("50000"), status="done")
    RoadmapAction.objects.create(priority=other, title="Train inspectors", currency="EUR",
                                 resources_required=Decimal("20000"),
                                 resources_available=Decimal("5000"))
    pledges.load_events()
    from target87.pledges.models import PledgeEvent

    iv = PledgeEvent.objects.get(slug=pledges.IV_GLOBAL_CONFERENCE)
    pledge = pledges.record_pledge(secretariat, event=iv, country=nepal, theme="child_labour",
                                   text="Ratify the Forced Labour Protocol",
                                   date=dt.date(2017, 11, 15))
    pledges.add_review(secretariat, pledge, date=dt.date(2020, 4, 1), status="achieved",
                       evidence="Ratified")
    pledges.record_pledge(secretariat, event=iv, country=madagascar, theme="child_labour",
                          text="Unpublished pledge text", date=dt.date(2017, 11, 15),
                          is_published=False)
    return cycle
