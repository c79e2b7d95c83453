"""Permission rules for knowledge records.

Good practices: partners, focal points, chairs and GCG members submit; the author edits
while the practice is a draft or was returned; the Secretariat reviews and publishes.
Publications, laws and events are kept by the Secretariat.
"""

from target87.accounts.models import Role
from target87.accounts.permissions import Action, is_secretariat, register_rule, roles
from target87.knowledge.models import (
    Event,
    EventTranslation,
    GoodPractice,
    LabourLaw,
    LawTranslation,
    PracticeAttachment,
    PracticeStatus,
    PracticeTranslation,
    Publication,
    PublicationTranslation,
)

SUBMITTER_ROLES = {
    Role.PARTNER_REPRESENTATIVE,
    Role.FOCAL_POINT,
    Role.ACTION_GROUP_CHAIR,
    Role.GCG_MEMBER,
    Role.SECRETARIAT,
}
EDITABLE = {PracticeStatus.DRAFT, PracticeStatus.REJECTED}


def _is_author(user, practice) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and practice.submitted_by_id == user.pk


def practice_rule(user, action, practice):
    if is_secretariat(user):
        return True
    if action == Action.VIEW:
        return practice.is_public() or _is_author(user, practice)
    if action == Action.CREATE:
        return bool(roles(user) & SUBMITTER_ROLES)
    if action in {Action.CHANGE, Action.SUBMIT}:
        if practice.pk is None:
            return bool(roles(user) & SUBMITTER_ROLES)
        return _is_author(user, practice) and practice.status in EDITABLE
    return False


def practice_part_rule(user, action, part):
    if action == Action.VIEW:
        return practice_rule(user, Action.VIEW, part.practice)
    return practice_rule(user, Action.CHANGE, part.practice)


def secretariat_kept_rule(user, action, obj):
    if action == Action.VIEW:
        return bool(obj.is_published) or is_secretariat(user)
    return is_secretariat(user)


def kept_part_rule(user, action, part):
    # a translation is seen with its record and kept by whoever keeps the record
    return secretariat_kept_rule(user, action, part.parent())


register_rule(GoodPractice, practice_rule)
register_rule(PracticeTranslation, practice_part_rule)
register_rule(PracticeAttachment, practice_part_rule)
for model in (Publication, LabourLaw, Event):
    register_rule(model, secretariat_kept_rule)
for model in (PublicationTranslation, LawTranslation, EventTranslation):
    register_rule(model, kept_part_rule)
