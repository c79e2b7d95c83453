"""Who is told when a survey estimate ends, through ``target87.core.notify``.

Subjects and bodies stay lazy, and the failure's reason is a lazy value too, so each
recipient reads all of it in their own language.
"""

from __future__ import annotations

import logging

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from target87.core.notify import notify, register_kind

logger = logging.getLogger(__name__)

FINISHED = "survey_run.finished"
FAILED = "survey_run.failed"

KINDS = {
    FINISHED: _("A survey estimate you started has finished"),
    FAILED: _("A survey estimate you started has failed"),
}


def register_kinds() -> None:
    for key, label in KINDS.items():
        register_kind(key, label)


def run_ended(run) -> None:
    """Tell the person who started ``run`` that it finished or failed. The run has ended
    whatever happens here: a notification that cannot be written is only logged."""
    try:
        _tell(run)
    except Exception:
        logger.exception("could not tell of the end of estimate run %s", run.pk)


def _tell(run) -> None:
    from target87.surveys.models import RunStatus

    country = run.upload.country
    params = {"n": run.pk, "file": run.upload.original_name,
              # lazy values are said in the recipient's language
              "country": lazy(lambda: country.name_in(get_language()), str)()}
    url = reverse("surveys:run", args=[run.pk])
    if run.status == RunStatus.FINISHED:
        notify([run.created_by], FINISHED,
               subject=_("Estimate #%(n)s from %(file)s has finished"),
               body=_("The child labour estimate for %(country)s from %(file)s is ready to "
                      "review and save as draft observations."),
               params=params, url=url, obj=run)
    elif run.status == RunStatus.FAILED:
        params["reason"] = lazy(run.error_message, str)()
        notify([run.created_by], FAILED,
               subject=_("Estimate #%(n)s from %(file)s has failed"),
               body=_("The child labour estimate for %(country)s from %(file)s failed: "
                      "%(reason)s Earlier estimates and saved observations are unchanged; "
                      "the estimate's page offers to run it again."),
               params=params, url=url, obj=run)
