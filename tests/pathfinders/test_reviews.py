import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from target87.pathfinders import services
from target87.pathfinders.models import AnnualReview, PathfinderStatus

from .conftest import make_pathfinder

S = PathfinderStatus


@pytest.fixture
def active(country):
    return make_pathfinder(country, status=S.ACTIVE)


def review(pf, user, year, progress=False, justified=False):
    return services.record_annual_review(pf, year, progress, f"evidence {year}", user,
                                         reasonable_justification=justified)


def test_one_failing_review_does_not_propose_a_hold(active, secretariat):
    review(active, secretariat, 2020)
    assert services.hold_proposed(active) is False


def test_two_consecutive_failing_reviews_propose_a_hold(active, secretariat):
    review(active, secretariat, 2020)
    review(active, secretariat, 2021)
    assert services.hold_proposed(active) is True


def test_progress_in_between_resets_the_count(active, secretariat):
    review(active, secretariat, 2019)
    review(active, secretariat, 2020, progress=True)
    review(active, secretariat, 2021)
    assert services.hold_proposed(active) is False


def test_justification_in_between_resets_the_count(active, secretariat):
    review(active, secretariat, 2019)
    review(active, secretariat, 2020, justified=True)
    review(active, secretariat, 2021)
    assert services.hold_proposed(active) is False


def test_justified_lack_of_progress_never_counts(active, secretariat):
    review(active, secretariat, 2020, justified=True)
    review(active, secretariat, 2021, justified=True)
    assert services.hold_proposed(active) is False


def test_a_year_without_review_does_not_reset(active, secretariat):
    review(active, secretariat, 2019)
    review(active, secretariat, 2021)
    assert services.hold_proposed(active) is True


def test_latest_review_showing_progress_clears_the_proposal(active, secretariat):
    review(active, secretariat, 2019)
    review(active, secretariat, 2020)
    review(active, secretariat, 2021, progress=True)
    assert services.hold_proposed(active) is False


def test_hold_confirmed_then_lifted_by_a_review_documenting_progress(active, secretariat):
    review(active, secretariat, 2020)
    review(active, secretariat, 2021)
    services.transition(active, S.ON_HOLD, secretariat, dt.date(2022, 1, 10), note="confirmed")
    active.refresh_from_db()
    assert active.status == S.ON_HOLD
    assert services.hold_proposed(active) is False
    with pytest.raises(services.TransitionError, match="Reinstatement needs"):
        services.transition(active, S.ACTIVE, secretariat, dt.date(2022, 2, 1))
    review(active, secretariat, 2022)  # still no progress: stays on hold
    active.refresh_from_db()
    assert active.status == S.ON_HOLD
    review(active, secretariat, 2023, progress=True)
    active.refresh_from_db()
    assert active.status == S.ACTIVE
    assert active.transitions.order_by("-id").first().note.startswith("Hold lifted")


def test_hold_without_the_two_reviews_is_refused(active, secretariat):
    review(active, secretariat, 2021)
    with pytest.raises(services.TransitionError, match="two annual reviews"):
        services.transition(active, S.ON_HOLD, secretariat, dt.date(2022, 1, 10))
    active.refresh_from_db()
    assert active.status == S.ACTIVE


def test_one_review_per_country_and_year(active, secretariat):
    review(active, secretariat, 2021)
    with pytest.raises(ValidationError, match="already has a review for 2021"):
        review(active, secretariat, 2021, progress=True)
    assert AnnualReview.objects.filter(country=active.country).count() == 1


def test_justification_only_without_progress(active, secretariat):
    with pytest.raises(ValidationError):
        review(active, secretariat, 2021, progress=True, justified=True)


def test_only_pathfinders_are_reviewed(country, secretariat):
    pf = make_pathfinder(country, status=S.EXPRESSION_OF_INTEREST)
    with pytest.raises(ValidationError, match="Only pathfinder countries"):
        review(pf, secretariat, 2021)


def test_gcg_member_may_review_focal_point_may_not(active, gcg_member, focal_point):
    review(active, gcg_member, 2020)
    with pytest.raises(PermissionDenied):
        review(active, focal_point, 2021)
    assert AnnualReview.objects.filter(country=active.country).count() == 1
