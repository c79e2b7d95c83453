"""The one permission service: ``can(user, action, obj)``.

Every view, form, admin class, API endpoint and command asks this module. Records say
which countries they belong to through ``permission_country_ids()`` (or a ``country_id``
attribute) and whether they are public through ``is_public()`` (or ``is_published``).
Apps add rules for their own models with ``register_rule``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from target87.accounts.models import Role


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    SUBMIT = "submit"
    REVIEW = "review"
    APPROVE = "approve"
    PUBLISH = "publish"
    MANAGE = "manage"  # Secretariat-only operations: transitions, imports, settings


# rule(user, action, obj) -> True (allow), False (deny) or None (fall through to defaults)
Rule = Callable[[object, str, object], bool | None]
_RULES: dict[type, list[Rule]] = {}


def register_rule(model: type[Model], rule: Rule) -> Rule:
    _RULES.setdefault(model, []).append(rule)
    return rule


def roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_target87_roles", None)
    if cached is None:
        cached = set(user.role_assignments.values_list("role", flat=True))
        user._target87_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in roles(user)


def is_secretariat(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.SECRETARIAT)


def focal_country_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_target87_focal_countries", None)
    if cached is None:
        cached = set(
            user.role_assignments.filter(role=Role.FOCAL_POINT).values_list("country_id", flat=True)
        )
        user._target87_focal_countries = cached
    return cached


def organisation_ids(user) -> set[int]:
    """The organisations a partner representative speaks for."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_target87_organisations", None)
    if cached is None:
        cached = set(
            user.role_assignments.filter(role=Role.PARTNER_REPRESENTATIVE,
                                         organisation__isnull=False)
            .values_list("organisation_id", flat=True)
        )
        user._target87_organisations = cached
    return cached


def object_country_ids(obj) -> set[int]:
    if obj is None:
        return set()
    if hasattr(obj, "permission_country_ids"):
        return set(obj.permission_country_ids())
    if getattr(obj, "country_id", None) is not None:
        return {obj.country_id}
    return set()


def is_public(obj) -> bool:
    if obj is None:
        return True
    if hasattr(obj, "is_public"):
        return bool(obj.is_public())
    return bool(getattr(obj, "is_published", False))


def can(user, action: str, obj=None) -> bool:
    action = Action(action)
    if getattr(user, "is_superuser", False):
        return True
    if obj is not None:
        for klass in type(obj).__mro__:
            for rule in _RULES.get(klass, ()):
                verdict = rule(user, action, obj)
                if verdict is not None:
                    return verdict
    if is_secretariat(user):
        return True
    if action == Action.VIEW:
        if is_public(obj):
            return True
        if has_role(user, Role.GCG_MEMBER):
            return True
        countries = object_country_ids(obj)
        return bool(countries) and countries <= focal_country_ids(user)
    if action in {Action.CREATE, Action.CHANGE, Action.SUBMIT}:
        countries = object_country_ids(obj)
        return bool(countries) and countries <= focal_country_ids(user)
    if action == Action.REVIEW:
        return has_role(user, Role.GCG_MEMBER)
    return False


def require(user, action: str, obj=None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(f"You may not {action} this record.")


def scope_queryset(user, queryset: QuerySet, country_field: str = "country") -> QuerySet:
    """Rows a user may see among country-scoped, possibly unpublished records."""
    if is_secretariat(user) or has_role(user, Role.GCG_MEMBER):
        return queryset
    return queryset.filter(**{f"{country_field}__in": focal_country_ids(user)})
