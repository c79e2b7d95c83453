"""Meetings: the body's sequence of meetings, action points and their follow-up.

Every change to meetings, action points and follow-ups goes through these functions, called by the
site, the admin and commands alike.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from target87.accounts.models import Role
from target87.accounts.permissions import Action, has_role, is_secretariat, require
from target87.groups.chairs import chaired_group_ids
from target87.meetings.models import (
    OPEN_STATUSES,
    ActionPoint,
    ActionPointStatus,
    Body,
    FollowUp,
    Meeting,
    MeetingStatus,
)


def meeting_title(meeting: Meeting) -> str:
    if meeting.title:
        return meeting.title
    if meeting.body == Body.COUNTRY and meeting.country_id:
        body = _("Coordination group of %(country)s") % {
            "country": meeting.country.name_in(get_language())}
    elif meeting.body == Body.ACTION_GROUP and meeting.action_group_id:
        body = meeting.action_group.name_in(get_language())
    else:
        body = str(Body(meeting.body).label)
    if meeting.number:
        return _("%(body)s, meeting %(number)s") % {"body": body, "number": meeting.number}
    return body


def same_body(meeting: Meeting) -> QuerySet:
    """All meetings of the body ``meeting`` belongs to, in date order."""
    qs = Meeting.objects.filter(body=meeting.body)
    if meeting.body == Body.COUNTRY:
        qs = qs.filter(country_id=meeting.country_id)
    if meeting.body == Body.ACTION_GROUP:
        qs = qs.filter(action_group_id=meeting.action_group_id)
    return qs.order_by("start_date", "number", "id")


def _order_key(meeting: Meeting) -> tuple:
    return (meeting.start_date or dt.date.max, meeting.number or 0, meeting.pk or 0)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    earlier = [m for m in same_body(meeting).exclude(pk=meeting.pk)
               if _order_key(m) < _order_key(meeting)]
    return earlier[-1] if earlier else None


def next_meeting(meeting: Meeting) -> Meeting | None:
    later = [m for m in same_body(meeting).exclude(pk=meeting.pk)
             if _order_key(m) > _order_key(meeting)]
    return later[0] if later else None


def carried_action_points(meeting: Meeting) -> list[ActionPoint]:
    """Action points this meeting follows up: those of the body's earlier meetings that
    were still open when this meeting took place, plus any followed up here already."""
    earlier = [m.pk for m in same_body(meeting).exclude(pk=meeting.pk)
               if _order_key(m) < _order_key(meeting)]
    if not earlier:
        return []
    qs = ActionPoint.objects.filter(meeting_id__in=earlier).filter(
        Q(status__in=OPEN_STATUSES) | Q(follow_ups__meeting=meeting)
    ).select_related("meeting", "owner_user").prefetch_related("follow_ups__meeting").distinct()
    return sorted(qs, key=lambda ap: (_order_key(ap.meeting), ap.order, ap.pk))


def can_edit(user, meeting: Meeting) -> bool:
    from target87.accounts.permissions import can

    return can(user, Action.CHANGE, meeting)


def may_add_meeting(user, body, country=None, action_group=None) -> bool:
    """May the user add a meeting to this body (for showing "New meeting" links)?"""
    from target87.accounts.permissions import can

    return can(user, Action.CREATE, Meeting(body=body, country=country,
                                            action_group=action_group))


def check_owner(owner: str, owner_user) -> None:
    if not (owner or "").strip() and owner_user is None:
        raise ValidationError({"owner": _(
            "An action point needs an owner: name who is to do it or choose their account.")})


@transaction.atomic
def add_action_point(user, meeting: Meeting, *, text: str, owner: str = "", owner_user=None,
                     due_date: dt.date | None = None, agenda_item=None) -> ActionPoint:
    require(user, Action.CHANGE, meeting)
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Say what is to be done.")
    try:
        check_owner(owner, owner_user)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if due_date and meeting.start_date and due_date < meeting.start_date:
        errors["due_date"] = _("The due date (%(due)s) is before the meeting (%(date)s).") % {
            "due": due_date.isoformat(), "date": meeting.start_date.isoformat()}
    if errors:
        raise ValidationError(errors)
    last = meeting.action_points.order_by("-order").values_list("order", flat=True).first()
    point = ActionPoint.objects.create(
        meeting=meeting, text=text.strip(), owner=(owner or "").strip(), owner_user=owner_user,
        due_date=due_date, agenda_item=agenda_item, order=(last or 0) + 1,
    )
    _tell_owner(point)
    return point


def _tell_owner(point: ActionPoint) -> None:
    if point.owner_user_id is None:
        return
    from django.utils.translation import gettext_lazy

    from target87.core.notify import notify

    notify([point.owner_user], "meetings.action_point",
           subject=gettext_lazy("An action point was given to you: %(meeting)s"),
           body=gettext_lazy("%(text)s"),
           params={"meeting": str(point.meeting), "text": point.text},
           url=point.get_absolute_url(), obj=point)


@transaction.atomic
def set_status(user, point: ActionPoint, status: str) -> ActionPoint:
    """The owner (or an editor of the meeting) says where an action point stands."""
    require(user, Action.CHANGE, point)
    if status not in ActionPointStatus.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    point.status = status
    point.save(update_fields=["status"])
    return point


@transaction.atomic
def record_follow_up(user, point: ActionPoint, meeting: Meeting, status: str,
                     note: str = "") -> FollowUp:
    """The follow-up of ``point`` at ``meeting``, a later meeting of the same body; the
    action point takes the status the meeting recorded."""
    require(user, Action.CHANGE, meeting)
    if status not in ActionPointStatus.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    origin = point.meeting
    if origin.body_key() != meeting.body_key():
        raise ValidationError({"meeting": _(
            "An action point is followed up by a meeting of the body that set it "
            "(%(body)s).") % {"body": str(origin)}})
    if _order_key(meeting) <= _order_key(origin):
        raise ValidationError({"meeting": _(
            "An action point is followed up at a later meeting than the one that set it.")})
    follow_up, _created = FollowUp.objects.update_or_create(
        action_point=point, meeting=meeting,
        defaults={"status": status, "note": (note or "").strip(), "recorded_by": user},
    )
    point.status = status
    point.save(update_fields=["status"])
    return follow_up


def open_action_points_for(user) -> QuerySet:
    return ActionPoint.objects.filter(owner_user=user, status__in=OPEN_STATUSES).select_related(
        "meeting", "meeting__country")


def visible_meetings(user) -> QuerySet:
    """Published meetings, plus the unpublished ones the user may see."""
    qs = Meeting.objects.select_related("country", "action_group")
    if is_secretariat(user):
        return qs
    visible = Q(is_published=True)
    if has_role(user, Role.GCG_MEMBER):
        visible |= Q(body=Body.GCG)
    from target87.accounts.permissions import focal_country_ids

    countries = focal_country_ids(user)
    if countries:
        visible |= Q(body=Body.COUNTRY, country_id__in=countries)
    chaired = chaired_group_ids(user)
    if chaired:
        visible |= Q(body=Body.ACTION_GROUP, action_group_id__in=chaired)
    return qs.filter(visible).distinct()


def group_meetings(user, group) -> QuerySet:
    """The meetings of an Action Group the user may see, newest first (for its page)."""
    return visible_meetings(user).filter(body=Body.ACTION_GROUP, action_group=group)


def check_meeting(meeting: Meeting) -> None:
    """The table's rules on a meeting, as messages on the field to correct (the database
    constraints stay the last word)."""
    errors = {}
    if meeting.start_date and meeting.end_date and meeting.end_date < meeting.start_date:
        errors["end_date"] = _("The end date (%(end)s) is before the date (%(start)s).") % {
            "end": meeting.end_date.isoformat(), "start": meeting.start_date.isoformat()}
    if meeting.status == MeetingStatus.HELD and meeting.start_date is None:
        errors["start_date"] = _("A meeting that was held needs its date.")
    if meeting.number is not None and same_body(meeting).exclude(pk=meeting.pk).filter(
            number=meeting.number).exists():
        errors["number"] = _("This body already has a meeting number %(number)s.") % {
            "number": meeting.number}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_meeting(user, meeting: Meeting, parts=()) -> Meeting:
    """Add or change a meeting, then save its parts (agenda, participants, decisions: any
    objects with ``instance`` and ``save()``, such as inline formsets). All or nothing."""
    require(user, Action.CHANGE if meeting.pk else Action.CREATE, meeting)
    check_meeting(meeting)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:
        # Another editor took the number between the check and the save.
        raise ValidationError({"number": _(
            "This body already has a meeting number %(number)s.") % {
            "number": meeting.number}}) from exc
    for part in parts:
        part.instance = meeting
        part.save()
    return meeting


# ---------------------------------------------------------------- agenda-item documents


def _check_document_fields(title: str, url: str, file, *, needs_source: bool) -> dict:
    errors: dict[str, list] = {}
    if not (title or "").strip():
        errors["title"] = [_("Give the document's title, as readers will cite it.")]
    if file is not None:
        from target87.core.documents import check_document

        try:
            check_document(file)
        except ValidationError as exc:
            errors["file"] = exc.messages
    elif needs_source and not (url or "").strip():
        errors["file"] = [_("Choose the document's file or give a link to it.")]
    return errors


@transaction.atomic
def add_document(user, item, *, title: str, author: str = "", date_text: str = "",
                 url: str = "", file=None):
    """Attach a document (a checked file, or a link) to an agenda item of a meeting the
    user may edit."""
    from target87.meetings.models import MeetingDocument

    meeting = item.meeting
    require(user, Action.CHANGE, meeting)
    errors = _check_document_fields(title, url, file, needs_source=True)
    if errors:
        raise ValidationError(errors)
    document = MeetingDocument(meeting=meeting, agenda_item=item, title=title.strip(),
                               author=(author or "").strip(),
                               date_text=(date_text or "").strip(), url=(url or "").strip())
    if file is not None:
        document.file = file
    document.save()
    return document


@transaction.atomic
def change_document(user, document, *, title: str, author: str = "", date_text: str = "",
                    url: str = "", file=None):
    """Change a document's citation or link, or replace its file (the earlier file stays in
    the document's history)."""
    require(user, Action.CHANGE, document.meeting)
    errors = _check_document_fields(title, url, file, needs_source=not document.file)
    if errors:
        raise ValidationError(errors)
    document.title = title.strip()
    document.author = (author or "").strip()
    document.date_text = (date_text or "").strip()
    document.url = (url or "").strip()
    if file is not None:
        document.file = file
    document.save()
    return document


@transaction.atomic
def remove_document(user, document) -> None:
    """Take a document off its agenda item (its history keeps what it was)."""
    require(user, Action.CHANGE, document.meeting)
    document.delete()
