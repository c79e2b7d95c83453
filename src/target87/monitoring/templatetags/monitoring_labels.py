"""Readable, translated labels for the disaggregations of published figures."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

register = template.Library()

DIMENSION_LABELS = {
    "sex": _("Sex"),
    "age": _("Age"),
    "area": _("Area"),
    "sector": _("Sector"),
}
VALUE_LABELS = {
    "female": _("Female"),
    "male": _("Male"),
    "urban": _("Urban"),
    "rural": _("Rural"),
    "agriculture": _("Agriculture"),
    "industry": _("Industry"),
    "services": _("Services"),
}


@register.filter
def dimension_label(name: str) -> str:
    """``sex`` -> ``Sex`` in the reader's language; an unknown dimension as it is."""
    return str(DIMENSION_LABELS.get(name, name))


@register.filter
def disaggregation_label(disaggregation: dict | None) -> str:
    """``{"age": "5-17", "sex": "female"}`` -> ``Age: 5-17 · Sex: Female``; empty for a total."""
    parts = []
    for name, value in sorted((disaggregation or {}).items()):
        if value in (None, "", "total"):
            continue
        parts.append(gettext("%(dimension)s: %(value)s") % {
            "dimension": dimension_label(name),
            "value": str(VALUE_LABELS.get(str(value), value)),
        })
    return " · ".join(parts)
