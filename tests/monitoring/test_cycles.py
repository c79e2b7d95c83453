"""Reporting cycles: opening from the site and the command, prefill from the last approved
answers, countries that start reporting mid-cycle, closing, late states, the dashboard."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from target87.core.notify import notification_requested
from target87.monitoring import cycles, services
from target87.monitoring.models import Observation, Questionnaire, ReportingCycle

D = datetime.date


@pytest.fixture
def told():
    """Every notification requested during the test: (kind, recipients, params)."""
    seen = []

    def receiver(sender, recipients, kind, params, **kwargs):
        seen.append((kind, [u.username for u in recipients], params))

    notification_requested.connect(receiver, dispatch_uid="test-cycles")
    yield seen
    notification_requested.disconnect(dispatch_uid="test-cycles")


def fill(q, user, **extra):
    data = {
        "q1_progress": "National action plan validated",
        "q3_highlights": "Coordination matters",
        "q5_next_steps": "Survey in 2021",
        "v__CL_PREV_ECON__value": "15.3",
        "v__CL_PREV_ECON__source": "NCLS 2018",
    }
    data.update(extra)
    return services.save_draft(q, user, data)


def approved_2020(questionnaire, focal_point, secretariat):
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    services.approve_questionnaire(questionnaire, secretariat)
    return questionnaire


def test_required_open_questions_are_the_ones_filled(questionnaire):
    from target87.monitoring.questions import build_items

    required = {i.name for i in build_items(questionnaire) if i.required}
    assert required == {"q1_progress", "q3_highlights", "q5_next_steps"}


def test_next_cycle_is_prefilled_from_the_last_approved_answers(
    questionnaire, focal_point, secretariat
):
    approved_2020(questionnaire, focal_point, secretariat)
    cycle, _ = cycles.open_cycle(2021, D(2021, 3, 1), D(2021, 5, 31), existing_ok=False)
    q21 = cycle.questionnaires.get(country=questionnaire.country)
    assert q21.answers["q1_progress"] == "National action plan validated"
    assert "v__CL_PREV_ECON__value" in q21.carried_over and q21.carried_from == 2020
    # the carried indicator answer is a draft value of 2021, not a change to 2020's
    obs21 = Observation.objects.get(country=q21.country, indicator__code="CL_PREV_ECON",
                                    period=2021)
    assert obs21.status == "draft" and str(obs21.value) == "15.3000"
    # Madagascar never had an approved questionnaire: nothing carried over
    assert cycle.questionnaires.exclude(country=q21.country).get().carried_over == []


def test_carried_over_answers_block_submission_until_confirmed_or_changed(
    questionnaire, focal_point, secretariat
):
    approved_2020(questionnaire, focal_point, secretariat)
    cycle, _ = cycles.open_cycle(2021, D(2021, 3, 1), D(2021, 5, 31))
    q21 = cycle.questionnaires.get(country=questionnaire.country)
    with pytest.raises(services.SubmissionRefused) as refused:
        services.submit_questionnaire(q21, focal_point)
    names = {name for name, _ in refused.value.errors}
    assert "q1_progress" in names
    # saving the same answer keeps the mark; a changed answer or a confirmation clears it
    services.save_draft(q21, focal_point, {"q1_progress": "National action plan validated"})
    assert "q1_progress" in q21.carried_over
    services.save_draft(q21, focal_point, {"q1_progress": "Plan adopted by cabinet",
                                           "confirm__q3_highlights": "yes"})
    q21.refresh_from_db()
    assert "q1_progress" not in q21.carried_over and "q3_highlights" not in q21.carried_over
    assert "q5_next_steps" in q21.carried_over
    services.save_draft(q21, focal_point, {"_confirm_carried": "yes"})
    services.submit_questionnaire(q21, focal_point)
    assert q21.status == "submitted"


def test_a_country_that_starts_reporting_gets_its_questionnaire(cycle):
    from target87.countries.models import Country
    from target87.pathfinders.models import PathfinderCountry

    kenya = Country.objects.get(iso3="KEN")
    pf = PathfinderCountry.objects.create(country=kenya, status="prospective")
    assert not Questionnaire.objects.filter(country=kenya).exists()
    pf.status = "expression_of_interest"
    pf.save()
    assert Questionnaire.objects.filter(country=kenya, cycle=cycle).exists()
    # not in a closed cycle
    cycles.close_cycle(2020)
    peru = PathfinderCountry.objects.create(
        country=Country.objects.get(iso3="PER"), status="expression_of_interest")
    assert not Questionnaire.objects.filter(country=peru.country).exists()
    cycles.reopen_cycle(2020)
    assert Questionnaire.objects.filter(country=peru.country, cycle=cycle).exists()


def test_closed_cycle_takes_no_changes(questionnaire, focal_point):
    cycles.close_cycle(2020)
    questionnaire.refresh_from_db()
    assert not questionnaire.is_editable
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_draft(questionnaire, focal_point, {"q1_progress": "late words"})
    with pytest.raises(services.WorkflowError):
        cycles.close_cycle(2020)
    cycles.reopen_cycle(2020, deadline=D(2020, 7, 31))
    questionnaire.refresh_from_db()
    assert questionnaire.is_editable and questionnaire.cycle.deadline == D(2020, 7, 31)


def test_opening_refuses_bad_dates_and_an_existing_year(cycle, secretariat, focal_point):
    with pytest.raises(services.WorkflowError):
        cycles.open_cycle(2020, D(2020, 3, 1), D(2020, 5, 31), existing_ok=False)
    with pytest.raises(Exception) as bad:
        cycles.open_cycle(2022, D(2022, 5, 1), D(2022, 3, 1), existing_ok=False)
    assert "before the opening date" in " ".join(bad.value.messages)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        cycles.open_cycle(2022, D(2022, 3, 1), D(2022, 5, 31), user=focal_point)


def test_command_opens_closes_and_reopens(cycle, capsys):
    call_command("cycle", "open", "2021", "--opens", "2021-03-01", "--deadline", "2021-05-31")
    c21 = ReportingCycle.objects.get(year=2021)
    assert c21.questionnaires.count() == 2
    call_command("cycle", "close", "2021")
    c21.refresh_from_db()
    assert not c21.is_open
    call_command("cycle", "reopen", "2021", "--deadline", "2021-06-30")
    c21.refresh_from_db()
    assert c21.is_open and c21.deadline == D(2021, 6, 30)
    with pytest.raises(CommandError, match="already exists"):
        call_command("cycle", "open", "2021", "--opens", "2021-03-01", "--deadline", "2021-05-31")
    with pytest.raises(CommandError, match="not a date"):
        call_command("cycle", "open", "2022", "--opens", "March", "--deadline", "2022-05-31")


def test_site_page_opens_a_cycle(cycle, client, secretariat, focal_point):
    client.force_login(focal_point)
    assert client.get(reverse("monitoring:cycles")).status_code == 403
    client.force_login(secretariat)
    page = client.get(reverse("monitoring:cycles"))
    assert page.status_code == 200 and b"2020" in page.content
    bad = client.post(reverse("monitoring:cycles"),
                      {"year": 2021, "opens_on": "2021-06-01", "deadline": "2021-05-31"})
    assert bad.status_code == 400 and b"before the opening date" in bad.content
    assert not ReportingCycle.objects.filter(year=2021).exists()
    done = client.post(reverse("monitoring:cycles"),
                       {"year": 2021, "opens_on": "2021-03-01", "deadline": "2021-05-31"})
    assert done.status_code == 302
    assert client.get("/en/monitoring/questionnaires/NPL/2021/").status_code == 200
    client.post(reverse("monitoring:cycle_action", args=[2021]), {"action": "close"})
    assert not ReportingCycle.objects.get(year=2021).is_open


def test_late_states(questionnaire, focal_point):
    assert cycles.overdue_days(questionnaire, D(2020, 5, 31)) == 0
    assert cycles.overdue_days(questionnaire, D(2020, 6, 10)) == 10
    assert cycles.state_label(questionnaire, D(2020, 6, 10)) == "Overdue (10 days)"
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)  # today, years after 2020
    assert cycles.overdue_days(questionnaire) == 0
    assert cycles.submitted_late(questionnaire)
    assert cycles.state_label(questionnaire) == "Submitted · submitted late"


def test_submitted_on_time_is_not_late(questionnaire, focal_point):
    cycles.reopen_cycle(2020, deadline=datetime.date.today() + datetime.timedelta(days=5))
    questionnaire.refresh_from_db()
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    assert not cycles.submitted_late(questionnaire)


def test_dashboard_cards_agree_with_its_table(cycle, questionnaire, focal_point, client,
                                              secretariat):
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    client.force_login(secretariat)
    page = client.get(reverse("monitoring:completion", args=[2020]))
    counts = page.context["counts"]
    rows = page.context["rows"]
    assert counts["overdue"] == 1 and counts["submitted"] == 1 and counts["draft"] == 0
    assert counts["submitted_late"] == 1
    for state in ("overdue", "draft", "returned", "submitted", "approved"):
        assert counts[state] == sum(1 for r in rows if r["state"] == state)
    html = page.content.decode()
    assert html.count('<tr data-state="overdue">') == counts["overdue"]
    assert "Overdue (" in html


def test_approve_and_publish_from_the_top_of_the_review_page(
    questionnaire, focal_point, secretariat, client, told
):
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    client.force_login(secretariat)
    url = reverse("monitoring:questionnaire", args=["NPL", 2020])
    html = client.get(url).content.decode()
    top = html.index('id="decision-top"')
    assert 'value="approve_publish"' in html[top:top + 600]
    assert top < html.index('id="questionnaire-form"')
    client.post(reverse("monitoring:review", args=["NPL", 2020]), {"action": "approve_publish"})
    questionnaire.refresh_from_db()
    assert questionnaire.status == "approved"
    assert services.latest_published(questionnaire.country, "CL_PREV_ECON").period == 2020
    kinds = [kind for kind, _, _ in told]
    assert kinds == ["questionnaire.submitted", "questionnaire.approved", "review.proposed",
                     "questionnaire.published"]
    by_kind = {kind: users for kind, users, _ in told}
    assert by_kind["questionnaire.submitted"] == ["sec"]
    assert by_kind["questionnaire.approved"] == ["fp"]


def test_focal_point_cannot_approve_and_publish(questionnaire, focal_point):
    from django.core.exceptions import PermissionDenied

    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    with pytest.raises(PermissionDenied):
        services.approve_and_publish(questionnaire, focal_point)
    questionnaire.refresh_from_db()
    assert questionnaire.status == "submitted"


def test_return_and_comment_tell_the_focal_point(questionnaire, focal_point, secretariat, told):
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    services.add_review_comment(questionnaire, secretariat, "q1_progress", "Say which plan")
    services.return_questionnaire(questionnaire, secretariat)
    assert [(k, u) for k, u, _ in told][1:] == [
        ("questionnaire.comment", ["fp"]), ("questionnaire.returned", ["fp"])]
