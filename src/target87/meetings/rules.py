"""Who may see and edit meetings.

GCG meetings are kept by the Secretariat; a country coordination group's meetings also by
the country's focal point; an Action Group's by its chairs. Unpublished meetings are seen
by those who keep them and, for the GCG, by its members. An action point's owner may say
where it stands.
"""

from target87.accounts.models import Role
from target87.accounts.permissions import (
    Action,
    focal_country_ids,
    has_role,
    is_secretariat,
    register_rule,
)
from target87.groups.chairs import is_chair
from target87.meetings.models import (
    ActionPoint,
    AgendaItem,
    Body,
    Decision,
    FollowUp,
    GCGMember,
    Meeting,
    MeetingDocument,
    Participant,
)


def _group_chair(user, meeting) -> bool:
    """The user chairs the Action Group the meeting belongs to (the groups app's one rule,
    ``groups.chairs.is_chair``)."""
    if meeting.action_group_id is None:
        return False
    return is_chair(user, meeting.action_group)


def keeps(user, meeting) -> bool:
    if is_secretariat(user):
        return True
    if meeting.body == Body.COUNTRY:
        return meeting.country_id in focal_country_ids(user)
    if meeting.body == Body.ACTION_GROUP:
        return _group_chair(user, meeting)
    return False


def meeting_rule(user, action, meeting):
    if action == Action.VIEW:
        if meeting.is_published or keeps(user, meeting):
            return True
        return meeting.body == Body.GCG and has_role(user, Role.GCG_MEMBER)
    if action in (Action.CHANGE, Action.CREATE, Action.DELETE, Action.PUBLISH):
        return keeps(user, meeting)
    return False


def part_rule(user, action, obj):
    return meeting_rule(user, action, obj.meeting)


def action_point_rule(user, action, point):
    if action == Action.CHANGE and point.owner_user_id and user is not None \
            and getattr(user, "pk", None) == point.owner_user_id:
        return True
    return meeting_rule(user, action, point.meeting)


def gcg_member_rule(user, action, obj):
    if action == Action.VIEW:
        return True
    return is_secretariat(user)


register_rule(Meeting, meeting_rule)
for model in (AgendaItem, MeetingDocument, Participant, Decision, FollowUp):
    register_rule(model, part_rule)
register_rule(ActionPoint, action_point_rule)
register_rule(GCGMember, gcg_member_rule)
