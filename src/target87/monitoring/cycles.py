"""Reporting cycles: the yearly round in which every reporting pathfinder country fills its
progress questionnaire (briefing pack, guidance note: "report yearly against agreed indicators").

The Secretariat opens a cycle (site, ``target87 cycle open``, admin); each reporting country
gets one questionnaire, prefilled from its last approved answers and marked "carried over"
until the focal point confirms or changes them. A country that starts reporting while a cycle
is open gets its questionnaire then. After the deadline, a questionnaire not yet submitted is
overdue; one submitted after it was submitted late. A closed cycle takes no more changes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from target87.accounts.permissions import Action, require
from target87.monitoring.errors import WorkflowError
from target87.monitoring.models import (
    NextStepCheck,
    Questionnaire,
    QuestionnaireStatus,
    ReportingCycle,
)

# Pathfinder statuses that receive the yearly questionnaire: from the expression of interest
# (a focal point is named) to active, and on hold too, since a country on hold is reinstated
# once it documents progress again (the briefing pack, guidance note). Prospective and withdrawn
# countries do not report.
REPORTING_STATUSES = [
    "expression_of_interest",
    "workshop_held",
    "reported_to_gcg",
    "active",
    "on_hold",
]

# The 2020 reporting cycle of the demo data: the briefing pack asks for progress "by May 2020".
DEMO_CYCLE = {
    "year": 2020,
    "opens_on": datetime.date(2020, 3, 1),
    "deadline": datetime.date(2020, 5, 31),
    "note": ("Questionnaire to report progress by pathfinder countries, by May 2020 (Alliance 8.7, "
             "7th Global Coordinating Group Meeting: briefing pack, 19 May 2020)."),
}

# "Cycles closing within 14 days" on the Secretariat's work list
CLOSING_SOON_DAYS = 14


def reporting_countries():
    """Countries that receive the questionnaire (see ``REPORTING_STATUSES``)."""
    from target87.countries.models import Country

    try:
        from target87.pathfinders.models import PathfinderCountry
    except ImportError:
        return Country.objects.none()
    ids = PathfinderCountry.objects.filter(status__in=REPORTING_STATUSES).values_list(
        "country_id", flat=True
    )
    return Country.objects.filter(pk__in=ids)


def open_cycles():
    return ReportingCycle.objects.filter(closed_at__isnull=True)


# --- prefill ----------------------------------------------------------------------------------


def prefill_next_steps(questionnaire: Questionnaire) -> int:
    """Copy the country's workshop next steps into question 2, once each."""
    try:
        from target87.pathfinders.models import NextStep
    except ImportError:
        return 0
    have = set(
        questionnaire.next_steps.exclude(next_step_id=None).values_list("next_step_id", flat=True)
    )
    created = 0
    for order, step in enumerate(
        NextStep.objects.filter(country=questionnaire.country).order_by("order", "pk")
    ):
        if step.pk in have:
            continue
        NextStepCheck.objects.create(
            questionnaire=questionnaire,
            next_step_id=step.pk,
            text=step.text,
            achieved=bool(getattr(step, "done", False)),
            order=order,
        )
        created += 1
    return created


def last_approved(questionnaire: Questionnaire) -> Questionnaire | None:
    """The country's most recent approved questionnaire of an earlier cycle."""
    return (
        Questionnaire.objects.filter(
            country=questionnaire.country,
            status=QuestionnaireStatus.APPROVED,
            cycle__year__lt=questionnaire.cycle.year,
        )
        .select_related("cycle")
        .order_by("-cycle__year")
        .first()
    )


def carry_over_answers(questionnaire: Questionnaire) -> int:
    """Prefill an untouched questionnaire from the country's last approved answers.

    Every copied answer is marked "carried over" until the focal point confirms or changes
    it. Indicator answers also become draft observations of this cycle's year, so that the
    values checked at submission are the ones shown. The workshop next steps are not copied:
    they are records of their own, ticked again each year. Returns the answers copied.
    """
    from target87.monitoring.questions import build_items
    from target87.monitoring.services import parse_raw, sync_observations

    if questionnaire.answers or questionnaire.status != QuestionnaireStatus.DRAFT:
        return 0
    previous = last_approved(questionnaire)
    if previous is None:
        return 0
    items = build_items(questionnaire)
    names = {item.name for item in items if item.section != "next_steps"}
    carried = {
        name: value
        for name, value in previous.answers.items()
        if name in names and str(value or "").strip()
    }
    if not carried:
        return 0
    questionnaire.answers = carried
    questionnaire.carried_over = sorted(carried)
    questionnaire.carried_from = previous.cycle.year
    questionnaire._change_reason = f"answers carried over from {previous.cycle.year}"
    questionnaire.save(update_fields=["answers", "carried_over", "carried_from", "updated_at"])
    parsed, errors = {}, {}
    for item in items:
        try:
            parsed[item.name] = parse_raw(item.kind, carried.get(item.name, ""))
        except ValueError as exc:
            errors[item.name] = str(exc)
    sync_observations(questionnaire, items, parsed, errors, user=None)
    return len(carried)


def _give_questionnaire(cycle: ReportingCycle, country) -> int:
    q, made = Questionnaire.objects.get_or_create(cycle=cycle, country=country)
    changed = int(made) + prefill_next_steps(q)
    if made:
        changed += int(carry_over_answers(q) > 0)
    return changed


# --- opening, closing, reopening ---------------------------------------------------------------


def _check_dates(year: int, opens_on, deadline) -> None:
    if not 2015 <= year <= 2100:
        raise ValidationError({"year": _("Enter a reporting year between 2015 and 2100.")})
    if opens_on is None or deadline is None:
        raise ValidationError(_("Give the opening date and the deadline."))
    if deadline < opens_on:
        raise ValidationError(
            {
                "deadline": _("The deadline (%(deadline)s) is before the opening date (%(opens)s).")
                % {"deadline": deadline.isoformat(), "opens": opens_on.isoformat()}
            }
        )


@transaction.atomic
def open_cycle(
    year: int, opens_on, deadline, note: str = "", *, user=None, existing_ok: bool = True
) -> tuple[ReportingCycle, int]:
    """Open the cycle of ``year``: one questionnaire per reporting country, prefilled.

    With ``existing_ok`` (the seed loader) an existing cycle is completed with the
    questionnaires it lacks; otherwise (the site, the command) an existing cycle is refused,
    since its dates are changed by reopening it. ``user`` None is the platform itself.
    """
    if user is not None:
        require(user, Action.MANAGE)
    _check_dates(year, opens_on, deadline)
    cycle = ReportingCycle.objects.filter(year=year).first()
    if cycle is not None and not existing_ok:
        raise WorkflowError(
            _("The %(year)s cycle already exists; reopen it to change its deadline.")
            % {"year": year}
        )
    changed = 0
    if cycle is None:
        cycle = ReportingCycle.objects.create(
            year=year, opens_on=opens_on, deadline=deadline, note=note
        )
        changed = 1
    for country in reporting_countries().order_by("name_en"):
        changed += _give_questionnaire(cycle, country)
    return cycle, changed


def get_cycle(year: int) -> ReportingCycle:
    try:
        return ReportingCycle.objects.get(year=year)
    except ReportingCycle.DoesNotExist:
        raise WorkflowError(_("There is no %(year)s reporting cycle.") % {"year": year}) from None


@transaction.atomic
def close_cycle(year: int, *, user=None) -> ReportingCycle:
    """Close a cycle: questionnaires not yet submitted can no longer be changed or submitted;
    those submitted are still reviewed."""
    if user is not None:
        require(user, Action.MANAGE)
    cycle = get_cycle(year)
    if not cycle.is_open:
        raise WorkflowError(_("The %(year)s cycle is already closed.") % {"year": year})
    cycle.closed_at = timezone.now()
    cycle._change_reason = "closed"
    cycle.save(update_fields=["closed_at"])
    return cycle


@transaction.atomic
def reopen_cycle(year: int, *, deadline=None, user=None) -> tuple[ReportingCycle, int]:
    """Reopen a closed cycle (optionally with a new deadline); countries that started
    reporting in the meantime get their questionnaire."""
    if user is not None:
        require(user, Action.MANAGE)
    cycle = get_cycle(year)
    if cycle.is_open and deadline is None:
        raise WorkflowError(_("The %(year)s cycle is open already.") % {"year": year})
    if deadline is not None:
        _check_dates(year, cycle.opens_on, deadline)
        cycle.deadline = deadline
    cycle.closed_at = None
    cycle._change_reason = "reopened"
    cycle.save(update_fields=["closed_at", "deadline"])
    changed = 0
    for country in reporting_countries().order_by("name_en"):
        changed += _give_questionnaire(cycle, country)
    return cycle, changed


def country_started_reporting(country) -> int:
    """Give a country that has just reached a reporting status the questionnaire of every
    open cycle it lacks (called when its pathfinder record is saved)."""
    changed = 0
    for cycle in open_cycles():
        if not Questionnaire.objects.filter(cycle=cycle, country=country).exists():
            changed += _give_questionnaire(cycle, country)
    return changed


def load_demo_cycle(stdout=None) -> int:
    _cycle, changed = open_cycle(**DEMO_CYCLE)
    if stdout is not None:
        stdout.write(
            f"  monitoring: reporting cycle {DEMO_CYCLE['year']}, {changed} records created"
        )
    return changed


# --- late states and completion ---------------------------------------------------------------


def overdue_days(q: Questionnaire, today=None) -> int:
    """Days past the deadline of a questionnaire never submitted; 0 when not overdue.

    A questionnaire returned for revision is not counted overdue: it was submitted, and its
    state says what is awaited.
    """
    if q.status != QuestionnaireStatus.DRAFT:
        return 0
    today = today or timezone.localdate()
    return max((today - q.cycle.deadline).days, 0)


def submitted_late(q: Questionnaire) -> bool:
    """Submitted (the last time) after the deadline."""
    if q.submitted_at is None or q.status == QuestionnaireStatus.DRAFT:
        return False
    return timezone.localdate(q.submitted_at) > q.cycle.deadline


def state(q: Questionnaire, today=None) -> str:
    """One state per questionnaire, the same on the dashboard's cards and in its table."""
    if overdue_days(q, today):
        return "overdue"
    return q.status


def state_label(q: Questionnaire, today=None) -> str:
    days = overdue_days(q, today)
    if days:
        return _("Overdue (%(days)d days)") % {"days": days}
    label = q.get_status_display()
    if submitted_late(q):
        return _("%(status)s · submitted late") % {"status": label}
    return str(label)


def completion(cycle: ReportingCycle, today=None) -> list[dict]:
    """Per country of the cycle: answered items, missing required answers, state."""
    from target87.monitoring.questions import build_items

    today = today or timezone.localdate()
    rows = []
    for q in cycle.questionnaires.select_related("country", "cycle").order_by("country__name_en"):
        items = build_items(q)
        answered = sum(1 for i in items if (q.answers.get(i.name) or "").strip())
        missing = [i for i in items if i.required and not (q.answers.get(i.name) or "").strip()]
        rows.append(
            {
                "questionnaire": q,
                "answered": answered,
                "total": len(items),
                "percent": round(100 * answered / len(items)) if items else 0,
                "missing_required": len(missing),
                "state": state(q, today),
                "state_label": state_label(q, today),
                "overdue_days": overdue_days(q, today),
                "submitted_late": submitted_late(q),
                "carried_over": len(q.carried_over),
            }
        )
    return rows


def completion_counts(rows: list[dict]) -> dict[str, int]:
    """Counts of the dashboard's cards, taken from the very rows of its table."""
    counts = {key: 0 for key in ("overdue", "draft", "returned", "submitted", "approved")}
    counts["submitted_late"] = 0
    for row in rows:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
        counts["submitted_late"] += int(row["submitted_late"])
    return counts
