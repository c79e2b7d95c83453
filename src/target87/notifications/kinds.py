"""The kinds of events people are told of; domain apps send them through core.notify.

The keys are shared with the apps that call ``notify``: a kind not listed here is still
delivered (and offered on the preferences page once seen), under its key.
"""

from django.utils.translation import gettext_lazy as _

from target87.core.notify import KINDS, register_kind

QUESTIONNAIRE_SUBMITTED = "questionnaire.submitted"
QUESTIONNAIRE_RETURNED = "questionnaire.returned"
QUESTIONNAIRE_APPROVED = "questionnaire.approved"
QUESTIONNAIRE_PUBLISHED = "questionnaire.published"
DEADLINE_14 = "questionnaire.deadline_14"
DEADLINE_3 = "questionnaire.deadline_3"
OVERDUE = "questionnaire.overdue"
APPLICATION_SUBMITTED = "partner_application.submitted"
APPLICATION_DECIDED = "partner_application.decided"
SURVEY_RUN_FINISHED = "survey_run.finished"
SURVEY_RUN_FAILED = "survey_run.failed"
REVIEW_COMMENT = "questionnaire.comment"
REVIEW_PROPOSED = "review.proposed"
ACTION_POINT = "meetings.action_point"
ANNOUNCEMENT = "announcement"
DIGEST = "digest"  # the weekly email itself; not a choice on the preferences page

LABELS = {
    QUESTIONNAIRE_SUBMITTED: _("Questionnaire submitted"),
    QUESTIONNAIRE_RETURNED: _("Questionnaire returned for revision"),
    QUESTIONNAIRE_APPROVED: _("Questionnaire approved"),
    QUESTIONNAIRE_PUBLISHED: _("Questionnaire published"),
    DEADLINE_14: _("Questionnaire deadline in 14 days"),
    DEADLINE_3: _("Questionnaire deadline in 3 days"),
    OVERDUE: _("Questionnaire overdue"),
    REVIEW_PROPOSED: _("Annual review to record"),
    APPLICATION_SUBMITTED: _("Partner application to decide"),
    APPLICATION_DECIDED: _("Partner application decided"),
    SURVEY_RUN_FINISHED: _("Survey estimate finished"),
    SURVEY_RUN_FAILED: _("Survey estimate failed"),
    REVIEW_COMMENT: _("Review comment addressed to you"),
    ACTION_POINT: _("Meeting action point given to you"),
    ANNOUNCEMENT: _("Announcements from the Secretariat"),
}


def register_kinds() -> None:
    for key, label in LABELS.items():
        KINDS.setdefault(key, label)


def label(kind: str):
    # this app's labels first: they are translated in its catalogue
    return LABELS.get(kind) or KINDS.get(kind) or kind


def choosable() -> list[tuple[str, object]]:
    """Kinds a person chooses a delivery for, in a stable order."""
    keys = list(LABELS) + sorted(set(KINDS) - set(LABELS))
    return [(key, label(key)) for key in keys if key != DIGEST]


__all__ = ["register_kind", "register_kinds", "label", "choosable"]
