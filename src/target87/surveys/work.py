""""My work" items: the survey estimates a person started that have finished or failed
since they last looked at them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from target87.accounts.permissions import Action, can
from target87.core.work import WorkItem
from target87.surveys.models import EstimateRun, RunStatus


def ended_run_items(user):
    runs = (EstimateRun.objects.filter(created_by=user, seen_at__isnull=True,
                                       status__in=[RunStatus.FINISHED, RunStatus.FAILED])
            .select_related("upload__country").order_by("-finished_at")[:50])
    for run in runs:
        if not can(user, Action.VIEW, run):  # no longer the country's focal point
            continue
        values = {"n": run.pk, "file": run.upload.original_name}
        if run.status == RunStatus.FINISHED:
            title = _("Survey estimate #%(n)s (%(file)s) finished: review and save it") % values
        else:
            title = _("Survey estimate #%(n)s (%(file)s) failed: see why") % values
        yield WorkItem(kind=f"survey_run.{run.status}", title=title,
                       url=reverse("surveys:run", args=[run.pk]), created=run.finished_at,
                       overdue=False)
