"""Permission rules of survey uploads and estimate runs.

Microdata and unpublished estimates are confidential: only the Secretariat and the focal
points of the record's country see them (not every GCG member, as for other drafts).
"""

from target87.accounts.permissions import (
    Action,
    focal_country_ids,
    is_secretariat,
    object_country_ids,
    register_rule,
)
from target87.surveys.models import EstimateRun, SurveyUpload


def _confidential(user, action, obj):
    if is_secretariat(user):
        return True
    if action in {Action.VIEW, Action.CREATE, Action.CHANGE}:
        countries = object_country_ids(obj)
        return bool(countries) and countries <= focal_country_ids(user)
    return False


def register():
    register_rule(SurveyUpload, _confidential)
    register_rule(EstimateRun, _confidential)
