""""My work" items of the Secretariat: partner applications waiting for a decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from target87.accounts.permissions import is_secretariat
from target87.core.work import WorkItem
from target87.partnership.models import ApplicationStatus, PartnerApplication


def applications_to_decide(user):
    if not is_secretariat(user):
        return
    for application in PartnerApplication.objects.filter(status=ApplicationStatus.SUBMITTED):
        yield WorkItem(
            kind="partnership.application",
            title=_("Decide the partner application of %(organisation)s")
            % {"organisation": application.organisation},
            url=reverse("partnership:application_detail", args=[application.pk]),
            created=application.submitted_at,
        )
