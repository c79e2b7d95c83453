"""Business rules of the pathfinder country strategy (guidance note, briefing pack).

Views, the admin and the ``target87 pathfinder`` command all call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction as db_transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from target87.accounts.models import Role
from target87.accounts.permissions import Action, can, is_secretariat, register_rule, require
from target87.core.translations import shown_in_english, with_translations
from target87.pathfinders.models import (
    LEGAL_TRANSITIONS,
    ActionTranslation,
    AnnualReview,
    NationalPriority,
    NextStep,
    NextStepTranslation,
    PathfinderCountry,
    PathfinderStatus,
    PriorityTranslation,
    ProgressNote,
    ProgressNoteTranslation,
    RoadmapAction,
    StatusTransition,
    Workshop,
    WorkshopStatus,
)

S = PathfinderStatus
# Two reviews are needed before a hold can be proposed (guidance note step 5).
REVIEWS_BEFORE_HOLD = 2


class TransitionError(ValidationError):
    """An illegal or unjustified change of a country's pathfinder status."""


# --- permissions -----------------------------------------------------------------------

def _review_rule(user, action, obj):
    """Annual reviews are the Secretariat's and the GCG's; focal points only read them."""
    if action == Action.VIEW:
        return None
    if is_secretariat(user):
        return True
    if action in {Action.REVIEW, Action.CREATE, Action.CHANGE}:
        from target87.accounts.permissions import has_role

        return has_role(user, Role.GCG_MEMBER)
    return False


def _pathfinder_rule(user, action, obj):
    """The lifecycle is the Secretariat's: focal points may not edit the country record."""
    if action in {Action.CHANGE, Action.MANAGE, Action.DELETE, Action.CREATE}:
        return is_secretariat(user)
    return None


def _translation_rule(user, action, obj):
    """A translation of the roadmap's text is the record's: whoever may change the record
    may add, change or delete its translations; whoever may see it sees them."""
    if action == Action.VIEW:
        return can(user, Action.VIEW, obj.parent())
    if action in {Action.CREATE, Action.CHANGE, Action.DELETE}:
        return can(user, Action.CHANGE, obj.parent())
    return False


register_rule(AnnualReview, _review_rule)
for _model in (PriorityTranslation, ActionTranslation, NextStepTranslation,
               ProgressNoteTranslation):
    register_rule(_model, _translation_rule)
register_rule(PathfinderCountry, _pathfinder_rule)
register_rule(StatusTransition, _pathfinder_rule)


# --- currency --------------------------------------------------------------------------

def validate_currency(code: str) -> str:
    code = (code or "").strip().upper()
    if not code:
        return code
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code (for example USD, EUR, NPR)."),
            code="unknown_currency", params={"code": code},
        )
    return code


def currency_name(code: str) -> str:
    currency = pycountry.currencies.get(alpha_3=code) if code else None
    return currency.name if currency else code


# --- lifecycle -------------------------------------------------------------------------

def status_label(status: str) -> str:
    return str(PathfinderStatus(status).label) if status in S.values else status


def get_or_create_pathfinder(country) -> PathfinderCountry:
    pathfinder, _created = PathfinderCountry.objects.get_or_create(country=country)
    return pathfinder


def _last_dated_transition(pathfinder) -> StatusTransition | None:
    return (pathfinder.transitions.exclude(date__isnull=True).order_by("-date", "-id").first())


def check_transition(pathfinder: PathfinderCountry, to_status: str, date: dt.date | None,
                     document=None) -> None:
    """Raise ``TransitionError`` unless the move is legal now; changes nothing."""
    if to_status not in S.values:
        raise TransitionError(
            _("“%(status)s” is not a pathfinder status; expected one of: %(choices)s.")
            % {"status": to_status, "choices": ", ".join(S.values)}, code="unknown_status",
        )
    current = pathfinder.status
    allowed = LEGAL_TRANSITIONS.get(current, ())
    if to_status not in allowed:
        raise TransitionError(
            _("%(country)s cannot move from “%(from)s” to “%(to)s”; from “%(from)s” it can "
              "move to: %(allowed)s.") % {
                "country": pathfinder.country.name_en, "from": status_label(current),
                "to": status_label(to_status),
                "allowed": ", ".join(status_label(s) for s in allowed) or "—",
            }, code="illegal_transition",
        )
    if date is None:
        raise TransitionError(_("The date of the transition is required."), code="no_date")
    if date > timezone.localdate():
        raise TransitionError(_("The date of the transition cannot be in the future."),
                              code="future_date")
    last = _last_dated_transition(pathfinder)
    if last is not None and date < last.date:
        raise TransitionError(
            _("The date %(date)s is before the previous transition (%(previous)s).")
            % {"date": date.isoformat(), "previous": last.date.isoformat()}, code="date_order",
        )
    country = pathfinder.country
    if to_status == S.WORKSHOP_HELD:
        if not Workshop.objects.filter(country=country, status=WorkshopStatus.HELD).exists():
            raise TransitionError(
                _("Record the strategic planning workshop as held before this step."),
                code="no_workshop",
            )
    if to_status == S.ACTIVE and current == S.REPORTED_TO_GCG:
        # guidance note step 2: award only after the workshop was held and reported
        if not pathfinder.transitions.filter(to_status=S.REPORTED_TO_GCG).exists() or not (
            Workshop.objects.filter(country=country, status=WorkshopStatus.HELD).exists()
        ):
            raise TransitionError(
                _("Pathfinder status can be awarded only after a workshop has been held and "
                  "reported to the GCG."), code="award_precondition",
            )
        if not document:
            raise TransitionError(
                _("Attach the Chair's confirmation letter to award pathfinder status."),
                code="no_letter",
            )
    if to_status == S.ON_HOLD and not hold_proposed(pathfinder):
        raise TransitionError(
            _("A hold needs two annual reviews in a row showing no substantial progress and "
              "no reasonable justification."), code="hold_not_proposed",
        )
    if to_status == S.ACTIVE and current == S.ON_HOLD and not progress_documented_since_hold(
        pathfinder
    ):
        raise TransitionError(
            _("Reinstatement needs an annual review, after the hold, that documents "
              "substantial progress."), code="no_progress_documented",
        )


@db_transaction.atomic
def transition(pathfinder: PathfinderCountry, to_status: str, user, date: dt.date | None,
               document=None, note: str = "", *, check_permission: bool = True
               ) -> StatusTransition:
    """Move a country to ``to_status``: dated, signed, with its document, kept in history."""
    if check_permission:
        require(user, Action.MANAGE, pathfinder)
    pathfinder = PathfinderCountry.objects.select_for_update().get(pk=pathfinder.pk)
    check_transition(pathfinder, to_status, date, document)
    step = StatusTransition(
        pathfinder=pathfinder, from_status=pathfinder.status, to_status=to_status, date=date,
        user=user, note=note or "",
    )
    if document:
        step.document = document
    step.save()
    pathfinder.status = to_status
    pathfinder._change_reason = f"transition to {to_status}"
    pathfinder.save(update_fields=["status"])
    return step


def history(pathfinder: PathfinderCountry) -> list[StatusTransition]:
    return list(pathfinder.transitions.select_related("user").order_by("id"))


@db_transaction.atomic
def assign_focal_point_account(pathfinder: PathfinderCountry, account, by) -> None:
    """Link a user account to the focal point and give it the country's focal-point role.

    The account linked before loses its focal-point role for this country (its roles for
    other countries stay): a focal point who hands over no longer edits the country.
    """
    from target87.accounts.models import RoleAssignment
    from target87.accounts.services import grant_role

    require(by, Action.MANAGE, pathfinder)
    previous = pathfinder.focal_point_user
    pathfinder.focal_point_user = account
    pathfinder.save(update_fields=["focal_point_user"])
    if previous is not None and previous != account:
        # deleted one by one so that the audit history records each revocation
        for assignment in RoleAssignment.objects.filter(
                user=previous, role=Role.FOCAL_POINT, country=pathfinder.country):
            assignment._change_reason = f"focal point of {pathfinder.country.iso3} replaced"
            assignment.delete()
    if account is not None:
        grant_role(account, Role.FOCAL_POINT, pathfinder.country)


# --- workshops -------------------------------------------------------------------------

def add_workshop_rows(workshop: Workshop) -> int:
    """Give a workshop one participation row per stakeholder group and one checklist row
    per preparatory item; rows already there are kept. Returns the number created.

    Called when a workshop is saved, never when it is only looked at.
    """
    from target87.pathfinders.models import (
        Participation,
        PreparatoryItem,
        PreparatoryTask,
        StakeholderGroup,
    )

    created = 0
    for group in StakeholderGroup.values:
        created += Participation.objects.get_or_create(workshop=workshop, group=group)[1]
    for item in PreparatoryItem.values:
        created += PreparatoryTask.objects.get_or_create(workshop=workshop, item=item)[1]
    return created


# --- annual reviews and the on-hold rule -----------------------------------------------

def held_workshop(country) -> Workshop | None:
    """The latest strategic planning workshop the country has held, or None.

    A workshop report exists only for a workshop that was held: the report pages, their
    links, the pathfinder page and the API all ask this rule (``latest_held``).
    """
    return latest_held(Workshop.objects.filter(country=country, status=WorkshopStatus.HELD)
                       .prefetch_related("participants"))


def latest_held(workshops: Iterable[Workshop]) -> Workshop | None:
    """Of these workshops, the latest one held (a held workshop is dated); None when none
    was held: a planned, postponed or cancelled workshop is never taken in its place."""
    held = [w for w in workshops if w.status == WorkshopStatus.HELD]
    return max(held, key=lambda w: (w.start_date or dt.date.min, w.pk), default=None)


def admitted_on(pathfinder: PathfinderCountry) -> dt.date | None:
    """The day the country's current active period began: its latest award of pathfinder
    status (reported to the GCG -> active). A hold lifted does not start a new period."""
    award = (pathfinder.transitions.filter(to_status=S.ACTIVE, from_status=S.REPORTED_TO_GCG)
             .exclude(date__isnull=True).order_by("-date", "-id").first())
    return award.date if award else None


def _reviews_since_active(pathfinder) -> list[AnnualReview]:
    """The reviews of the current active period, latest year first.

    Reviews from an earlier active period (active -> failing reviews -> withdrawn ->
    re-admitted) do not count towards a new hold: re-admission is a fresh commitment, with
    its own workshop and confirmation letter, so the count starts again from the award.
    """
    reviews = AnnualReview.objects.filter(country=pathfinder.country)
    start = admitted_on(pathfinder)
    if start is not None:
        reviews = reviews.filter(date__gte=start)
    return list(reviews.order_by("-year"))


def hold_proposed(pathfinder: PathfinderCountry) -> bool:
    """Whether the platform proposes to put the country on hold.

    Rule: the two most recent annual reviews of the current active period both show lack
    of substantial progress with no reasonable justification. "Consecutive" means
    consecutive reviews: a review in between that shows progress or a justification resets
    the count; a year with no review does not (a missing review documents no progress).
    """
    if pathfinder.status != S.ACTIVE:
        return False
    latest = _reviews_since_active(pathfinder)[:REVIEWS_BEFORE_HOLD]
    return len(latest) == REVIEWS_BEFORE_HOLD and all(r.counts_against for r in latest)


def hold_proposed_by(pathfinder: PathfinderCountry) -> AnnualReview | None:
    """The latest of the reviews that propose the hold: the hold carries its date."""
    if not hold_proposed(pathfinder):
        return None
    return _reviews_since_active(pathfinder)[0]


def _current_hold(pathfinder) -> StatusTransition | None:
    return pathfinder.transitions.filter(to_status=S.ON_HOLD).order_by("-id").first()


def _documents_progress_after(review: AnnualReview, hold: StatusTransition) -> bool:
    """A review lifts a hold only if it shows progress, was recorded after the hold, is
    dated on or after it, and is about a later year than the reviews that caused it: a
    review recorded before the hold, or about a year the hold already judged, does not."""
    if not review.substantial_progress or review.recorded_at < hold.recorded_at:
        return False
    if hold.date is not None and (review.date is None or review.date < hold.date):
        return False
    judged = AnnualReview.objects.filter(
        country=review.country, recorded_at__lt=hold.recorded_at,
    ).order_by("-year").values_list("year", flat=True).first()
    return judged is None or review.year > judged


def progress_documented_since_hold(pathfinder: PathfinderCountry) -> bool:
    hold = _current_hold(pathfinder)
    if hold is None:
        return False
    return any(_documents_progress_after(review, hold) for review in
               AnnualReview.objects.filter(country=pathfinder.country, substantial_progress=True))


@db_transaction.atomic
def confirm_hold(pathfinder: PathfinderCountry, user, note: str = "") -> StatusTransition:
    """The Secretariat confirms the hold the platform proposes; dated on the day of the
    review that completed the proposal, not the day of the click."""
    require(user, Action.MANAGE, pathfinder)
    review = hold_proposed_by(pathfinder)
    if review is None:
        raise TransitionError(
            _("A hold needs two annual reviews in a row showing no substantial progress and "
              "no reasonable justification."), code="hold_not_proposed",
        )
    return transition(
        pathfinder, S.ON_HOLD, user, review.date,
        note=note or _("Hold confirmed: the %(year)s review is the second in a row without "
                       "substantial progress.") % {"year": review.year},
    )


@db_transaction.atomic
def record_annual_review(pathfinder: PathfinderCountry, year: int, substantial_progress: bool,
                         evidence: str, user, reasonable_justification: bool = False,
                         date: dt.date | None = None,
                         questionnaire_id: int | None = None) -> AnnualReview:
    """Record the Secretariat's and GCG's review for a year, held on ``date`` (today when
    not given), with the approved questionnaire it relied on.

    A review that documents progress lifts a hold (the country is active again), dated on
    the review's day.
    """
    require(user, Action.REVIEW, AnnualReview(country=pathfinder.country))
    if pathfinder.status not in (S.ACTIVE, S.ON_HOLD):
        raise ValidationError(
            _("Only pathfinder countries (active or on hold) are reviewed; %(country)s is "
              "“%(status)s”.") % {"country": pathfinder.country.name_en,
                                  "status": status_label(pathfinder.status)},
            code="not_reviewable",
        )
    if substantial_progress and reasonable_justification:
        raise ValidationError(
            {"reasonable_justification": _("A justification is recorded only when no "
                                            "substantial progress was shown.")}
        )
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Describe the evidence the review relied on.")})
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date of the review cannot be in the future.")})
    if AnnualReview.objects.filter(country=pathfinder.country, year=year).exists():
        raise ValidationError(
            {"year": _("%(country)s already has a review for %(year)s.")
             % {"country": pathfinder.country.name_en, "year": year}}
        )
    review = AnnualReview(country=pathfinder.country, year=year,
                          substantial_progress=substantial_progress,
                          reasonable_justification=reasonable_justification,
                          evidence=evidence.strip(), reviewed_by=user, date=date,
                          questionnaire_id=questionnaire_id)
    review.full_clean()
    review.save()
    pathfinder.refresh_from_db()
    hold = _current_hold(pathfinder) if pathfinder.status == S.ON_HOLD else None
    if hold is not None and _documents_progress_after(review, hold):
        transition(pathfinder, S.ACTIVE, user, review.date,
                   note=_("Hold lifted: the %(year)s review documents progress.")
                   % {"year": year}, check_permission=False)
    return review


def reviews_to_record(country_ids=None) -> list[dict]:
    """Annual reviews the platform proposes: a country active or on hold whose progress
    questionnaire of a year is approved, with no review of that year yet. Each comes with
    the approved questionnaire, the review's evidence."""
    try:
        from target87.monitoring.models import Questionnaire
    except ImportError:
        return []
    approved = (Questionnaire.objects.filter(
        status="approved", country__pathfinder__status__in=[S.ACTIVE, S.ON_HOLD])
        .select_related("cycle", "country").order_by("-decided_at"))
    if country_ids is not None:
        approved = approved.filter(country_id__in=country_ids)
    reviewed = set(AnnualReview.objects.values_list("country_id", "year"))
    return [{"country": q.country, "year": q.cycle.year, "questionnaire": q,
             "proposed_at": q.decided_at}
            for q in approved if (q.country_id, q.cycle.year) not in reviewed]


# --- funding gap -----------------------------------------------------------------------

def funding_gap(actions: Iterable[RoadmapAction]) -> dict[str, dict[str, Decimal]]:
    """Required, available and gap per currency (amounts in different currencies are
    never added together). Dropped actions and actions without a required amount are
    left out."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"required": Decimal("0"), "available": Decimal("0"), "gap": Decimal("0")}
    )
    for action in actions:
        if action.status == "dropped" or action.resources_required is None:
            continue
        row = totals[action.currency]
        row["required"] += action.resources_required
        row["available"] += action.resources_available or Decimal("0")
        row["gap"] += action.resources_gap
    return dict(sorted(totals.items()))


def priority_funding_gap(priority: NationalPriority) -> dict[str, dict[str, Decimal]]:
    return funding_gap(priority.actions.all())


def country_funding_gap(country) -> dict[str, dict[str, Decimal]]:
    return funding_gap(RoadmapAction.objects.filter(priority__country=country))


def roadmap_progress(actions: Iterable[RoadmapAction]) -> dict:
    """Counts by status and the share done among actions not dropped."""
    counts = {"not_started": 0, "in_progress": 0, "done": 0, "dropped": 0}
    for action in actions:
        counts[action.status] = counts.get(action.status, 0) + 1
    considered = counts["not_started"] + counts["in_progress"] + counts["done"]
    share = (100 * counts["done"] / considered) if considered else None
    return {"counts": counts, "total": sum(counts.values()), "done_percent": share}


# --- the roadmap's text in the reader's language ----------------------------------------

def translated_roadmap(country, language: str | None = None):
    """The country's priorities (with their actions, benchmarks and progress notes) and
    next steps, each record given ``shown``: its text in the language (the reader's by
    default), English where it has no translation (``Translatable.translated``)."""
    notes = ProgressNote.objects.prefetch_related("translations")
    actions = RoadmapAction.objects.prefetch_related(
        "benchmarks", "translations", Prefetch("progress_notes", queryset=notes))
    priorities = with_translations(
        NationalPriority.objects.filter(country=country).prefetch_related(
            "translations", Prefetch("actions", queryset=actions)), language)
    for priority in priorities:
        with_translations(priority.actions.all(), language)
        for action in priority.actions.all():
            with_translations(action.progress_notes.all(), language)
    steps = with_translations(
        NextStep.objects.filter(country=country).prefetch_related("translations"), language)
    return priorities, steps


def roadmap_in_english(priorities) -> bool:
    """Whether some priority, action or progress note of ``translated_roadmap`` is shown in
    English for want of a translation."""
    actions = [a for p in priorities for a in p.actions.all()]
    notes = [n for a in actions for n in a.progress_notes.all()]
    return any(shown_in_english(records) for records in (priorities, actions, notes))
