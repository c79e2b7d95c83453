"""The monitoring and pathfinder tasks on "My work", each limited to the person's roles."""

import datetime as dt

import pytest

from target87.core.work import work_items
from target87.monitoring import cycles, services

from .test_cycles import fill


def kinds(user):
    return sorted((item.kind, item.url) for item in work_items(user))


@pytest.fixture
def open_2021(cycle):
    today = dt.date.today()
    c, _ = cycles.open_cycle(today.year, today - dt.timedelta(days=30),
                             today + dt.timedelta(days=10))
    return c


def test_focal_point_sees_only_own_country(open_2021, focal_point, other_focal_point):
    year = open_2021.year
    mine = [i for i in work_items(focal_point) if i.kind == "questionnaire.fill"]
    assert [i.url for i in mine] == [f"/en/monitoring/questionnaires/NPL/{year}/"]
    assert mine[0].due == open_2021.deadline and not mine[0].overdue
    # the 2020 questionnaire is overdue, Madagascar's is not shown to Nepal's focal point
    overdue = [i for i in work_items(focal_point) if i.kind == "questionnaire.overdue"]
    assert [i.url for i in overdue] == ["/en/monitoring/questionnaires/NPL/2020/"]
    assert all("/MDG/" not in url for _, url in kinds(focal_point))
    assert any("/MDG/" in url for _, url in kinds(other_focal_point))


def test_returned_and_review_tasks(questionnaire, focal_point, secretariat, gcg_member):
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    assert ("questionnaire.review", "/en/monitoring/questionnaires/NPL/2020/") in kinds(
        secretariat)
    assert not [k for k, _ in kinds(gcg_member) if k == "questionnaire.review"]
    assert not [k for k, _ in kinds(focal_point) if k.startswith("questionnaire.")]
    services.return_questionnaire(questionnaire, secretariat)
    assert ("questionnaire.returned", "/en/monitoring/questionnaires/NPL/2020/") in kinds(
        focal_point)
    assert not [k for k, _ in kinds(secretariat) if k == "questionnaire.review"]


def test_cycle_closing_within_14_days(open_2021, secretariat, focal_point):
    closing = [i for i in work_items(secretariat) if i.kind == "cycle.closing"]
    assert len(closing) == 1 and closing[0].due == open_2021.deadline
    assert not [i for i in work_items(focal_point) if i.kind == "cycle.closing"]
    cycles.reopen_cycle(open_2021.year, deadline=dt.date.today() + dt.timedelta(days=15))
    assert not [i for i in work_items(secretariat) if i.kind == "cycle.closing"]


def test_annual_review_to_record_after_approval(questionnaire, focal_point, secretariat,
                                                gcg_member, other_focal_point):
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    services.approve_questionnaire(questionnaire, secretariat)
    url = "/en/pathfinders/NPL/reviews/new/?year=2020"
    assert ("review.record", url) in kinds(secretariat)
    assert ("review.record", url) in kinds(gcg_member)
    assert ("review.record", url) not in kinds(focal_point)
    from target87.pathfinders.models import PathfinderCountry
    from target87.pathfinders.services import record_annual_review

    record_annual_review(PathfinderCountry.objects.get(country=questionnaire.country), 2020,
                         True, "questionnaire", gcg_member)
    assert ("review.record", url) not in kinds(gcg_member)


def test_review_form_is_prefilled_with_the_approved_questionnaire(
    questionnaire, focal_point, secretariat, client
):
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    services.approve_questionnaire(questionnaire, secretariat)
    client.force_login(secretariat)
    form = client.get("/en/pathfinders/NPL/reviews/new/?year=2020").context["form"]
    assert form.initial["questionnaire_id"] == questionnaire.pk
    assert "/monitoring/questionnaires/NPL/2020/" in form.initial["evidence"]
    client.post("/en/pathfinders/NPL/reviews/new/?year=2020", {
        "year": 2020, "date": "2021-02-01", "substantial_progress": "on",
        "evidence": form.initial["evidence"], "questionnaire_id": questionnaire.pk,
    })
    from target87.pathfinders.models import AnnualReview

    saved = AnnualReview.objects.get(country=questionnaire.country, year=2020)
    assert saved.questionnaire_id == questionnaire.pk and saved.date == dt.date(2021, 2, 1)


def test_roadmap_actions_past_target_date(country, focal_point, other_focal_point):
    from target87.pathfinders.models import NationalPriority, RoadmapAction

    priority = NationalPriority.objects.create(country=country, title="Child labour survey")
    late = RoadmapAction.objects.create(priority=priority, title="Field the survey",
                                        target_date=dt.date(2020, 6, 30))
    RoadmapAction.objects.create(priority=priority, title="Done already",
                                 target_date=dt.date(2020, 6, 30), status="done")
    RoadmapAction.objects.create(priority=priority, title="Later",
                                 target_date=dt.date.today() + dt.timedelta(days=90))
    items = [i for i in work_items(focal_point) if i.kind == "roadmap.action_late"]
    assert [i.url for i in items] == [f"/en/pathfinders/NPL/actions/{late.pk}/"]
    assert items[0].overdue and items[0].due == dt.date(2020, 6, 30)
    assert not [i for i in work_items(other_focal_point) if i.kind == "roadmap.action_late"]


def test_draft_values_outside_a_questionnaire(cycle, focal_point, secretariat, country):
    services.save_observation(country, "CL_PREV_ECON", 2019, "12.5", user=focal_point)
    items = [i for i in work_items(focal_point) if i.kind == "values.draft"]
    assert [i.url for i in items] == ["/en/monitoring/values/NPL/drafts/?year=2019"]
    # a draft of the year of a questionnaire being filled goes with the questionnaire
    services.save_observation(country, "CL_PREV_ECON", 2020, "12.5", user=focal_point)
    assert len([i for i in work_items(focal_point) if i.kind == "values.draft"]) == 1
