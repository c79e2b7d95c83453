import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from target87.pathfinders import services
from target87.pathfinders.models import (
    LEGAL_TRANSITIONS,
    PathfinderStatus,
    StatusTransition,
)

from .conftest import held_workshop, letter, make_pathfinder

S = PathfinderStatus
DAY = dt.date(2020, 1, 15)
PAIRS = list(itertools.permutations(S.values, 2))


def _ready_for(pathfinder, secretariat, target):
    """Satisfy the preconditions of a legal move to ``target``."""
    country = pathfinder.country
    if target in (S.WORKSHOP_HELD, S.REPORTED_TO_GCG, S.ACTIVE):
        held_workshop(country)
    if target == S.ON_HOLD:
        from target87.pathfinders.models import AnnualReview

        for year in (2018, 2019):
            AnnualReview.objects.create(country=country, year=year, substantial_progress=False,
                                        evidence="no progress")
    if target == S.ACTIVE and pathfinder.status == S.ON_HOLD:
        from target87.pathfinders.models import AnnualReview

        AnnualReview.objects.create(country=country, year=2021, substantial_progress=True,
                                    evidence="progress documented")


@pytest.mark.parametrize("source,target", PAIRS)
def test_every_pair_is_allowed_exactly_when_legal(country, secretariat, source, target):
    pathfinder = make_pathfinder(country, status=source)
    _ready_for(pathfinder, secretariat, target)
    legal = target in LEGAL_TRANSITIONS[source]
    before = StatusTransition.objects.filter(pathfinder=pathfinder).count()
    if legal:
        step = services.transition(pathfinder, target, secretariat, DAY, document=letter(),
                                   note="ok")
        pathfinder.refresh_from_db()
        assert pathfinder.status == target
        assert (step.from_status, step.to_status, step.date, step.user) == (
            source, target, DAY, secretariat)
    else:
        with pytest.raises(services.TransitionError) as exc:
            services.transition(pathfinder, target, secretariat, DAY, document=letter())
        assert "cannot move from" in str(exc.value)
        pathfinder.refresh_from_db()
        assert pathfinder.status == source
        assert StatusTransition.objects.filter(pathfinder=pathfinder).count() == before


def test_full_path_to_pathfinder_status_keeps_history(nepal, secretariat):
    held_workshop(nepal.country)
    services.transition(nepal, S.EXPRESSION_OF_INTEREST, secretariat, dt.date(2018, 11, 1),
                        note="letter of the Minister of Labour")
    services.transition(nepal, S.WORKSHOP_HELD, secretariat, dt.date(2019, 2, 7))
    services.transition(nepal, S.REPORTED_TO_GCG, secretariat, dt.date(2019, 3, 1))
    services.transition(nepal, S.ACTIVE, secretariat, dt.date(2019, 3, 20), document=letter())
    steps = services.history(nepal)
    assert [s.to_status for s in steps] == [S.PROSPECTIVE, S.EXPRESSION_OF_INTEREST,
                                            S.WORKSHOP_HELD, S.REPORTED_TO_GCG, S.ACTIVE]
    assert steps[-1].document.name.endswith(".pdf")
    assert nepal.history.count() >= 5


def test_award_without_reported_workshop_is_refused(nepal, secretariat):
    services.transition(nepal, S.EXPRESSION_OF_INTEREST, secretariat, DAY)
    with pytest.raises(services.TransitionError, match="cannot move from"):
        services.transition(nepal, S.ACTIVE, secretariat, DAY, document=letter())
    nepal.refresh_from_db()
    assert nepal.status == S.EXPRESSION_OF_INTEREST


def test_workshop_held_needs_a_held_workshop(nepal, secretariat):
    services.transition(nepal, S.EXPRESSION_OF_INTEREST, secretariat, DAY)
    with pytest.raises(services.TransitionError, match="workshop as held"):
        services.transition(nepal, S.WORKSHOP_HELD, secretariat, DAY)


def test_award_needs_the_chairs_letter(country, secretariat):
    pathfinder = make_pathfinder(country, status=S.REPORTED_TO_GCG)
    held_workshop(country)
    with pytest.raises(services.TransitionError, match="confirmation letter"):
        services.transition(pathfinder, S.ACTIVE, secretariat, DAY)
    pathfinder.refresh_from_db()
    assert pathfinder.status == S.REPORTED_TO_GCG


def test_award_refused_when_workshop_no_longer_held(country, secretariat):
    pathfinder = make_pathfinder(country, status=S.REPORTED_TO_GCG)
    with pytest.raises(services.TransitionError, match="awarded only after"):
        services.transition(pathfinder, S.ACTIVE, secretariat, DAY, document=letter())


def test_dates_must_not_be_future_or_go_backwards(nepal, secretariat):
    with pytest.raises(services.TransitionError, match="future"):
        services.transition(nepal, S.EXPRESSION_OF_INTEREST, secretariat,
                            dt.date.today() + dt.timedelta(days=1))
    services.transition(nepal, S.EXPRESSION_OF_INTEREST, secretariat, DAY)
    with pytest.raises(services.TransitionError, match="before the previous transition"):
        services.transition(nepal, S.WITHDRAWN, secretariat, DAY - dt.timedelta(days=1))


def test_unknown_status_is_named(nepal, secretariat):
    with pytest.raises(services.TransitionError, match="“awarded” is not a pathfinder status"):
        services.transition(nepal, "awarded", secretariat, DAY)


@pytest.mark.parametrize("who", ["focal_point", "other_focal_point", "gcg_member",
                                 "partner_user", "chair"])
def test_only_the_secretariat_moves_status(request, nepal, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.transition(nepal, S.EXPRESSION_OF_INTEREST, user, DAY)
    nepal.refresh_from_db()
    assert nepal.status == S.PROSPECTIVE


def test_database_refuses_an_illegal_pair(nepal):
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusTransition.objects.create(pathfinder=nepal, from_status=S.PROSPECTIVE,
                                        to_status=S.ACTIVE, source="x")


def test_database_refuses_an_unsigned_platform_transition(nepal):
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusTransition.objects.create(pathfinder=nepal, from_status=S.PROSPECTIVE,
                                        to_status=S.EXPRESSION_OF_INTEREST, date=DAY)


def test_focal_point_account_gets_the_role(nepal, secretariat, partner_user):
    from target87.accounts.permissions import focal_country_ids

    services.assign_focal_point_account(nepal, partner_user, secretariat)
    nepal.refresh_from_db()
    assert nepal.focal_point_user == partner_user
    assert nepal.country_id in focal_country_ids(partner_user)
