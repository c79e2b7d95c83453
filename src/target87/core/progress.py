"""Progress reporting for background tasks run by ``target87 worker``."""

from __future__ import annotations

from target87.core.models import JobProgress


def start(result_id: str, label: str, total: int = 1, owner=None) -> JobProgress:
    progress, _ = JobProgress.objects.update_or_create(
        result_id=result_id,
        defaults={"label": label, "total": max(1, total), "done": 0, "owner": owner,
                  "message": "", "error": ""},
    )
    return progress


def report(result_id: str, done: int, total: int | None = None, message: str = "") -> None:
    fields = {"done": done, "message": message[:500]}
    if total is not None:
        fields["total"] = max(1, total)
        fields["done"] = min(done, fields["total"])
    JobProgress.objects.filter(result_id=result_id).update(**fields)


def fail(result_id: str, error: str) -> None:
    JobProgress.objects.filter(result_id=result_id).update(error=error)
