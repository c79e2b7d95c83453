""""My work" items: the open action points a person owns."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from target87.core.work import WorkItem
from target87.meetings.services import open_action_points_for


def action_point_items(user):
    today = timezone.localdate()
    for point in open_action_points_for(user):
        yield WorkItem(
            kind="meetings.action_point",
            title=_("Action point of %(meeting)s: %(text)s") % {
                "meeting": point.meeting, "text": point.text[:120]},
            url=point.get_absolute_url(),
            due=point.due_date,
            created=point.created_at,
            overdue=bool(point.due_date and point.due_date < today),
        )
