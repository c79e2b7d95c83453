"""The on-hold rule at its edges: reviews recorded before a hold, reviews from an earlier
active period, and status changes dated on the day of the review that caused them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from target87.pathfinders import services
from target87.pathfinders.models import PathfinderCountry, PathfinderStatus, Workshop

S = PathfinderStatus
D = dt.date


def letter():
    return SimpleUploadedFile("chair-letter.pdf", b"%PDF-1.4 letter",
                              content_type="application/pdf")


def admit(pf, user, start: dt.date):
    """Walk a country from an expression of interest to pathfinder status, dated from
    ``start`` (a month per step)."""
    def step(status, months, **kw):
        services.transition(pf, status, user, start + dt.timedelta(days=30 * months), **kw)
        pf.refresh_from_db()

    step(S.EXPRESSION_OF_INTEREST, 0)
    if not Workshop.objects.filter(country=pf.country, status="held").exists():
        Workshop.objects.create(country=pf.country, status="held", start_date=start)
    step(S.WORKSHOP_HELD, 1)
    step(S.REPORTED_TO_GCG, 2)
    step(S.ACTIVE, 3, document=letter())
    return pf


@pytest.fixture
def pathfinder(country, secretariat):
    pf = PathfinderCountry.objects.create(country=country, status=S.PROSPECTIVE)
    return admit(pf, secretariat, D(2018, 1, 10))  # active from 2018-04-10


def review(pf, user, year, progress=False, day=None):
    return services.record_annual_review(pf, year, progress, f"evidence {year}", user,
                                         date=day or D(year, 12, 1))


def test_hold_is_dated_on_the_review_that_proposed_it(pathfinder, secretariat):
    review(pathfinder, secretariat, 2018)
    review(pathfinder, secretariat, 2019)
    step = services.confirm_hold(pathfinder, secretariat)
    assert step.to_status == S.ON_HOLD and step.date == D(2019, 12, 1)


def test_lifted_hold_is_dated_on_the_review_that_documents_progress(pathfinder, secretariat):
    review(pathfinder, secretariat, 2018)
    review(pathfinder, secretariat, 2019)
    services.confirm_hold(pathfinder, secretariat)
    review(pathfinder, secretariat, 2020, progress=True, day=D(2020, 11, 20))
    pathfinder.refresh_from_db()
    lift = pathfinder.transitions.order_by("-id").first()
    assert pathfinder.status == S.ACTIVE and lift.date == D(2020, 11, 20)


def test_progress_review_recorded_before_the_hold_does_not_reinstate(pathfinder, secretariat):
    review(pathfinder, secretariat, 2017, progress=True, day=D(2018, 5, 1))
    review(pathfinder, secretariat, 2018)
    review(pathfinder, secretariat, 2019)
    services.confirm_hold(pathfinder, secretariat)
    pathfinder.refresh_from_db()
    assert not services.progress_documented_since_hold(pathfinder)
    with pytest.raises(services.TransitionError):
        services.transition(pathfinder, S.ACTIVE, secretariat, D(2020, 1, 5))
    # nor does a progress review about a year the hold already judged, recorded late
    review(pathfinder, secretariat, 2016, progress=True, day=D(2020, 2, 1))
    pathfinder.refresh_from_db()
    assert pathfinder.status == S.ON_HOLD
    # a review of a later year, after the hold, does
    review(pathfinder, secretariat, 2020, progress=True)
    pathfinder.refresh_from_db()
    assert pathfinder.status == S.ACTIVE


def test_progress_review_dated_before_the_hold_does_not_reinstate(pathfinder, secretariat):
    review(pathfinder, secretariat, 2018)
    review(pathfinder, secretariat, 2019, day=D(2020, 3, 1))
    services.confirm_hold(pathfinder, secretariat)  # dated 2020-03-01
    review(pathfinder, secretariat, 2020, progress=True, day=D(2020, 2, 1))
    pathfinder.refresh_from_db()
    assert pathfinder.status == S.ON_HOLD


def test_reviews_of_an_earlier_active_period_do_not_count(pathfinder, secretariat):
    review(pathfinder, secretariat, 2018)
    review(pathfinder, secretariat, 2019)
    assert services.hold_proposed(pathfinder)
    services.transition(pathfinder, S.WITHDRAWN, secretariat, D(2020, 1, 15))
    pathfinder.refresh_from_db()
    admit(pathfinder, secretariat, D(2020, 3, 1))  # awarded again on 2020-05-30
    assert services.admitted_on(pathfinder) == D(2020, 5, 30)
    # the two failing reviews of the first period are still the latest on record
    assert not services.hold_proposed(pathfinder)
    review(pathfinder, secretariat, 2020)
    assert not services.hold_proposed(pathfinder)


def test_reviews_of_the_new_active_period_count(pathfinder, secretariat):
    review(pathfinder, secretariat, 2018)
    services.transition(pathfinder, S.WITHDRAWN, secretariat, D(2019, 1, 15))
    pathfinder.refresh_from_db()
    admit(pathfinder, secretariat, D(2019, 3, 1))
    review(pathfinder, secretariat, 2019)
    review(pathfinder, secretariat, 2020)
    assert services.hold_proposed(pathfinder)
    assert services.hold_proposed_by(pathfinder).year == 2020


def test_review_cannot_be_dated_in_the_future(pathfinder, secretariat):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        review(pathfinder, secretariat, 2020, day=dt.date.today() + dt.timedelta(days=1))


def test_confirm_hold_refused_without_proposal(pathfinder, secretariat, gcg_member):
    from django.core.exceptions import PermissionDenied

    review(pathfinder, secretariat, 2018)
    with pytest.raises(services.TransitionError):
        services.confirm_hold(pathfinder, secretariat)
    review(pathfinder, secretariat, 2019)
    with pytest.raises(PermissionDenied):
        services.confirm_hold(pathfinder, gcg_member)


def test_page_documents_the_period_rule(pathfinder, secretariat, client):
    client.force_login(secretariat)
    review(pathfinder, secretariat, 2018)
    review(pathfinder, secretariat, 2019)
    html = client.get(pathfinder.get_absolute_url()).content.decode()
    assert "Only the reviews of the current active period count towards a hold" in html
    assert "Confirm the hold" in html
    client.post(f"/en/pathfinders/{pathfinder.country.iso3}/hold/")
    pathfinder.refresh_from_db()
    assert pathfinder.status == S.ON_HOLD
