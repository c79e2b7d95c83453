import pytest

from target87.monitoring.services import load_catalogue


@pytest.fixture
def catalogue(db):
    load_catalogue()


@pytest.fixture
def pathfinder(country):
    """Nepal as an active pathfinder country."""
    from target87.pathfinders.models import PathfinderCountry

    return PathfinderCountry.objects.create(country=country, status="active")


@pytest.fixture
def cycle(catalogue, pathfinder, other_country):
    import datetime

    from target87.monitoring.services import open_cycle
    from target87.pathfinders.models import NextStep, PathfinderCountry

    PathfinderCountry.objects.create(country=other_country, status="workshop_held")
    NextStep.objects.create(country=pathfinder.country, text="Validate the national action plan")
    NextStep.objects.create(country=pathfinder.country, text="Hold the child labour survey")
    cycle, _ = open_cycle(2020, datetime.date(2020, 3, 1), datetime.date(2020, 5, 31))
    return cycle


@pytest.fixture
def questionnaire(cycle, country):
    return cycle.questionnaires.get(country=country)
