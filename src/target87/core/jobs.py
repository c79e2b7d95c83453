"""Running a task in the background with a progress record the pages can poll."""

from __future__ import annotations

from target87.core import progress


def enqueue_with_progress(task, label: str, owner=None, total: int = 1, **kwargs) -> str:
    """Enqueue ``task`` (a django-tasks Task taking ``result_id`` as keyword) and create its
    progress record. Returns the result id to poll at ``core:job_progress``."""
    result = task.enqueue(**kwargs)
    record = progress.start(result.id, label=label, total=total, owner=owner)
    return record.result_id
