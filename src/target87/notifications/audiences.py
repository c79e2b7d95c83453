"""Who an announcement goes to.

Each audience has a key, a label and a function returning the users in it. Apps with their
own bodies of people (Action Groups) add audiences with ``register_audience_provider``:
``func() -> Iterable[Audience]``, called when the list is shown or an announcement sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from target87.accounts.models import Role


@dataclass(frozen=True)
class Audience:
    key: str
    label: object
    users: Callable  # () -> QuerySet of users


def _with_role(role):
    def users():
        return get_user_model().objects.filter(is_active=True, role_assignments__role=role)

    return users


def _everyone():
    return get_user_model().objects.filter(is_active=True)


_FIXED = [
    Audience("everyone", _("Everyone with an account"), _everyone),
    Audience("partners", _("Partner representatives"), _with_role(Role.PARTNER_REPRESENTATIVE)),
    Audience("focal_points", _("Country focal points"), _with_role(Role.FOCAL_POINT)),
    Audience("gcg", _("GCG members"), _with_role(Role.GCG_MEMBER)),
]
_PROVIDERS: list[Callable[[], Iterable[Audience]]] = []


def register_audience_provider(func: Callable[[], Iterable[Audience]]) -> None:
    _PROVIDERS.append(func)


def audiences() -> list[Audience]:
    found = list(_FIXED)
    for provider in _PROVIDERS:
        found.extend(provider())
    return found


def get(key: str) -> Audience | None:
    return next((audience for audience in audiences() if audience.key == key), None)


def recipients(key: str):
    audience = get(key)
    if audience is None:
        return get_user_model().objects.none()
    return audience.users().distinct().order_by("pk")


class _GroupLabel:
    """An Action Group's name (which says it is one) in the active language."""

    def __init__(self, group):
        self.group = group

    def __str__(self) -> str:
        return self.group.name_in()


def action_group_audiences():
    """Each Action Group as an audience: the representatives of its member and chairing
    organisations, and its chairs (as ``groups.chairs.chairs_of`` decides)."""
    from django.apps import apps
    from django.db.models import Q

    if not apps.is_installed("target87.groups"):
        return []
    from target87.groups.chairs import chairs_of
    from target87.groups.models import ActionGroup

    def members(group):
        def users():
            return get_user_model().objects.filter(is_active=True).filter(
                Q(role_assignments__role=Role.PARTNER_REPRESENTATIVE,
                  role_assignments__organisation__group_memberships__group=group)
                | Q(role_assignments__role=Role.PARTNER_REPRESENTATIVE,
                  role_assignments__organisation__chaired_groups__group=group)
                | Q(pk__in=chairs_of(group).values("pk"))
            )

        return users

    return [Audience(f"group:{group.slug}", _GroupLabel(group), members(group))
            for group in ActionGroup.objects.order_by("name_en")]


register_audience_provider(action_group_audiences)
