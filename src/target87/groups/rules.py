"""Permission rules for Action Groups: the public sees published groups; chairs act on theirs."""

from target87.accounts.permissions import Action, register_rule
from target87.groups.models import ActionGroup


def action_group_rule(user, action, obj):
    if action == Action.VIEW and obj.is_published:
        return True
    return None


register_rule(ActionGroup, action_group_rule)
