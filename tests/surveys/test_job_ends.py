"""Every survey estimate ends, finished or failed, and its owner is told and sees why:
an undefined design effect, an error outside the library, a lost worker; "sex" as an extra
grouping; groups shown by their labels."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from tests.surveys.conftest import survey_frame, write_csv
from tests.surveys.test_flow import CUSTOM, LIBRARY_MAPPING, start, upload

from target87.core.models import JobProgress, JobStatus
from target87.core.notify import notification_requested
from target87.core.work import work_items
from target87.measure.child_labour import child_labour_prevalence
from target87.monitoring.models import Observation
from target87.surveys.models import EstimateRun, RunStatus, SurveyUpload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalogue")]


def run_worker():
    call_command("worker", batch=True, interval=0.01)


@pytest.fixture
def told():
    """The notifications asked for: (kind, recipients, rendered subject)."""
    events = []

    def receive(sender, recipients, kind, subject, params, **kwargs):
        events.append((kind, list(recipients), str(subject) % {
            k: str(v) for k, v in params.items()}, params))

    notification_requested.connect(receive, dispatch_uid="test-told")
    yield events
    notification_requested.disconnect(dispatch_uid="test-told")


@pytest.fixture
def no_older_child_working(tmp_path):
    """A small file where no child aged 15-17 works: that cell's design effect is 0/0."""
    frame = survey_frame()
    older = frame["age"] >= 15
    frame["econ_hours"][older] = 0
    frame["chores_hours"][older] = 0
    return write_csv(tmp_path / "lfs-small.csv", frame)


def test_undefined_design_effect_is_stored_as_null_and_shown_not_defined(
        client, focal_point, country, no_older_child_working, told):
    client.force_login(focal_point)
    upload(client, no_older_child_working, country)
    run = start(client, SurveyUpload.objects.get())
    run_worker()

    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    job = JobProgress.objects.get(result_id=run.result_id)
    assert (job.status, job.percent) == (JobStatus.FINISHED, 100)
    expected = child_labour_prevalence(no_older_child_working, LIBRARY_MAPPING)
    undefined = [r for r in expected.rows if r["deff"] != r["deff"]]
    assert undefined, "the file must give a NaN design effect"
    stored = {(r["sex"], r["age_group"], r["basis"]): r for r in run.rows}
    for want in expected.rows:
        got = stored[(want["sex"], want["age_group"], want["basis"])]
        assert got["estimate"] == pytest.approx(want["estimate"], abs=1e-12)
        assert got["se"] == pytest.approx(want["se"], abs=1e-12)
        assert got["deff"] is None if want["deff"] != want["deff"] else got["deff"] == (
            pytest.approx(want["deff"]))
    older = stored[("total", "15-17", "sna")]
    assert (older["estimate"], older["se"], older["deff"]) == (0, 0, None)

    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    assert page.count('<span class="undefined"') == sum(
        r["deff"] is None for r in run.rows)
    assert "not defined" in page
    arabic = client.get(f"/ar/surveys/runs/{run.pk}/").content.decode()
    assert "غير محدد" in arabic
    data = json.loads(client.get(f"/en/surveys/runs/{run.pk}/download.json").content)
    assert any(row["deff"] is None for row in data["rows"])
    assert "NaN" not in client.get(f"/en/surveys/runs/{run.pk}/download.json").content.decode()
    csv_text = client.get(f"/en/surveys/runs/{run.pk}/download.csv").content.decode()
    line = next(x for x in csv_text.splitlines() if x.startswith("total,15-17,sna,"))
    assert line.split(",")[8] == ""  # deff column empty, not "nan"
    sdmx = client.get(f"/en/surveys/runs/{run.pk}/download.sdmx.csv?year=2019")
    assert sdmx.status_code == 200 and "Y15T17" in sdmx.content.decode()

    # The figures are still saved as observations (estimate 0, SE 0 for ages 15-17).
    response = client.post(f"/en/surveys/runs/{run.pk}/save/", {"period": 2019})
    assert response.status_code == 302
    assert Observation.objects.filter(disaggregation_key="age=15-17").exists()
    assert [kind for kind, *_ in told] == ["survey_run.finished"]
    assert told[0][1] == [focal_point]


def test_error_outside_the_library_fails_the_run_with_reason_and_retry(
        client, focal_point, other_focal_point, country, survey_csv, told, monkeypatch):
    client.force_login(focal_point)
    upload(client, survey_csv, country)
    record = SurveyUpload.objects.get()
    good = start(client, record)
    run_worker()
    client.post(f"/en/surveys/runs/{good.pk}/save/", {"period": 2019})
    saved = {o.pk: o.value for o in Observation.objects.all()}
    client.get(f"/en/surveys/runs/{good.pk}/")  # seen

    # Storing the result raises (as the NaN check once did): not the library's error.
    from target87.surveys import services

    def broken():
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "software_version", broken)
    bad = start(client, record, by=["area"])
    run_worker()
    bad.refresh_from_db()
    assert bad.status == RunStatus.FAILED and bad.finished_at is not None
    assert (bad.error_code, bad.error_params) == (
        "unexpected", {"kind": "RuntimeError", "text": "disk full"})
    job = JobProgress.objects.get(result_id=bad.result_id)
    assert job.status == JobStatus.FAILED
    assert DBTaskResult.objects.get(pk=bad.result_id).status == TaskResultStatus.FAILED
    assert {o.pk: o.value for o in Observation.objects.all()} == saved  # earlier kept
    assert [kind for kind, *_ in told][-1] == "survey_run.failed"
    assert str(told[-1][3]["reason"]) == "Unexpected error (RuntimeError): disk full"

    # "My work" lists the ended run until its owner has looked at it.
    titles = [item.title for item in work_items(focal_point) if item.kind.startswith("survey")]
    assert titles == [f"Survey estimate #{bad.pk} (lfs-2019.csv) failed: see why"]
    assert not [i for i in work_items(other_focal_point) if i.kind.startswith("survey")]
    page = client.get(f"/fr/surveys/runs/{bad.pk}/").content.decode()
    assert "Erreur inattendue (RuntimeError) : disk full" in page
    assert "Réessayer" in page
    assert not [i for i in work_items(focal_point) if i.kind.startswith("survey")]

    # Retry: a new run with the same settings; the failed one stays with its reason.
    monkeypatch.undo()
    response = client.post(f"/en/surveys/runs/{bad.pk}/retry/")
    again = EstimateRun.objects.latest("pk")
    assert response["Location"] == f"/en/surveys/runs/{again.pk}/"
    assert (again.options, again.mapping, again.upload) == (bad.options, bad.mapping, record)
    run_worker()
    again.refresh_from_db()
    bad.refresh_from_db()
    assert again.status == RunStatus.FINISHED and bad.status == RunStatus.FAILED
    # The same through the job's own page.
    response = client.post(f"/en/jobs/{bad.result_id}/retry/")
    assert response["Location"] == f"/en/surveys/runs/{EstimateRun.objects.latest('pk').pk}/"
    client.force_login(other_focal_point)
    assert client.post(f"/en/surveys/runs/{bad.pk}/retry/").status_code == 403


def lose_worker(run, percent=40):
    """The state a killed worker leaves: claimed, "running", and no heartbeat since."""
    started = timezone.now() - dt.timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=run.result_id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["killed-worker"])
    JobProgress.objects.filter(result_id=run.result_id).update(
        status=JobStatus.RUNNING, done=percent, message="estimating by sex and age group")
    EstimateRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=started)


def test_run_of_a_lost_worker_runs_again(client, focal_point, country, survey_csv):
    client.force_login(focal_point)
    upload(client, survey_csv, country)
    run = start(client, SurveyUpload.objects.get())
    lose_worker(run)
    run_worker()  # a worker coming up settles it first, then runs it
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    assert len(DBTaskResult.objects.get(pk=run.result_id).worker_ids) == 2


def test_run_of_a_lost_worker_fails_with_reason_when_no_attempt_is_left(
        client, focal_point, country, survey_csv, settings, told):
    settings.JOB_MAX_ATTEMPTS = 1
    client.force_login(focal_point)
    upload(client, survey_csv, country)
    run = start(client, SurveyUpload.objects.get())
    lose_worker(run)
    # No worker at all: the progress bar's own poll ends it.
    state = client.get(f"/en/surveys/runs/{run.pk}/status/").json()
    assert state["status"] == "failed"
    assert state["error"].startswith("The worker running this job stopped")
    run.refresh_from_db()
    assert (run.status, run.error_code) == (RunStatus.FAILED, "worker_lost")
    page = client.get(f"/ru/surveys/runs/{run.pk}/").content.decode()
    assert "Процесс, выполнявший это задание, остановился" in page
    assert [kind for kind, *_ in told] == ["survey_run.failed"]


def test_sex_as_extra_grouping_is_accepted_as_already_included(client, focal_point, country,
                                                               survey_csv):
    client.force_login(focal_point)
    upload(client, survey_csv, country)
    record = SurveyUpload.objects.get()
    page = client.post(f"/en/surveys/uploads/{record.pk}/",
                       {**CUSTOM, "by": ["sex", "area"], "action": "preview"}).content.decode()
    assert "results by sex are always estimated, so it is already included" in page
    assert "error-summary" not in page and "<code>econ_hours</code>" in page

    run = start(client, record, by=["sex", "area"])
    assert run.options["by"] == ["area"]
    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    assert "already included" in page  # said again on the run's page
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    # no labels in a CSV: 1 and 2 read as MICS codes, boys and girls
    assert '<th scope="row">Boys</th>' in page and '<th scope="row">Girls</th>' in page
    assert '<th scope="row">area: 1</th>' in page and "Sex: " not in page


def test_sex_column_chosen_only_as_grouping_becomes_the_sex_variable(
        client, focal_point, country, survey_csv):
    client.force_login(focal_point)
    upload(client, survey_csv, country)
    record = SurveyUpload.objects.get()
    run = start(client, record, sex="", by=["sex"])
    assert run.mapping["sex"] == "sex" and run.options["by"] == []


def test_grouping_error_is_listed_at_the_top_and_the_preview_kept(client, focal_point, country,
                                                                  tmp_path):
    frame = survey_frame()
    frame["basis"] = frame["area"]  # a column named like a result column
    path = write_csv(tmp_path / "lfs-basis.csv", frame)
    client.force_login(focal_point)
    upload(client, path, country)
    record = SurveyUpload.objects.get()
    page = client.post(f"/en/surveys/uploads/{record.pk}/",
                       {**CUSTOM, "by": ["basis"], "action": "run"}).content.decode()
    assert EstimateRun.objects.count() == 0
    summary = page.index('class="error-summary"')
    assert summary < page.index('class="mapping-form"')
    assert page.index("Column basis has the name of a result column", summary) < page.index(
        'class="mapping-form"')
    assert 'href="#id_by"' in page
    assert "<code>econ_hours</code>" in page and "Child labour (SNA)" in page  # preview kept


def test_job_page_says_the_library_reason_in_the_reader_language(client, focal_point, country,
                                                                  bad_csv):
    from django.utils import translation

    client.force_login(focal_point)
    upload(client, bad_csv, country)
    run = start(client, SurveyUpload.objects.get())
    run_worker()
    run.refresh_from_db()
    job = JobProgress.objects.get(result_id=run.result_id)
    assert run.status == RunStatus.FAILED and job.status == JobStatus.FAILED
    with translation.override("fr"):
        assert job.error_message() == run.error_message() != run.error
    page = client.get(f"/fr/jobs/{run.result_id}/detail/").content.decode()
    assert "Réessayer" in page
