"""Permission rules for Action Groups.

The public sees published groups and workplans and accepted progress. A group's chairs (the
one rule of ``groups.chairs.is_chair``, also used by the meetings app) edit its workplans and
decide its membership requests and progress updates; members (partner representatives
whose organisation is a member) propose progress updates. GCG members read everything; the
Secretariat does all.
"""

from target87.accounts.permissions import (
    Action,
    can,
    is_secretariat,
    organisation_ids,
    register_rule,
)
from target87.groups.chairs import is_chair
from target87.groups.models import (
    ActionGroup,
    GroupMembership,
    MembershipRequest,
    ProgressUpdate,
    UpdateState,
    Workplan,
    WorkplanItem,
)


def member_of(user, group) -> bool:
    if group is None or not getattr(user, "is_authenticated", False):
        return False
    return GroupMembership.objects.filter(group=group,
                                          partner__in=organisation_ids(user)).exists()


def action_group_rule(user, action, obj):
    if action == Action.VIEW and obj.is_published:
        return True
    if action in (Action.VIEW, Action.CHANGE) and is_chair(user, obj):
        return True
    return None


def workplan_rule(user, action, obj):
    group = obj.group
    if action == Action.VIEW:
        if obj.is_public() or is_chair(user, group) or member_of(user, group):
            return True
        return None
    if action in (Action.CREATE, Action.CHANGE, Action.DELETE) and is_chair(user, group):
        return True
    return None


def item_rule(user, action, obj):
    return workplan_rule(user, action, obj.workplan)


def update_rule(user, action, obj):
    group = obj.item.workplan.group
    if action == Action.VIEW:
        if obj.is_public() or is_chair(user, group) or member_of(user, group):
            return True
        return None
    if action in (Action.CREATE, Action.SUBMIT):
        return is_chair(user, group) or member_of(user, group) or None
    if action == Action.APPROVE and is_chair(user, group):
        return True
    return None


def membership_request_rule(user, action, obj):
    if action == Action.VIEW and (is_chair(user, obj.group) or obj.requested_by_id == user.pk):
        return True
    if action == Action.APPROVE and is_chair(user, obj.group):
        return True
    if action == Action.CREATE:
        return obj.partner_id in organisation_ids(user) or None
    return None


def may_download_evidence(user, update) -> bool:
    """Who may download a progress update's evidence file: until a chair accepts the
    update, its proposer, the group's chairs and the Secretariat; once accepted, whoever
    may see the workplan."""
    if update.state == UpdateState.ACCEPTED:
        return can(user, Action.VIEW, update.item.workplan)
    if is_secretariat(user):
        return True
    if getattr(user, "is_authenticated", False) and update.proposed_by_id == user.pk:
        return True
    return is_chair(user, update.item.workplan.group)


register_rule(ActionGroup, action_group_rule)
register_rule(Workplan, workplan_rule)
register_rule(WorkplanItem, item_rule)
register_rule(ProgressUpdate, update_rule)
register_rule(MembershipRequest, membership_request_rule)
