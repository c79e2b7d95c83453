""""My work": where each person lands after login, their open tasks newest first with links
and the count in the menu; each person sees only the tasks their roles cover."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from target87.core.models import JobProgress, JobStatus
from target87.partnership.models import ApplicationStatus, PartnerApplication

pytestmark = pytest.mark.django_db

PASSWORD = "a-Strong-pass-87!"


def menu_count(html: str) -> int:
    return int(re.search(r'class="menu-count work-count" data-count="(\d+)"', html).group(1))


def kinds(response):
    return [item.kind for item in response.context["items"]]


@pytest.fixture
def application(db):
    return PartnerApplication.objects.create(
        organisation="Brick Kiln Watch", partner_type="civil_society",
        contact_email="apply@kilnwatch.example.org")


@pytest.fixture
def failed_job(db, focal_point):
    return JobProgress.objects.create(result_id="run-1", label="Survey estimate NPL 2019",
                                      owner=focal_point, status=JobStatus.FAILED,
                                      error="The weight column is empty.")


@pytest.mark.parametrize("next_url, landing", [
    ("", "/en/work/"), ("/en/", "/en/work/"), ("/en/partners/", "/en/partners/")])
def test_login_lands_on_my_work_unless_on_the_way_elsewhere(client, focal_point, next_url,
                                                            landing):
    response = client.post("/en/accounts/login/", {
        "username": "fp", "password": PASSWORD, "next": next_url})
    assert response.status_code == 302 and response.url == landing


def test_my_work_needs_a_login(client):
    response = client.get("/en/work/")
    assert response.status_code == 302 and response.url.startswith("/en/accounts/login/")


def test_secretariat_sees_applications_and_failed_jobs_with_links(client, secretariat,
                                                                  application, failed_job):
    client.force_login(secretariat)
    response = client.get("/en/work/")
    html = response.content.decode()
    assert sorted(kinds(response)) == ["core.failed_job", "partnership.application"]
    assert f'href="/en/partners/applications/{application.pk}/"' in html
    assert "Decide the partner application of Brick Kiln Watch" in html
    assert f'href="/en/jobs/{failed_job.result_id}/detail/"' in html
    assert menu_count(html) == 2
    # the links lead where the work is done
    assert client.get(f"/en/partners/applications/{application.pk}/").status_code == 200
    assert client.get(f"/en/jobs/{failed_job.result_id}/detail/").status_code == 200
    page = client.get("/en/jobs/failed/").content.decode()
    assert f'id="job-{failed_job.pk}"' in page and "The weight column is empty." in page


def test_newest_first(client, secretariat, application, failed_job):
    JobProgress.objects.filter(pk=failed_job.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=2))
    client.force_login(secretariat)
    assert kinds(client.get("/en/work/")) == ["partnership.application", "core.failed_job"]
    PartnerApplication.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=3))
    assert kinds(client.get("/en/work/")) == ["core.failed_job", "partnership.application"]


@pytest.mark.parametrize("who", ["focal_point", "other_focal_point", "gcg_member",
                                 "partner_user", "chair"])
def test_other_roles_do_not_get_the_secretariats_tasks(client, request, who, application,
                                                       failed_job):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/en/work/")
    assert not {"partnership.application", "core.failed_job"} & set(kinds(response))
    assert menu_count(response.content.decode()) == len(response.context["items"])
    assert client.get("/en/jobs/failed/").status_code == 403


def test_a_decided_application_or_an_old_failure_leaves_the_list(client, secretariat,
                                                                  application, failed_job):
    PartnerApplication.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.REJECTED, decision_reason="Out of scope")
    JobProgress.objects.filter(pk=failed_job.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=31))
    client.force_login(secretariat)
    response = client.get("/en/work/")
    assert not {"partnership.application", "core.failed_job"} & set(kinds(response))
    assert "Nothing is waiting for you" in response.content.decode()


def test_menu_count_on_other_pages(client, secretariat, application):
    client.force_login(secretariat)
    assert menu_count(client.get("/en/").content.decode()) == 1


def test_finished_jobs_are_not_tasks(client, secretariat):
    JobProgress.objects.create(result_id="run-2", label="Report PDF", done=1, total=1,
                               status=JobStatus.FINISHED)
    client.force_login(secretariat)
    assert "core.failed_job" not in kinds(client.get("/en/work/"))


@pytest.mark.parametrize("lang, heading, task", [
    ("fr", "Mon travail", "Statuer sur la candidature de partenaire de Brick Kiln Watch"),
    ("ar", "عملي", "البت في طلب الشراكة المقدم من Brick Kiln Watch"),
])
def test_my_work_in_the_readers_language(client, secretariat, application, lang, heading,
                                         task):
    client.force_login(secretariat)
    html = client.get(f"/{lang}/work/").content.decode()
    assert f"<h1>{heading}</h1>" in html and task in html


def test_a_failed_job_run_again_leaves_the_list(client, secretariat, failed_job, focal_point):
    client.force_login(secretariat)
    assert "core.failed_job" in kinds(client.get("/en/work/"))
    JobProgress.objects.create(result_id="run-1b", label=failed_job.label, owner=focal_point,
                               status=JobStatus.RUNNING)
    assert "core.failed_job" not in kinds(client.get("/en/work/"))
