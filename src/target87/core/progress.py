"""Progress reporting for background tasks run by ``target87 worker``.

A job's record goes queued → running → finished or failed. Tasks call ``report``; the end
is recorded by ``target87.core.jobs`` when the task returns or raises, so a task that
forgets to say it is done, or dies, still ends.
"""

from __future__ import annotations

from django.db.models import F

from target87.core.models import JobProgress, JobStatus


def start(result_id: str, label: str, total: int = 1, owner=None, url: str = "") -> JobProgress:
    """Create the progress record of a queued job. A worker may already have reported on it
    (it can start the job before this runs): what it reported is kept."""
    progress, created = JobProgress.objects.get_or_create(
        result_id=result_id,
        defaults={"label": label, "total": max(1, total), "owner": owner, "url": url[:300]},
    )
    if not created:
        progress.label, progress.owner, progress.url = label, owner, url[:300]
        progress.save(update_fields=["label", "owner", "url", "updated_at"])
    return progress


def report(result_id: str, done: int, total: int | None = None, message: str = "") -> None:
    total = max(1, total) if total is not None else None
    record, _ = JobProgress.objects.get_or_create(
        result_id=result_id, defaults={"label": "", "total": total or 1})
    if record.is_done:
        return  # a late report from a job already ended (say, after a lost lease) changes nothing
    record.total = total or record.total
    record.done = max(0, min(done, record.total))
    record.message = message[:500]
    record.status = JobStatus.RUNNING
    record.save(update_fields=["total", "done", "message", "status", "updated_at"])


def finish(result_id: str, message: str = "") -> None:
    """Mark the job finished (complete), unless it already failed."""
    updates = {"status": JobStatus.FINISHED, "done": F("total")}
    if message:
        updates["message"] = message[:500]
    (JobProgress.objects.filter(result_id=result_id)
     .exclude(status=JobStatus.FAILED).update(**updates))


def fail(result_id: str, error: str, code: str = "", params: dict | None = None) -> None:
    """Mark the job failed with its reason: the English text, and the code and values it
    is said with in each reader's language (see ``target87.core.jobs.REASONS``)."""
    JobProgress.objects.filter(result_id=result_id).update(
        status=JobStatus.FAILED, error=error or code or "failed", error_code=code[:64],
        error_params=params or {})


def requeue(result_id: str, message: str = "") -> None:
    """The job waits to be run again: its progress starts over."""
    JobProgress.objects.filter(result_id=result_id).update(
        status=JobStatus.QUEUED, done=0, message=message[:500], error="", error_code="",
        error_params={})
