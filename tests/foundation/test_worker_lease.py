"""Background jobs never hang: a worker killed in the middle of a job, a job that raises, a
job that runs too long. The workers here are real processes, killed for real."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from tests.foundation.sample_tasks import explode, hold

from target87.core import jobs
from target87.core.jobs import enqueue_with_progress
from target87.core.models import JobProgress, JobStatus, WorkerHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
LEASE = 1.0


def start_worker(env, log: Path) -> subprocess.Popen:
    """``target87 worker`` in its own process, beating every quarter of a one-second lease."""
    env = {**env, "TARGET87_JOB_LEASE_SECONDS": str(LEASE),
           "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-m", "target87", "worker", "--interval", "0.05"],
                            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def wait_for(predicate, what: str, log: Path | None = None, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    detail = log.read_text() if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{detail}")


def running(result_id):
    def check():
        job = JobProgress.objects.get(result_id=result_id)
        task = DBTaskResult.objects.get(pk=result_id)
        return job.status == JobStatus.RUNNING and task.status == TaskResultStatus.RUNNING
    return check


def kill_mid_job(shared_database, tmp_path, marker) -> str:
    """Queue a job, let a worker process start it, kill the process (SIGKILL: no cleanup)."""
    result_id = enqueue_with_progress(hold, "hold", total=2, marker=str(marker))
    log = tmp_path / "worker.log"
    worker = start_worker(shared_database, log)
    try:
        wait_for(running(result_id), "the worker to start the job", log)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    # Killed: nothing was recorded, the job looks "running" until its lease runs out.
    assert JobProgress.objects.get(result_id=result_id).status == JobStatus.RUNNING
    assert DBTaskResult.objects.get(pk=result_id).status == TaskResultStatus.RUNNING
    time.sleep(LEASE + 0.2)
    return result_id


def test_job_of_a_killed_worker_is_run_again(shared_database, tmp_path, settings):
    settings.JOB_LEASE_SECONDS = LEASE
    marker = tmp_path / "release"
    result_id = kill_mid_job(shared_database, tmp_path, marker)
    marker.touch()  # the second run is not held

    call_command("worker", batch=True, interval=0.01)  # another worker comes up

    task = DBTaskResult.objects.get(pk=result_id)
    assert task.status == TaskResultStatus.SUCCESSFUL and task.return_value == "released"
    assert len(task.worker_ids) == 2  # started by the killed worker, then by this one
    job = JobProgress.objects.get(result_id=result_id)
    assert (job.status, job.done, job.message) == (JobStatus.FINISHED, 2, "released")


def test_job_of_a_killed_worker_fails_with_reason_when_no_attempt_is_left(
        shared_database, tmp_path, settings, client, secretariat):
    settings.JOB_LEASE_SECONDS = LEASE
    settings.JOB_MAX_ATTEMPTS = 1
    JobProgress.objects.all().delete()
    result_id = kill_mid_job(shared_database, tmp_path, tmp_path / "never")
    JobProgress.objects.filter(result_id=result_id).update(owner=secretariat)

    # No worker is left: the status page itself notices the lost lease.
    client.force_login(secretariat)
    data = client.get(f"/en/jobs/{result_id}/").json()
    assert data["status"] == "failed"
    assert data["error"].startswith("The worker running this job stopped before the job ended")
    assert data["retry"] == f"/en/jobs/{result_id}/retry/"
    assert DBTaskResult.objects.get(pk=result_id).status == TaskResultStatus.FAILED
    french = client.get(f"/fr/jobs/{result_id}/detail/").content.decode()
    assert "Le processus qui exécutait cette tâche s’est arrêté" in french
    assert f'action="/fr/jobs/{result_id}/retry/"' in french


def test_a_living_worker_keeps_its_job_past_the_lease(shared_database, tmp_path, settings):
    settings.JOB_LEASE_SECONDS = LEASE
    marker = tmp_path / "release"
    result_id = enqueue_with_progress(hold, "hold", total=2, marker=str(marker))
    log = tmp_path / "worker.log"
    worker = start_worker(shared_database, log)
    try:
        wait_for(running(result_id), "the worker to start the job", log)
        time.sleep(2 * LEASE)
        assert jobs.recover_abandoned() == []  # it beats: its job is left alone
        assert WorkerHeartbeat.objects.count() == 1 and jobs.live_workers() == 1
        marker.touch()
        wait_for(lambda: JobProgress.objects.get(result_id=result_id).status
                 == JobStatus.FINISHED, "the job to finish", log)
    finally:
        worker.send_signal(signal.SIGTERM)  # stops when idle, removing its heartbeat
        worker.wait(timeout=30)
    assert worker.returncode == 0
    assert len(DBTaskResult.objects.get(pk=result_id).worker_ids) == 1
    assert not WorkerHeartbeat.objects.exists()


def test_exception_ends_the_job_failed_with_its_reason_and_retry(client, secretariat,
                                                                  focal_point):
    result_id = enqueue_with_progress(explode, "sums", owner=focal_point, total=4,
                                      text="the numbers do not add up")
    call_command("worker", batch=True, interval=0.01)

    job = JobProgress.objects.get(result_id=result_id)
    assert (job.status, job.error_code) == (JobStatus.FAILED, "unexpected")
    assert job.error_params == {"kind": "ValueError", "text": "the numbers do not add up"}
    client.force_login(focal_point)
    data = client.get(f"/en/jobs/{result_id}/").json()
    assert data["error"] == "Unexpected error (ValueError): the numbers do not add up"
    page = client.get(f"/es/jobs/{result_id}/detail/").content.decode()
    assert "Error inesperado (ValueError): the numbers do not add up" in page
    assert "Reintentar" in page

    # Retry queues the same job again; the failed one stays as it was.
    response = client.post(f"/en/jobs/{result_id}/retry/")
    new = JobProgress.objects.exclude(result_id=result_id).get()
    assert response["Location"] == f"/en/jobs/{new.result_id}/detail/"
    assert (new.label, new.owner, new.status) == ("sums", focal_point, JobStatus.QUEUED)
    assert DBTaskResult.objects.get(pk=new.result_id).args_kwargs["kwargs"] == {
        "text": "the numbers do not add up"}
    assert JobProgress.objects.get(result_id=result_id).status == JobStatus.FAILED
    # Only a failed job is retried; only its owner or the Secretariat may.
    response = client.post(f"/en/jobs/{new.result_id}/retry/", follow=True)
    assert "Only a failed job can be run again." in response.content.decode()
    client.force_login(secretariat)
    assert client.get(f"/en/jobs/{result_id}/").status_code == 200


def test_other_people_neither_see_nor_retry_a_job(client, focal_point, other_focal_point,
                                                  gcg_member):
    result_id = enqueue_with_progress(explode, "sums", owner=focal_point, text="no")
    call_command("worker", batch=True, interval=0.01)
    for user in (other_focal_point, gcg_member):
        client.force_login(user)
        assert client.get(f"/en/jobs/{result_id}/").status_code == 403
        assert client.get(f"/en/jobs/{result_id}/detail/").status_code == 403
        assert client.post(f"/en/jobs/{result_id}/retry/").status_code == 403
    assert JobProgress.objects.count() == 1


def test_job_running_too_long_is_stopped_and_failed(settings, tmp_path):
    settings.JOB_TIMEOUT_SECONDS = 0.5
    result_id = enqueue_with_progress(hold, "hold", total=2, marker=str(tmp_path / "never"))
    started = time.monotonic()
    call_command("worker", batch=True, interval=0.01)
    assert time.monotonic() - started < 30
    job = JobProgress.objects.get(result_id=result_id)
    assert (job.status, job.error_code) == (JobStatus.FAILED, "timed_out")
    assert job.error_message() == (
        "The job was stopped after 0.5 seconds, the longest a job may run.")
    assert DBTaskResult.objects.get(pk=result_id).status == TaskResultStatus.FAILED
