"""The monitoring tasks on each person's "My work" list.

- focal point: the questionnaire to fill, returned for revision, or overdue; draft values
  (outside a questionnaire being filled) to submit;
- Secretariat: questionnaires to review; cycles closing within 14 days.

Each is limited to the countries the person's roles cover.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from target87.accounts.permissions import focal_country_ids, is_secretariat
from target87.core.work import WorkItem, register_work_provider
from target87.monitoring import cycles
from target87.monitoring.models import (
    Observation,
    ObservationStatus,
    Questionnaire,
    QuestionnaireStatus,
    ReportingCycle,
)


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _questionnaire_url(q: Questionnaire) -> str:
    return reverse("monitoring:questionnaire", args=[q.country.iso3, q.cycle.year])


def focal_point_items(user) -> list[WorkItem]:
    countries = focal_country_ids(user)
    if not countries:
        return []
    today = timezone.localdate()
    items = []
    editable = (
        Questionnaire.objects.filter(
            country_id__in=countries,
            cycle__closed_at__isnull=True,
            status__in=[QuestionnaireStatus.DRAFT, QuestionnaireStatus.RETURNED],
        )
        .select_related("cycle", "country")
        .order_by("-cycle__year")
    )
    filling: set[tuple[int, int]] = set()
    for q in editable:
        filling.add((q.country_id, q.cycle.year))
        params = {"country": q.country.name_in(), "year": q.cycle.year}
        days = cycles.overdue_days(q, today)
        if q.status == QuestionnaireStatus.RETURNED:
            kind = "questionnaire.returned"
            title = _("Revise and resubmit the %(year)s progress questionnaire of %(country)s")
            created = q.decided_at
        elif days:
            kind = "questionnaire.overdue"
            title = _(
                "The %(year)s progress questionnaire of %(country)s is overdue (%(days)d days)"
            )
            params["days"] = days
            created = _midnight(q.cycle.deadline)
        else:
            kind = "questionnaire.fill"
            title = _("Fill in the %(year)s progress questionnaire of %(country)s")
            created = _midnight(q.cycle.opens_on)
        items.append(
            WorkItem(
                kind=kind,
                title=title % params,
                url=_questionnaire_url(q),
                due=q.cycle.deadline,
                created=created,
                overdue=bool(days),
            )
        )
    drafts: dict[tuple[int, int], list[Observation]] = {}
    for obs in Observation.objects.filter(
        country_id__in=countries, status=ObservationStatus.DRAFT
    ).select_related("country"):
        if (obs.country_id, obs.period) in filling:
            continue  # submitted with the questionnaire
        drafts.setdefault((obs.country_id, obs.period), []).append(obs)
    for (_country_id, period), rows in sorted(drafts.items(), key=lambda kv: -kv[0][1]):
        country = rows[0].country
        items.append(
            WorkItem(
                kind="values.draft",
                title=_("Submit %(n)d draft values of %(country)s for %(year)s")
                % {"n": len(rows), "country": country.name_in(), "year": period},
                url=reverse("monitoring:draft_values", args=[country.iso3]) + f"?year={period}",
                created=max(obs.updated_at for obs in rows),
            )
        )
    return items


def secretariat_items(user) -> list[WorkItem]:
    if not is_secretariat(user):
        return []
    today = timezone.localdate()
    items = []
    for q in Questionnaire.objects.filter(status=QuestionnaireStatus.SUBMITTED).select_related(
        "cycle", "country"
    ):
        items.append(
            WorkItem(
                kind="questionnaire.review",
                title=_("Review the %(year)s progress questionnaire of %(country)s")
                % {"country": q.country.name_in(), "year": q.cycle.year},
                url=_questionnaire_url(q),
                created=q.submitted_at,
            )
        )
    closing = ReportingCycle.objects.filter(
        closed_at__isnull=True,
        deadline__gte=today,
        deadline__lte=today + dt.timedelta(days=cycles.CLOSING_SOON_DAYS),
    )
    for cycle in closing:
        waiting = cycle.questionnaires.filter(
            status__in=[QuestionnaireStatus.DRAFT, QuestionnaireStatus.RETURNED]
        ).count()
        items.append(
            WorkItem(
                kind="cycle.closing",
                title=_(
                    "The %(year)s reporting cycle closes in %(days)d days; "
                    "%(waiting)d questionnaires not submitted"
                )
                % {"year": cycle.year, "days": (cycle.deadline - today).days, "waiting": waiting},
                url=reverse("monitoring:completion", args=[cycle.year]),
                due=cycle.deadline,
                created=_midnight(cycle.deadline - dt.timedelta(days=cycles.CLOSING_SOON_DAYS)),
            )
        )
    values = {}
    for obs in Observation.objects.filter(status=ObservationStatus.SUBMITTED).select_related(
        "country"
    ):
        values.setdefault((obs.country, obs.period), []).append(obs)
    reviewed_with = set(
        Questionnaire.objects.filter(status=QuestionnaireStatus.SUBMITTED).values_list(
            "country_id", "cycle__year"
        )
    )
    for (country, period), rows in values.items():
        if (country.pk, period) in reviewed_with:
            continue  # approved with the questionnaire
        items.append(
            WorkItem(
                kind="values.review",
                title=_("Approve %(n)d submitted values of %(country)s for %(year)s")
                % {"n": len(rows), "country": country.name_in(), "year": period},
                url=reverse("monitoring:draft_values", args=[country.iso3]) + f"?year={period}",
                created=max(obs.updated_at for obs in rows),
            )
        )
    return items


def register() -> None:
    register_work_provider("monitoring.focal_point", focal_point_items)
    register_work_provider("monitoring.secretariat", secretariat_items)
