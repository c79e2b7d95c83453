""""My work": each person's open tasks, contributed by the apps that own them.

An app registers ``func(user) -> Iterable[WorkItem]`` in its ``AppConfig.ready`` with
``register_work_provider(key, func)``. A provider returns only the tasks the user's roles
cover (ask ``target87.accounts.permissions``); the page sorts and counts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_PROVIDERS: dict[str, Callable] = {}


@dataclass(frozen=True)
class WorkItem:
    kind: str  # a stable key, e.g. "questionnaire.fill"
    title: str  # in the active language
    url: str  # where the task is done
    due: dt.date | None = None
    created: dt.datetime | None = None
    overdue: bool = False


def register_work_provider(key: str, func: Callable[..., Iterable[WorkItem]]) -> None:
    _PROVIDERS[key] = func


def work_items(user) -> list[WorkItem]:
    """The user's open tasks, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[WorkItem] = []
    for func in _PROVIDERS.values():
        items.extend(func(user))
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    items.sort(key=lambda item: item.created or epoch, reverse=True)
    return items


# A failed job stays on the Secretariat's list this long; after that it is history.
FAILED_JOB_WINDOW = dt.timedelta(days=30)


def failed_jobs(since=None):
    """Background jobs that failed recently and were not run again since, latest first."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from target87.core.models import JobProgress, JobStatus

    since = since or timezone.now() - FAILED_JOB_WINDOW
    run_again = JobProgress.objects.filter(
        label=OuterRef("label"), owner=OuterRef("owner"), created_at__gt=OuterRef("created_at"))
    return (JobProgress.objects.filter(status=JobStatus.FAILED, updated_at__gte=since)
            .exclude(Exists(run_again)).select_related("owner").order_by("-updated_at"))


def failed_job_items(user):
    """The Secretariat looks into every failed job (owners see theirs in their own app)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from target87.accounts.permissions import is_secretariat

    if not is_secretariat(user):
        return
    for job in failed_jobs():
        yield WorkItem(
            kind="core.failed_job",
            title=_("Failed background job: %(label)s") % {"label": job.label},
            # the job's page says why it failed and offers to run it again
            url=reverse("core:job_detail", args=[job.result_id]),
            created=job.updated_at,
        )
