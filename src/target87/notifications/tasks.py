"""Background tasks of notifications, run by ``target87 worker``."""

import datetime as dt
import logging

from django_tasks import task

log = logging.getLogger(__name__)
PERIODIC_INTERVAL = dt.timedelta(hours=1)


@task()
def deliver_email(email_id: int, attempt: int | None = None) -> str:
    """Send one stored email; failures are recorded on it and retried later."""
    from target87.notifications.services import send_email

    return send_email(email_id, attempt)


@task()
def periodic_work() -> dict:
    """Reminders, digests and lost emails, then the next run queued an hour later, so the
    worker keeps the schedule without cron."""
    from django.utils import timezone

    from target87.notifications.services import run_periodic

    try:
        return run_periodic()
    finally:
        schedule_periodic_work(timezone.now() + PERIODIC_INTERVAL)


def periodic_work_queued() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=periodic_work.module_path, status__in=["READY"]
    ).exists()


def schedule_periodic_work(when=None) -> bool:
    """Queue the next periodic run unless one is already waiting."""
    from django.conf import settings

    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return False
    if periodic_work_queued():
        return False
    periodic_work.using(run_after=when).enqueue() if when else periodic_work.enqueue()
    return True
