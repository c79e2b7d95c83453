import datetime as dt

import pytest

from target87.pathfinders.models import (
    LessonLearnt,
    NationalPriority,
    NextStep,
    PathfinderCountry,
    PathfinderStatus,
    Workshop,
)
from target87.pathfinders.reference import load_pathfinder_data

S = PathfinderStatus
EOI = {"ALB", "CHL", "CRI", "CIV", "ETH", "FJI", "GHA", "GTM", "HND", "MDG", "MWI", "MRT",
       "MEX", "MAR", "NPL", "NGA", "PER", "LKA", "TUN", "UGA", "VNM"}
# seed 004, "Countries where national strategic planning workshops took place ..."
DATES = {
    "MDG": ("2018-10-25", None), "NGA": ("2019-05-09", None), "UGA": ("2019-04-17", None),
    "MRT": ("2019-03-04", None), "TUN": ("2019-03-28", None), "ETH": ("2019-12-20", None),
    "MWI": ("2020-03-26", None), "CHL": ("2019-03-28", None),
    "MEX": ("2019-09-24", "2019-09-25"), "PER": ("2019-09-12", "2019-09-13"),
    "NPL": ("2019-02-07", None), "VNM": ("2019-05-24", None),
    "FJI": ("2019-08-22", "2019-08-23"), "ALB": ("2019-04-12", None),
}


@pytest.fixture
def seeded(db):
    first = load_pathfinder_data()
    return first


def test_loading_twice_changes_nothing_the_second_time(seeded):
    assert seeded > 0
    assert load_pathfinder_data() == 0


def test_the_21_countries_of_seed_004(seeded):
    assert set(PathfinderCountry.objects.values_list("country__iso3", flat=True)) == EOI
    assert not PathfinderCountry.objects.filter(status=S.PROSPECTIVE).exists()
    assert all("7th Global Coordinating Group Meeting: briefing pack, 19 May 2020" in p.source
               for p in PathfinderCountry.objects.all())


def test_workshop_dates_and_regions(seeded):
    for iso3, (start, end) in DATES.items():
        ws = Workshop.objects.get(country__iso3=iso3, start_date__isnull=False)
        assert ws.start_date == dt.date.fromisoformat(start), iso3
        assert ws.end_date == (dt.date.fromisoformat(end) if end else None), iso3
        assert ws.region == ws.country.ilo_region, iso3
    malawi = Workshop.objects.get(country__iso3="MWI")
    assert malawi.status == "postponed"
    assert Workshop.objects.filter(status="held").count() == 13


def test_statuses_follow_the_documents(seeded):
    status = dict(PathfinderCountry.objects.values_list("country__iso3", "status"))
    assert {k for k, v in status.items() if v == S.ACTIVE} == {"MDG", "NPL", "MRT", "CHL"}
    assert status["MWI"] == S.EXPRESSION_OF_INTEREST
    assert status["GTM"] == S.EXPRESSION_OF_INTEREST
    assert status["FJI"] == S.WORKSHOP_HELD
    madagascar = PathfinderCountry.objects.get(country__iso3="MDG")
    assert [t.to_status for t in madagascar.transitions.order_by("id")] == [
        S.EXPRESSION_OF_INTEREST, S.WORKSHOP_HELD, S.REPORTED_TO_GCG, S.ACTIVE]
    assert "Oct. 2018" in madagascar.transitions.last().note


def test_priorities_next_steps_and_lessons(seeded):
    def count(iso3):
        return NationalPriority.objects.filter(country__iso3=iso3).count()

    assert {iso3: count(iso3) for iso3 in
            ["MDG", "NPL", "MRT", "CHL", "UGA", "ALB", "NGA", "VNM", "MEX"]} == {
        "MDG": 4, "NPL": 9, "MRT": 5, "CHL": 5, "UGA": 9, "ALB": 8, "NGA": 11, "VNM": 11,
        "MEX": 4}
    mexico = list(NationalPriority.objects.filter(country__iso3="MEX").values_list(
        "title", flat=True))
    assert mexico[0] == "Knowledge generation"
    assert mexico[3] == "Supply Chains and the modernisation of inspection protocols"
    fiji = NextStep.objects.filter(country__iso3="FJI")
    assert fiji.filter(done=True).count() == 4
    assert fiji.filter(done=False).count() == 7
    assert LessonLearnt.objects.count() == 8
    assert all(p.source.startswith("Alliance 8.7, ") for p in NationalPriority.objects.all())
    assert all(s.source.startswith("Alliance 8.7, Global Progress and Good Practices")
               for s in NextStep.objects.all())
