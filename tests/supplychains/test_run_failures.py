"""A failed footprint run says why in the reader's language, and can be run again."""

import ast
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

import target87
from target87.core import jobs
from target87.core.models import JobProgress, JobStatus
from target87.supplychains import errors
from target87.supplychains.models import FootprintRun, RunStatus

from .test_footprints import upload

pytestmark = pytest.mark.django_db(transaction=True)
MEASURE = Path(target87.__file__).parent / "measure"


def run_worker():
    call_command("worker", batch=True, interval=0.01)


def raised_templates():
    """Every (code, template) the footprint library raises with, read from its source."""
    found = set()
    for name in ("io_readers.py", "io_analysis.py"):
        for node in ast.walk(ast.parse((MEASURE / name).read_text("utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "IOInputError"
                    and len(node.args) >= 2 and isinstance(node.args[0], ast.Constant)):
                found.add((node.args[0].value, ast.literal_eval(node.args[1])))
    return found


@pytest.mark.django_db(transaction=False)
def test_every_reason_the_library_gives_is_in_the_catalogue():
    raised = raised_templates()
    assert len(raised) > 30
    assert raised <= set(errors.TEMPLATES), sorted(raised - set(errors.TEMPLATES))


def test_a_bad_satellite_is_said_in_the_readers_language(client, secretariat):
    client.force_login(secretariat)
    upload(client, satellite=b"region,sector,child_labour\nA,AGR,100\nZZ,AGR,5\n",
           satellite_name="wrong-regions.csv")
    run_worker()
    run = FootprintRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert run.error_code == "io_satellite_region_unknown"
    assert run.error_params["file"] == "wrong-regions.csv"  # the upload's name, not the path
    with translation.override("en"):
        assert run.error_message() == run.error
    with translation.override("fr"):
        french = run.error_message()
    assert french != run.error and "wrong-regions.csv" in french and "'ZZ'" in french
    page = client.get(f"/fr/supply-chains/runs/{run.pk}/").content.decode()
    assert "wrong-regions.csv" in page and "Réessayer" in page
    # the job list of failed jobs says it too (the reasons are registered with core.jobs)
    job = JobProgress.objects.get(result_id=run.result_id)
    assert job.error_code == "io_satellite_region_unknown"
    with translation.override("fr"):
        assert job.error_message() == french


def test_a_text_from_another_version_stays_in_english():
    run = FootprintRun(status=RunStatus.FAILED, error="something else happened",
                       error_code="io_satellite_region_unknown",
                       error_params={"file": "x.csv", "row": 2, "label": "ZZ", "choices": "A"})
    with translation.override("fr"):
        assert run.error_message() == "something else happened"
    run.error_code = "io_no_such_code"
    with translation.override("fr"):
        assert run.error_message() == "something else happened"


def test_an_unexpected_error_is_said_in_the_readers_language(client, secretariat,
                                                             monkeypatch):
    from target87.measure import io_analysis

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(io_analysis, "footprint", broken)
    client.force_login(secretariat)
    upload(client)
    run_worker()
    run = FootprintRun.objects.get()
    assert (run.error_code, run.error_params) == (
        jobs.UNEXPECTED, {"kind": "RuntimeError", "text": "disk full"})
    with translation.override("fr"):
        assert run.error_message() != run.error and "disk full" in run.error_message()


def test_retry_runs_the_same_files_again_and_keeps_the_failed_run(client, secretariat,
                                                                   monkeypatch):
    from target87.measure import io_analysis

    real = io_analysis.footprint
    monkeypatch.setattr(io_analysis, "footprint",
                        lambda *a, **k: (_ for _ in ()).throw(MemoryError()))
    client.force_login(secretariat)
    upload(client)
    run_worker()
    failed = FootprintRun.objects.get()
    assert failed.status == RunStatus.FAILED
    assert "Retry" in client.get(failed.get_absolute_url()).content.decode()
    monkeypatch.setattr(io_analysis, "footprint", real)
    response = client.post(f"/en/supply-chains/runs/{failed.pk}/retry/")
    again = FootprintRun.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == again.get_absolute_url()
    assert again.status == RunStatus.QUEUED and again.created_by == secretariat
    assert (again.mrio_file.name, again.satellite_file.name, again.stressor) == (
        failed.mrio_file.name, failed.satellite_file.name, failed.stressor)
    assert again.mrio_sha256 == failed.mrio_sha256
    run_worker()
    again.refresh_from_db()
    failed.refresh_from_db()
    assert again.status == RunStatus.FINISHED, again.error
    assert again.accounts.get(region="A").exports == pytest.approx(80)
    assert failed.status == RunStatus.FAILED and failed.error  # the failed run stays
    # a finished run is not run again
    response = client.post(f"/en/supply-chains/runs/{again.pk}/retry/", follow=True)
    assert "Only a failed footprint can be run again." in response.content.decode()
    assert FootprintRun.objects.count() == 2


def test_the_jobs_page_retry_starts_a_new_run(client, secretariat, monkeypatch):
    from target87.measure import io_analysis

    real = io_analysis.footprint
    monkeypatch.setattr(io_analysis, "footprint",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    client.force_login(secretariat)
    upload(client)
    run_worker()
    failed = FootprintRun.objects.get()
    assert JobProgress.objects.get(result_id=failed.result_id).status == JobStatus.FAILED
    monkeypatch.setattr(io_analysis, "footprint", real)
    url = jobs.retry(secretariat, failed.result_id)
    again = FootprintRun.objects.exclude(pk=failed.pk).get()
    assert url == again.get_absolute_url()


def test_only_the_secretariat_retries(client, secretariat, chair, monkeypatch):
    from target87.measure import io_analysis

    monkeypatch.setattr(io_analysis, "footprint",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    client.force_login(secretariat)
    upload(client)
    run_worker()
    failed = FootprintRun.objects.get()
    client.force_login(chair)
    assert client.post(f"/en/supply-chains/runs/{failed.pk}/retry/").status_code == 403
    assert FootprintRun.objects.count() == 1
