""""My work" items of Action Group chairs: membership requests and progress updates to decide."""

from django.urls import reverse
from django.utils.translation import gettext as _

from target87.core.work import WorkItem


def chair_work(user):
    from target87.groups.services import open_requests_for, open_updates_for

    for request in open_requests_for(user):
        yield WorkItem(
            kind="groups.membership_request",
            title=_("Decide: %(partner)s asks to join %(group)s")
            % {"partner": request.partner.name, "group": request.group.name},
            url=reverse("groups:requests", args=[request.group.slug]),
            created=request.created_at,
        )
    for update in open_updates_for(user):
        group = update.item.workplan.group
        yield WorkItem(
            kind="groups.progress_update",
            title=_("Accept or decline progress on %(code)s (%(group)s)")
            % {"code": update.item.code, "group": group.name},
            url=reverse("groups:updates", args=[group.slug]),
            created=update.created_at,
        )
