"""Progress reporting for background tasks run by ``target87 worker``."""

from __future__ import annotations

from target87.core.models import JobProgress


def start(result_id: str, label: str, total: int = 1, owner=None) -> JobProgress:
    """Create the progress record of a queued job. A worker may already have reported on it
    (it can start the job before this runs): what it reported is kept."""
    progress, created = JobProgress.objects.get_or_create(
        result_id=result_id,
        defaults={"label": label, "total": max(1, total), "owner": owner},
    )
    if not created:
        progress.label, progress.owner = label, owner
        progress.save(update_fields=["label", "owner", "updated_at"])
    return progress


def report(result_id: str, done: int, total: int | None = None, message: str = "") -> None:
    total = max(1, total) if total is not None else None
    record, _ = JobProgress.objects.get_or_create(
        result_id=result_id, defaults={"label": "", "total": total or 1})
    record.total = total or record.total
    record.done = min(done, record.total)
    record.message = message[:500]
    record.save(update_fields=["total", "done", "message", "updated_at"])


def fail(result_id: str, error: str) -> None:
    JobProgress.objects.filter(result_id=result_id).update(error=error)
