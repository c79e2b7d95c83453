"""One country through whole reporting years, as the partnership runs them (seed 004,
guidance note): two cycles without progress lead to a hold, a year with progress lifts it.

Each step goes through the same services the site, the admin and the commands call.
"""

import datetime as dt

from django.core.management import call_command

from target87.monitoring import cycles, services
from target87.monitoring.models import ReportingCycle
from target87.pathfinders import services as pathfinders
from target87.pathfinders.models import PathfinderCountry, PathfinderStatus
from tests.pathfinders.test_review_edges import admit

from .test_cycles import fill

D = dt.date


def run_cycle(year, q, focal_point, secretariat, first_answer):
    """Fill -> submit -> return with a comment -> resubmit -> approve and publish."""
    fill(q, focal_point, q1_progress=first_answer, _confirm_carried="yes")
    services.submit_questionnaire(q, focal_point)
    services.add_review_comment(q, secretariat, "q1_progress", "Name the plan and its date")
    services.return_questionnaire(q, secretariat)
    assert q.status == "returned"
    services.submit_questionnaire(q, focal_point, {"q1_progress": f"{first_answer} (revised)"})
    published = services.approve_and_publish(q, secretariat)
    assert q.status == "approved" and published >= 1
    assert services.latest_published(q.country, "CL_PREV_ECON").period == year


def open_cycle(year):
    call_command("cycle", "open", str(year), "--opens", f"{year}-03-01",
                 "--deadline", f"{year}-05-31")
    return ReportingCycle.objects.get(year=year)


def test_two_cycles_without_progress_then_a_year_with_progress(
    catalogue, country, focal_point, secretariat, gcg_member
):
    nepal = admit(PathfinderCountry.objects.create(country=country), secretariat,
                  D(2019, 1, 10))
    assert nepal.status == PathfinderStatus.ACTIVE

    # first cycle: 2020
    q20 = open_cycle(2020).questionnaires.get(country=country)
    run_cycle(2020, q20, focal_point, secretariat, "Action plan drafted")
    assert [p["year"] for p in pathfinders.reviews_to_record()] == [2020]
    pathfinders.record_annual_review(nepal, 2020, False, "Approved 2020 questionnaire",
                                     gcg_member, date=D(2020, 12, 1), questionnaire_id=q20.pk)
    assert not pathfinders.hold_proposed(nepal)

    # second cycle: 2021, prefilled from the approved 2020 answers
    q21 = open_cycle(2021).questionnaires.get(country=country)
    assert q21.carried_from == 2020 and "q1_progress" in q21.carried_over
    run_cycle(2021, q21, focal_point, secretariat, "Action plan still drafted")
    pathfinders.record_annual_review(nepal, 2021, False, "Approved 2021 questionnaire",
                                     secretariat, date=D(2021, 12, 2), questionnaire_id=q21.pk)

    # two reviews without progress: the hold is proposed, then confirmed, dated on the review
    nepal.refresh_from_db()
    assert pathfinders.hold_proposed(nepal)
    hold = pathfinders.confirm_hold(nepal, secretariat)
    nepal.refresh_from_db()
    assert nepal.status == PathfinderStatus.ON_HOLD and hold.date == D(2021, 12, 2)

    # next year: a country on hold still reports; its review documents progress
    q22 = open_cycle(2022).questionnaires.get(country=country)
    run_cycle(2022, q22, focal_point, secretariat, "Action plan adopted")
    cycles.close_cycle(2022)
    pathfinders.record_annual_review(nepal, 2022, True, "Approved 2022 questionnaire",
                                     gcg_member, date=D(2022, 11, 30), questionnaire_id=q22.pk)
    nepal.refresh_from_db()
    lifted = nepal.transitions.order_by("-id").first()
    assert nepal.status == PathfinderStatus.ACTIVE
    assert (lifted.from_status, lifted.date) == (PathfinderStatus.ON_HOLD, D(2022, 11, 30))
    assert pathfinders.reviews_to_record() == []
