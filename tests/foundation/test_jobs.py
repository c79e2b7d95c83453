import pytest
from django.core.management import call_command

from target87.core.jobs import enqueue_with_progress
from target87.core.models import JobProgress

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_runs_queued_job_and_reports_progress(client, secretariat, focal_point):
    from tests.foundation.sample_tasks import count_to

    result_id = enqueue_with_progress(count_to, "count", owner=secretariat, total=3, n=3)
    job = JobProgress.objects.get(result_id=result_id)
    assert job.percent == 0
    call_command("worker", batch=True, interval=0.01)
    job.refresh_from_db()
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert count_to.get_result(result_id).return_value == 3
    client.force_login(secretariat)
    data = client.get(f"/en/jobs/{result_id}/").json()
    assert data["status"] == "finished" and data["message"] == "step 3 of 3"
    client.force_login(focal_point)
    assert client.get(f"/en/jobs/{result_id}/").status_code == 403


def test_progress_reported_before_the_record_is_created_is_kept():
    from target87.core import progress

    progress.report("early-job", 2, total=4, message="half way")
    record = progress.start("early-job", "late start", total=4)
    assert (record.done, record.total, record.label) == (2, 4, "late start")
