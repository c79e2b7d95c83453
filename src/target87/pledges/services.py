"""Pledges: the events, recording pledges and reviews, the public list and the report of
an event's pledges by status. Views, admin, API and the e-report call these functions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from target87.accounts.permissions import Action, require
from target87.pledges.models import (
    NOT_REVIEWED,
    Pledge,
    PledgeEvent,
    PledgeReview,
    PledgeTheme,
    ReviewStatus,
)

IV_GLOBAL_CONFERENCE = "iv-global-conference-2017"
V_GLOBAL_CONFERENCE = "v-global-conference-2021"

SOURCE = "Alliance 8.7, 7th Global Coordinating Group Meeting: briefing pack, 19 May 2020"
EVENTS = [
    {
        "slug": IV_GLOBAL_CONFERENCE,
        "name": "IV Global Conference on the Sustained Eradication of Child Labour",
        "place": "Buenos Aires", "start_date": dt.date(2017, 11, 14),
        "end_date": dt.date(2017, 11, 16), "year": 2017,
        "source": SOURCE + ": Pathfinder Country Guidance Note",
        "curation_note": "Name, place and dates as the guidance note gives them: 'the IV Global "
                         "Conference on the Sustained Eradication of Child Labour (Buenos "
                         "Aires, 14-16 November 2017)'.",
    },
    {
        "slug": V_GLOBAL_CONFERENCE,
        "name": "V Global Conference on the Sustained Eradication of Child Labour",
        "place": "", "start_date": None, "end_date": None, "year": 2021,
        "source": SOURCE + ": Roadmap to 2021",
        "curation_note": "The roadmap plans the conference for 2021 ('VGC with outcome "
                         "document and pledges (End 2021)') and gives no place or date.",
    },
]

EVENT_NAMES = {
    IV_GLOBAL_CONFERENCE: gettext_lazy(
        "IV Global Conference on the Sustained Eradication of Child Labour"),
    V_GLOBAL_CONFERENCE: gettext_lazy(
        "V Global Conference on the Sustained Eradication of Child Labour"),
}

STATUS_ORDER = [ReviewStatus.ACHIEVED, ReviewStatus.ON_TRACK, ReviewStatus.NOT_REPORTED,
                ReviewStatus.DROPPED, NOT_REVIEWED]


def status_label(status: str) -> str:
    if status == NOT_REVIEWED:
        return str(gettext_lazy("Not yet reviewed"))
    return str(ReviewStatus(status).label)


def status_choices() -> list[tuple[str, str]]:
    return [(s, status_label(s)) for s in STATUS_ORDER]


@transaction.atomic
def load_events(stdout=None) -> int:
    changed = 0
    for row in EVENTS:
        _event, created = PledgeEvent.objects.get_or_create(slug=row["slug"], defaults=row)
        changed += int(created)
    if stdout is not None:
        stdout.write(f"  pledging events: {changed} created")
    return changed


@transaction.atomic
def record_pledge(user, *, event: PledgeEvent, text: str, date: dt.date, theme: str,
                  partner=None, country=None, target_date: dt.date | None = None,
                  source: str = "", is_published: bool = True) -> Pledge:
    pledge = Pledge(event=event, text=(text or "").strip(), date=date, theme=theme,
                    partner=partner, country=country, target_date=target_date, source=source,
                    is_published=is_published, created_by=user)
    require(user, Action.CREATE, pledge)
    errors = {}
    if not pledge.text:
        errors["text"] = _("Write what was pledged.")
    if (partner is None) == (country is None):
        errors["partner"] = _("A pledge is made by a partner or by a country: choose one of "
                              "them.")
    if target_date and date and target_date < date:
        errors["target_date"] = _("The target date (%(target)s) is before the date of the "
                                  "pledge (%(date)s).") % {"target": target_date.isoformat(),
                                                          "date": date.isoformat()}
    if theme not in PledgeTheme.values:
        errors["theme"] = _("Choose one of the listed themes.")
    if errors:
        raise ValidationError(errors)
    pledge.save()
    return pledge


@transaction.atomic
def add_review(user, pledge: Pledge, *, date: dt.date, status: str, evidence: str = "",
               evidence_url: str = "") -> PledgeReview:
    """A dated review; the pledge takes the status of its latest review."""
    require(user, Action.REVIEW, pledge)
    check_review(pledge, date, status)
    review = PledgeReview.objects.create(pledge=pledge, date=date, status=status,
                                         evidence=(evidence or "").strip(),
                                         evidence_url=evidence_url or "", reviewed_by=user)
    refresh_status(pledge)
    return review


def check_review(pledge: Pledge, date: dt.date | None, status: str) -> None:
    """The rules of a review, also run by the admin form (``PledgeReview.clean``)."""
    errors = {}
    if status not in ReviewStatus.values:
        errors["status"] = _("Choose one of the listed statuses.")
    if date is None:
        errors["date"] = _("Give the date of the review.")
    elif date < pledge.date:
        errors["date"] = _("The review is dated %(review)s, before the pledge itself "
                           "(%(pledge)s).") % {"review": date.isoformat(),
                                               "pledge": pledge.date.isoformat()}
    elif date > timezone.localdate():
        errors["date"] = _("The review is dated in the future (%(review)s).") % {
            "review": date.isoformat()}
    if errors:
        raise ValidationError(errors)


def refresh_status(pledge: Pledge) -> None:
    latest = pledge.reviews.order_by("-date", "-id").first()
    status = latest.status if latest else NOT_REVIEWED
    if pledge.status != status:
        pledge.status = status
        pledge.save(update_fields=["status"])


def public_pledges(*, event: str = "", status: str = "", theme: str = "", country: str = "",
                   q: str = "") -> QuerySet:
    qs = Pledge.objects.filter(is_published=True).select_related("event", "partner", "country")
    if event:
        qs = qs.filter(event__slug=event)
    if status:
        qs = qs.filter(status=status)
    if theme:
        qs = qs.filter(theme=theme)
    if country:
        qs = qs.filter(Q(country__iso3=country) | Q(partner__country__iso3=country))
    if q:
        qs = qs.filter(Q(text__icontains=q) | Q(partner__name__icontains=q)
                       | Q(country__name_en__icontains=q))
    return qs.order_by("event__year", "date", "pk")


def status_report(event_slug: str = IV_GLOBAL_CONFERENCE) -> dict:
    """Published pledges of an event counted and listed by the status of their latest
    review, for the pledges page and the pathfinder e-report."""
    event = PledgeEvent.objects.filter(slug=event_slug).first()
    pledges = list(public_pledges(event=event_slug)) if event else []
    groups = []
    for status in STATUS_ORDER:
        rows = [p for p in pledges if p.status == status]
        groups.append({"status": status, "label": status_label(status), "count": len(rows),
                       "pledges": rows})
    total = len(pledges)
    for group in groups:
        group["percent"] = (100 * group["count"] / total) if total else None
    return {"event": event, "total": total, "groups": groups}
