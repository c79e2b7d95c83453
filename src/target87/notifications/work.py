""""My work" for the Secretariat: emails the mail server would not take."""

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import ngettext

from target87.accounts.permissions import Action, can
from target87.core.work import WorkItem
from target87.notifications.models import Email, EmailState


def undelivered_email_items(user):
    if not can(user, Action.MANAGE):
        return []
    failed = Email.objects.filter(state=EmailState.FAILED).aggregate(
        latest=Max("created_at"), count=Count("pk"))
    if not failed["count"]:
        return []
    count = failed["count"]
    return [WorkItem(
        kind="notifications.email_failed",
        title=ngettext("%(count)s email could not be sent", "%(count)s emails could not be sent",
                       count) % {"count": count},
        url=reverse("notifications:emails") + "?state=failed",
        created=failed["latest"],
    )]
