"""Deadline reminders for the questionnaires of open reporting cycles: 14 days before the
deadline, 3 days before, and once overdue. Each is sent once per questionnaire."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from target87.core.notify import notify
from target87.notifications import kinds
from target87.notifications.models import SentReminder

# questionnaires still waiting for the focal point
WAITING_STATUSES = ("draft", "returned")


class CountryName:
    """A country's name in whatever language is active when the text is written."""

    def __init__(self, country):
        self.country = country

    def __str__(self) -> str:
        return self.country.name_in()


def stage(deadline: dt.date, today: dt.date) -> str | None:
    days = (deadline - today).days
    if days < 0:
        return kinds.OVERDUE
    if days <= 3:
        return kinds.DEADLINE_3
    if days <= 14:
        return kinds.DEADLINE_14
    return None


def open_cycles(today: dt.date):
    """Cycles that have opened and are not closed (by whichever field the cycle keeps)."""
    from target87.monitoring.models import ReportingCycle

    cycles = ReportingCycle.objects.filter(opens_on__lte=today)
    fields = {field.name for field in ReportingCycle._meta.get_fields()}
    if "closed_at" in fields:
        cycles = cycles.filter(closed_at__isnull=True)
    if "closed_on" in fields:
        cycles = cycles.filter(closed_on__isnull=True)
    if "is_open" in fields:
        cycles = cycles.filter(is_open=True)
    if "status" in fields:
        cycles = cycles.filter(status="open")
    return cycles


SUBJECTS = {
    kinds.DEADLINE_14: _("%(country)s: the %(year)s progress questionnaire is due in "
                         "%(days)s days"),
    kinds.DEADLINE_3: _("%(country)s: the %(year)s progress questionnaire is due in "
                        "%(days)s days"),
    kinds.OVERDUE: _("%(country)s: the %(year)s progress questionnaire is overdue"),
}
BODIES = {
    kinds.DEADLINE_14: _("The deadline is %(deadline)s. Please complete and submit it."),
    kinds.DEADLINE_3: _("The deadline is %(deadline)s. Please complete and submit it."),
    kinds.OVERDUE: _("The deadline was %(deadline)s. Please submit it as soon as you can."),
}


def send_deadline_reminders(today: dt.date | None = None) -> int:
    """Remind the focal points of every questionnaire still waiting; returns how many
    reminders were sent (a questionnaire's reminder goes once for each stage)."""
    from target87.accounts.models import Role
    from target87.monitoring.models import Questionnaire

    today = today or timezone.localdate()
    sent = 0
    questionnaires = Questionnaire.objects.filter(
        cycle__in=open_cycles(today), status__in=WAITING_STATUSES,
    ).select_related("cycle", "country")
    for questionnaire in questionnaires:
        kind = stage(questionnaire.cycle.deadline, today)
        if kind is None:
            continue
        recipients = [
            assignment.user for assignment in questionnaire.country.role_assignments.filter(
                role=Role.FOCAL_POINT, user__is_active=True).select_related("user")
        ]
        try:
            with transaction.atomic():
                SentReminder.objects.create(key=f"{kind}:{questionnaire.pk}")
                notify(
                    recipients, kind, subject=SUBJECTS[kind], body=BODIES[kind],
                    params={
                        "country": CountryName(questionnaire.country),
                        "year": str(questionnaire.cycle.year),
                        "days": (questionnaire.cycle.deadline - today).days,
                        "deadline": questionnaire.cycle.deadline.isoformat(),
                    },
                    url=reverse("monitoring:questionnaire",
                                args=[questionnaire.country.iso3, questionnaire.cycle.year]),
                    obj=questionnaire,
                )
        except IntegrityError:
            continue  # already sent by an earlier run
        sent += 1
    return sent
