"""Permission rules for Action Groups.

The public sees published groups and workplans and accepted progress. A group's chairs (a user
with the Action Group chair role who represents a chairing organisation) edit its workplans and
decide its membership requests and progress updates; members (partner representatives
whose organisation is a member) propose progress updates. GCG members read everything; the
Secretariat does all.
"""

from django.db.models import Q

from target87.accounts.models import Role
from target87.accounts.permissions import Action, has_role, organisation_ids, register_rule
from target87.groups.models import (
    ActionGroup,
    GroupChair,
    GroupMembership,
    MembershipRequest,
    ProgressUpdate,
    Workplan,
    WorkplanItem,
)


def chairs(user, group) -> bool:
    if group is None or not getattr(user, "is_authenticated", False):
        return False
    if not has_role(user, Role.ACTION_GROUP_CHAIR):
        return False
    return GroupChair.objects.filter(group=group, representative=user).exists()


def member_of(user, group) -> bool:
    if group is None or not getattr(user, "is_authenticated", False):
        return False
    return GroupMembership.objects.filter(group=group).filter(
        Q(partner__in=organisation_ids(user)) | Q(partner__representatives__user=user)
    ).exists()


def action_group_rule(user, action, obj):
    if action == Action.VIEW and obj.is_published:
        return True
    if action in (Action.VIEW, Action.CHANGE) and chairs(user, obj):
        return True
    return None


def workplan_rule(user, action, obj):
    group = obj.group
    if action == Action.VIEW:
        if obj.is_public() or chairs(user, group) or member_of(user, group):
            return True
        return None
    if action in (Action.CREATE, Action.CHANGE, Action.DELETE) and chairs(user, group):
        return True
    return None


def item_rule(user, action, obj):
    return workplan_rule(user, action, obj.workplan)


def update_rule(user, action, obj):
    group = obj.item.workplan.group
    if action == Action.VIEW:
        if obj.is_public() or chairs(user, group) or member_of(user, group):
            return True
        return None
    if action in (Action.CREATE, Action.SUBMIT):
        return chairs(user, group) or member_of(user, group) or None
    if action == Action.APPROVE and chairs(user, group):
        return True
    return None


def membership_request_rule(user, action, obj):
    if action == Action.VIEW and (chairs(user, obj.group) or obj.requested_by_id == user.pk):
        return True
    if action == Action.APPROVE and chairs(user, obj.group):
        return True
    if action == Action.CREATE:
        speaks = obj.partner_id in organisation_ids(user)
        return speaks or obj.partner.representatives.filter(user=user).exists() or None
    return None


register_rule(ActionGroup, action_group_rule)
register_rule(Workplan, workplan_rule)
register_rule(WorkplanItem, item_rule)
register_rule(ProgressUpdate, update_rule)
register_rule(MembershipRequest, membership_request_rule)
