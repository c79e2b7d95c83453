"""The yearly progress questionnaire: cycle, drafts, refusal without loss, review, scoping."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from target87.monitoring import services
from target87.monitoring.models import Observation, ObservationStatus, QuestionnaireStatus

COMPLETE = {
    "q1_progress": "Child labour free municipalities declared.",
    "q3_highlights": "National master plan adopted.",
    "q5_next_steps": "Run the 2021 labour force survey.",
}


def test_cycle_opens_a_questionnaire_per_reporting_pathfinder(cycle, country, other_country):
    from target87.countries.models import Country
    from target87.pathfinders.models import PathfinderCountry

    assert set(cycle.questionnaires.values_list("country__iso3", flat=True)) == {"NPL", "MDG"}
    PathfinderCountry.objects.create(country=Country.objects.get(iso3="FJI"), status="prospective")
    PathfinderCountry.objects.create(country=Country.objects.get(iso3="CHL"), status="on_hold")
    # Chile on hold reports and got its questionnaire when recorded, the cycle being open;
    # prospective Fiji does not report; opening again duplicates nothing
    _c, changed = services.open_cycle(2020, cycle.opens_on, cycle.deadline)
    assert changed == 0
    assert set(cycle.questionnaires.values_list("country__iso3", flat=True)) == {
        "NPL",
        "MDG",
        "CHL",
    }


def test_next_steps_prefilled_from_workshop(questionnaire):
    assert [s.text for s in questionnaire.next_steps.all()] == [
        "Validate the national action plan",
        "Hold the child labour survey",
    ]


def test_draft_keeps_unreadable_answers_and_reports_them(questionnaire, focal_point):
    errors = services.save_draft(
        questionnaire,
        focal_point,
        {
            "v__CL_PREV_ECON__value": "twelve",
            "v__CL_POL_NAP__value_bool": "yes",
            "v__CL_POL_NAP__value_year": "2018",
            "q1_progress": "Progress text",
        },
    )
    assert errors == {"v__CL_PREV_ECON__value": "Enter a number."}
    questionnaire.refresh_from_db()
    assert questionnaire.answers["v__CL_PREV_ECON__value"] == "twelve"
    nap = Observation.objects.get(
        country=questionnaire.country, indicator__code="CL_POL_NAP", period=2020
    )
    assert (
        nap.value_bool is True and nap.value_year == 2018 and nap.status == ObservationStatus.DRAFT
    )


def test_refused_submission_loses_nothing_typed(questionnaire, focal_point):
    step = questionnaire.next_steps.first()
    typed = {
        "v__CL_PREV_ECON__value": "140",
        "v__CL_POL_NAP__value_bool": "yes",
        "v__CL_MEAS_FIRST_YEAR__value_year": "2018",
        "v__CL_MEAS_RECENT_YEAR__value_year": "2008",
        "v__CL_BUD_EDUCATION__value": "abc",
        f"ns__{step.pk}__achieved": "yes",
        f"ns__{step.pk}__comment": "Validated in March",
        "q1_progress": "Long answer typed with care",
        "q4_opportunities": "Regional conference",
    }
    with pytest.raises(services.SubmissionRefused) as refused:
        services.submit_questionnaire(questionnaire, focal_point, typed)
    names = {name for name, _m in refused.value.errors}
    assert {
        "v__CL_PREV_ECON__value",
        "v__CL_POL_NAP__value_year",
        "v__CL_MEAS_RECENT_YEAR__value_year",
        "v__CL_BUD_EDUCATION__value",
        "q3_highlights",
        "q5_next_steps",
    } <= names
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.DRAFT
    for name, raw in typed.items():
        assert questionnaire.answers[name] == raw, name
    step.refresh_from_db()
    assert step.achieved and step.comment == "Validated in March"
    assert Observation.objects.get(indicator__code="CL_PREV_ECON", period=2020).value == 140


def test_submit_review_return_approve(
    questionnaire, focal_point, other_focal_point, secretariat, gcg_member
):
    with pytest.raises(PermissionDenied):
        services.save_draft(questionnaire, other_focal_point, {"q1_progress": "x"})
    services.submit_questionnaire(
        questionnaire, focal_point, {**COMPLETE, "v__CL_PREV_ECON__value": "15.3"}
    )
    assert questionnaire.status == QuestionnaireStatus.SUBMITTED
    obs = Observation.objects.get(indicator__code="CL_PREV_ECON", period=2020)
    assert obs.status == ObservationStatus.SUBMITTED
    with pytest.raises(PermissionDenied):  # locked once submitted
        services.save_draft(questionnaire, focal_point, {"q1_progress": "changed"})
    services.add_review_comment(questionnaire, gcg_member, "q3_highlights", "Please add dates.")
    with pytest.raises(PermissionDenied):
        services.add_review_comment(questionnaire, focal_point, "q1_progress", "self review")
    with pytest.raises(PermissionDenied):
        services.return_questionnaire(questionnaire, gcg_member)
    services.return_questionnaire(questionnaire, secretariat)
    assert questionnaire.status == QuestionnaireStatus.RETURNED
    obs.refresh_from_db()
    assert obs.status == ObservationStatus.DRAFT
    services.submit_questionnaire(
        questionnaire, focal_point, {"q3_highlights": "Plan adopted in March 2020."}
    )
    with pytest.raises(PermissionDenied):
        services.approve_questionnaire(questionnaire, focal_point)
    services.approve_questionnaire(questionnaire, secretariat)
    obs.refresh_from_db()
    assert (
        questionnaire.status == QuestionnaireStatus.APPROVED
        and obs.status == ObservationStatus.APPROVED
    )
    assert services.publish_questionnaire_values(questionnaire, secretariat) == 1
    assert services.latest_published(questionnaire.country, "CL_PREV_ECON").value == Decimal("15.3")
    with pytest.raises(PermissionDenied):  # an approved questionnaire is not submitted again
        services.submit_questionnaire(questionnaire, focal_point)
    assert questionnaire.history.count() >= 5


def test_completion(cycle, questionnaire, focal_point):
    import datetime

    services.save_draft(questionnaire, focal_point, {"q1_progress": "x"})
    rows = {
        r["questionnaire"].country.iso3: r
        for r in services.completion(cycle, datetime.date(2020, 6, 1))
    }
    assert (
        rows["NPL"]["answered"] == 1
        and rows["NPL"]["missing_required"] == 2
        and rows["NPL"]["state"] == "overdue"
        and rows["NPL"]["overdue_days"] == 1
    )
    early = {
        r["questionnaire"].country.iso3: r
        for r in services.completion(cycle, datetime.date(2020, 4, 1))
    }
    assert early["MDG"]["state"] == "draft" and early["MDG"]["overdue_days"] == 0
