"""Background jobs that always end.

Tasks use the Django tasks API and run in ``target87 worker``; this module makes sure each
one ends finished or failed, and that its owner sees which and why:

- **Exceptions.** When a task raises, its progress record is marked failed with the reason
  kept as a code and values (said in each reader's language by ``describe_reason``), and
  the app that owns the task is told (``register_job(task, on_failed=...)``) so that its own
  record (a survey run, say) ends too.
- **Killed workers.** Each worker beats (``WorkerHeartbeat``) every
  ``JOB_HEARTBEAT_SECONDS``. A job still "running" under a worker that has not beaten for
  ``JOB_LEASE_SECONDS`` is abandoned: ``recover_abandoned`` queues it again while it has
  had fewer than ``JOB_MAX_ATTEMPTS`` starts, else fails it with the reason "worker
  stopped". Workers run it on start and between beats; status pages run it for the job
  they show, so a job is settled even when no worker is left.
- **Endless jobs.** A job running longer than ``JOB_TIMEOUT_SECONDS`` is interrupted and
  fails (see the worker command).
- **Retry.** ``retry(user, result_id)`` runs a failed job again as a new job (or as the
  owning app decides: a survey run starts a new run with the same settings); nothing the
  failed one left is removed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext, gettext_noop
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from target87.core import progress
from target87.core.models import JobProgress, JobStatus, WorkerHeartbeat

logger = logging.getLogger(__name__)

WORKER_LOST = "worker_lost"
TIMED_OUT = "timed_out"
UNEXPECTED = "unexpected"

#: reason code -> English template (the msgid), filled with the reason's values.
REASONS: dict[str, str] = {
    WORKER_LOST: gettext_noop(
        "The worker running this job stopped before the job ended (its process was ended "
        "or its machine restarted)."),
    TIMED_OUT: gettext_noop(
        "The job was stopped after %(seconds)s seconds, the longest a job may run."),
    UNEXPECTED: gettext_noop("Unexpected error (%(kind)s): %(text)s"),
}
REQUEUED_MESSAGE = gettext_noop(
    "The worker running this job stopped; the job is queued to run again.")


class JobTimeout(Exception):
    """Raised inside a task that ran longer than ``JOB_TIMEOUT_SECONDS``."""


class WorkerLost(Exception):
    """Recorded for a job whose worker stopped beating (never raised)."""


# --- settings --------------------------------------------------------------------------------


def lease_seconds() -> float:
    return float(getattr(settings, "JOB_LEASE_SECONDS", 60))


def heartbeat_seconds() -> float:
    beat = getattr(settings, "JOB_HEARTBEAT_SECONDS", None)
    return float(beat) if beat else max(0.2, lease_seconds() / 4)


def max_attempts() -> int:
    return max(1, int(getattr(settings, "JOB_MAX_ATTEMPTS", 2)))


def timeout_seconds() -> float:
    return float(getattr(settings, "JOB_TIMEOUT_SECONDS", 3600))


# --- reasons ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobFailure:
    """Why a job failed: ``code`` and ``params`` say it in any language; ``text`` in English."""

    code: str
    params: dict
    text: str

    def message(self) -> str:
        return describe_reason(self.code, self.params, self.text)


# Apps whose tasks fail with reasons of their own say them: describe(code, params) returns
# the message in the active language, or None for a code it does not know.
_DESCRIBERS: list[Callable] = []


def register_reasons(describe: Callable) -> None:
    _DESCRIBERS.append(describe)


def describe_reason(code: str | None, params: dict | None, fallback: str) -> str:
    """The reason in the active language (``fallback`` for a code nobody knows)."""
    template = REASONS.get(code or "")
    if template is None:
        for describe in _DESCRIBERS:
            message = describe(code, params or {})
            if message:
                return message
        return fallback
    try:
        return gettext(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return fallback


def _failure(code: str, **params) -> JobFailure:
    return JobFailure(code, params, REASONS[code] % params)


def failure_of(task_result) -> JobFailure:
    """The reason a finished task failed, from the exception the backend recorded."""
    error = task_result.errors[-1] if task_result.errors else None
    path = getattr(error, "exception_class_path", "") or ""
    traceback = (getattr(error, "traceback", "") or "").strip()
    kind = path.rsplit(".", 1)[-1] or "Error"
    if path.endswith(".JobTimeout"):
        return _failure(TIMED_OUT, seconds=f"{timeout_seconds():g}")
    if path.endswith(".WorkerLost"):
        return _failure(WORKER_LOST, attempts=len(task_result.worker_ids or ()) or 1)
    # The last line of a traceback is "package.Kind: message".
    last = traceback.splitlines()[-1] if traceback else ""
    text = last.split(": ", 1)[1] if ": " in last else last
    return _failure(UNEXPECTED, kind=kind, text=text[:500])


# --- the apps that own tasks -----------------------------------------------------------------


@dataclass(frozen=True)
class JobHooks:
    # on_failed(result_id, kwargs, failure): end the app's own record as failed
    on_failed: Callable | None = None
    # on_requeued(result_id, kwargs): the job will run again after its worker was lost
    on_requeued: Callable | None = None
    # retry(user, result_id, kwargs) -> url: start the job again; the url shows it
    retry: Callable | None = None


_HOOKS: dict[str, JobHooks] = {}


def register_job(task, *, on_failed=None, on_requeued=None, retry=None) -> None:
    """Tell the jobs machinery how the app that owns ``task`` ends and restarts it."""
    _HOOKS[task.module_path] = JobHooks(on_failed, on_requeued, retry)


def _hooks(task_path: str) -> JobHooks:
    return _HOOKS.get(task_path) or JobHooks()


# --- enqueueing ------------------------------------------------------------------------------


def enqueue_with_progress(task, label: str, owner=None, total: int = 1, url: str = "",
                          **kwargs) -> str:
    """Enqueue ``task`` (a django-tasks Task taking ``result_id`` as keyword) and create its
    progress record. Returns the result id to poll at ``core:job_progress``; ``url`` is the
    page that shows the job's result to its owner."""
    result = task.enqueue(**kwargs)
    record = progress.start(result.id, label=label, total=total, owner=owner, url=url)
    return record.result_id


@receiver(task_finished, dispatch_uid="target87.core.jobs.record_outcome")
def record_outcome(sender, task_result, **kwargs) -> None:
    """A task returned or raised: end its progress record and, on failure, tell its app.

    Runs in the worker right after the backend stored the outcome; it must never raise (an
    exception here would stop the worker), so a failure to record is only logged.
    """
    try:
        result_id = str(task_result.id)
        if task_result.status == TaskResultStatus.SUCCESSFUL:
            progress.finish(result_id)
        elif task_result.status == TaskResultStatus.FAILED:
            _record_failure(result_id, task_result.task.module_path,
                            dict(task_result.kwargs or {}), failure_of(task_result))
    except Exception:
        logger.exception("could not record the outcome of job %s", task_result.id)


def _record_failure(result_id: str, task_path: str, kwargs: dict, failure: JobFailure) -> None:
    progress.fail(result_id, failure.text, failure.code, failure.params)
    hook = _hooks(task_path).on_failed
    if hook is not None:
        hook(result_id, kwargs, failure)


# --- workers and leases ----------------------------------------------------------------------


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(12)}"[:64]


def beat(worker_id: str) -> None:
    """Record that the worker ``worker_id`` is alive."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=socket.gethostname(),
                                       pid=os.getpid(), beat_at=now)


def forget(worker_id: str) -> None:
    """A worker stopping cleanly removes its heartbeat (and those dead for a day)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
    WorkerHeartbeat.objects.filter(
        beat_at__lt=timezone.now() - dt.timedelta(days=1)).delete()


def live_workers(now=None) -> int:
    """How many workers have beaten within the lease."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=lease_seconds())
    return WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).count()


def _db_results():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


def recover_abandoned(now=None, result_id: str | None = None) -> list[tuple[str, str]]:
    """Settle the jobs whose worker stopped beating: queue each again, or fail it after
    ``JOB_MAX_ATTEMPTS`` starts. Returns ``[(result id, "requeued" | "failed")]``.

    ``result_id`` limits the check to one job (for a status page).
    """
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return []
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=lease_seconds())
    running = _db_results().filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    if result_id is not None:
        running = running.filter(pk=result_id)
    candidates = list(running.values_list("pk", flat=True)[:100])
    if not candidates:
        return []
    live = set(WorkerHeartbeat.objects.filter(beat_at__gte=cutoff)
               .values_list("worker_id", flat=True))
    settled = []
    for pk in candidates:
        outcome = _settle(pk, live, now)
        if outcome:
            settled.append((str(pk), outcome))
    return settled


def _settle(pk, live: set[str], now) -> str | None:
    with transaction.atomic():
        record = (_db_results().select_for_update(skip_locked=True)
                  .filter(pk=pk, status=TaskResultStatus.RUNNING).first())
        if record is None or (record.worker_ids and record.worker_ids[-1] in live):
            return None
        attempts = len(record.worker_ids or ())
        if attempts < max_attempts():
            record.status = TaskResultStatus.READY
            record.started_at = None
            record.save(update_fields=["status", "started_at"])
            outcome = "requeued"
        else:
            failure = _failure(WORKER_LOST, attempts=attempts)
            record.status = TaskResultStatus.FAILED
            record.finished_at = now
            record.return_value = None
            record.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
            record.traceback = f"{record.exception_class_path}: {failure.text}"
            record.save(update_fields=["status", "finished_at", "return_value",
                                       "exception_class_path", "traceback"])
            outcome = "failed"
        task_path = record.task_path
        kwargs = dict((record.args_kwargs or {}).get("kwargs") or {})
    result_id = str(pk)
    logger.warning("job %s (%s): worker %s stopped beating; %s", result_id, task_path,
                   (record.worker_ids or ["?"])[-1], outcome)
    try:
        if outcome == "requeued":
            progress.requeue(result_id, REQUEUED_MESSAGE)
            hook = _hooks(task_path).on_requeued
            if hook is not None:
                hook(result_id, kwargs)
        else:
            _record_failure(result_id, task_path, kwargs, failure)
    except Exception:
        logger.exception("could not record the recovery of job %s", result_id)
    return outcome


def settle(job: JobProgress) -> JobProgress:
    """Recover ``job`` if its worker is gone, and return it fresh (for status pages)."""
    if not job.is_done and recover_abandoned(result_id=job.result_id):
        job.refresh_from_db()
    return job


# --- retry -----------------------------------------------------------------------------------


def retry(user, result_id: str) -> str:
    """Run a failed job again; returns the url of the page that follows it."""
    from django.urls import reverse
    from django_tasks import default_task_backend
    from django_tasks.exceptions import TaskResultDoesNotExist

    from target87.accounts.permissions import Action, can

    job = JobProgress.objects.filter(result_id=result_id).first()
    if job is None or not can(user, Action.CHANGE, job):
        raise PermissionDenied(gettext("You may not run this job again."))
    if job.status != JobStatus.FAILED:
        raise ValidationError(gettext("Only a failed job can be run again."))
    try:
        previous = default_task_backend.get_result(result_id)
        task = previous.task
    except (TaskResultDoesNotExist, ImportError, ValueError):
        raise ValidationError(gettext("This job can no longer be run again.")) from None
    kwargs = dict(previous.kwargs or {})
    hook = _hooks(task.module_path).retry
    if hook is not None:
        return hook(user, result_id, kwargs)
    new_id = enqueue_with_progress(task, job.label, owner=job.owner, total=job.total,
                                   url=job.url, **kwargs)
    return job.url or reverse("core:job_detail", args=[new_id])
