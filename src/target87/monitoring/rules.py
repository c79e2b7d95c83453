"""Permission rules of the monitoring records, added to the permission service.

A focal point edits and submits only its own country's drafts (the service's default
country scoping); once submitted, nobody edits a questionnaire or an observation until the
Secretariat returns it for revision.
"""

from target87.accounts.permissions import Action, register_rule
from target87.monitoring.models import NextStepCheck, Observation, Questionnaire

_EDIT = {Action.CHANGE, Action.SUBMIT, Action.DELETE}


def _questionnaire_rule(user, action, obj):
    if action in _EDIT and not obj.is_editable:
        return False
    return None


def _observation_rule(user, action, obj):
    if action in _EDIT and not obj.is_editable:
        return False
    return None


def _next_step_rule(user, action, obj):
    if action in _EDIT and not obj.questionnaire.is_editable:
        return False
    return None


def register():
    register_rule(Questionnaire, _questionnaire_rule)
    register_rule(Observation, _observation_rule)
    register_rule(NextStepCheck, _next_step_rule)
