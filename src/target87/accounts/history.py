"""One account's history, told in words: the account, its roles and its invitations."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from target87.accounts.models import Invitation, Role, RoleAssignment


@dataclass
class Event:
    when: object
    who: str
    what: str


def _who(record) -> str:
    return str(record.history_user) if record.history_user_id else _("system")


def _role_label(record) -> str:
    label = str(Role(record.role).label) if record.role in Role.values else record.role
    scope = ""
    if record.country_id:
        country = _related(record, "country")
        scope = country.name_in() if country is not None else str(record.country_id)
    elif record.organisation_id:
        organisation = _related(record, "organisation")
        scope = str(organisation) if organisation is not None else str(record.organisation_id)
    return f"{label} ({scope})" if scope else label


def _related(record, name):
    try:
        return getattr(record, name)
    except ObjectDoesNotExist:  # removed since: the history keeps only its id
        return None


def _pairs(records):
    """Each record with the one before it (same object), newest first."""
    previous: dict[int, object] = {}
    out = []
    for record in sorted(records, key=lambda r: r.history_date):
        out.append((record, previous.get(record.id)))
        previous[record.id] = record
    return out


def account_history(user, limit: int = 50) -> list[Event]:
    events: list[Event] = []
    for record, before in _pairs(user.history.select_related("history_user")):
        if record.history_type == "+":
            events.append(Event(record.history_date, _who(record), _("Account created")))
        elif record.history_type == "~" and before is not None:
            if record.is_active != before.is_active:
                text = _("Account opened") if record.is_active else _("Account deactivated")
                events.append(Event(record.history_date, _who(record), text))
            changed = [f for f in ("first_name", "last_name", "email", "organisation",
                                   "is_staff") if getattr(record, f) != getattr(before, f)]
            if changed:
                names = ", ".join(str(user._meta.get_field(f).verbose_name) for f in changed)
                events.append(Event(record.history_date, _who(record),
                                    _("Changed: %(fields)s") % {"fields": names}))
    role_records = RoleAssignment.history.filter(user_id=user.pk).select_related("history_user")
    for record in role_records:
        if record.history_type == "+":
            text = _("Role given: %(role)s") % {"role": _role_label(record)}
        elif record.history_type == "-":
            text = _("Role removed: %(role)s") % {"role": _role_label(record)}
        else:
            continue
        events.append(Event(record.history_date, _who(record), text))
    invitation_records = Invitation.history.filter(user_id=user.pk).select_related(
        "history_user")
    for record, before in _pairs(invitation_records):
        if record.history_type == "+":
            text = _("Invited (%(email)s)") % {"email": record.email}
        elif before is None:
            continue
        elif record.accepted_at and not before.accepted_at:
            text = _("Invitation accepted: password set")
        elif record.withdrawn_at and not before.withdrawn_at:
            text = _("Invitation withdrawn")
        elif record.sent_at and record.sent_at != before.sent_at:
            text = _("Invitation e-mail sent")
        elif record.send_error and record.send_error != before.send_error:
            text = _("Invitation e-mail not sent: %(error)s") % {"error": record.send_error}
        else:
            continue
        events.append(Event(record.history_date, _who(record), text))
    events.sort(key=lambda e: e.when, reverse=True)
    return events[:limit]
