"""Who chairs an Action Group: the one answer used by the groups and meetings apps alike
(permission rules, views, "My work", notifications and audiences).

A person chairs a group when all of these hold:

- their account is active;
- they hold the Action Group chair role (``Role.ACTION_GROUP_CHAIR``, which the
  Secretariat gives and takes back on the people pages);
- they are the named representative of one of the group's chairing organisations (a
  ``GroupChair`` row of the group, chair or co-chair).

The role says the person may act as a chair at all; the ``GroupChair`` row says for which
group and which organisation. Naming a representative without the role (or keeping the
role after the representative was changed) gives no chair's rights.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from target87.accounts.models import Role
from target87.accounts.permissions import has_role


def chairs_of(group) -> QuerySet:
    """The people who chair ``group`` (see the module's rule), as a query of users."""
    if group is None or group.pk is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(
        is_active=True,
        role_assignments__role=Role.ACTION_GROUP_CHAIR,
        chaired_groups__group=group,
    ).distinct().order_by("pk")


def chaired_group_ids(user) -> set[int]:
    """The ids of the groups ``user`` chairs (for filtering lists by them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if not has_role(user, Role.ACTION_GROUP_CHAIR):
        return set()
    from target87.groups.models import GroupChair

    return set(GroupChair.objects.filter(representative=user)
               .values_list("group_id", flat=True))


def is_chair(user, group) -> bool:
    """Does ``user`` chair ``group``? (see the module's rule)"""
    if group is None or group.pk is None:
        return False
    return group.pk in chaired_group_ids(user)
