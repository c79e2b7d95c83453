"""Template helpers: language switching that keeps the page, locale numbers, audit trail."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent
from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_bidi, to_locale

from target87.accounts import permissions
from target87.core import dates
from target87.core.audit import history_rows
from target87.core.bidi import isolate_plain, text_direction

register = template.Library()


def _babel_locale() -> str:
    locale = to_locale(get_language() or "en")
    return {"zh_Hans": "zh_Hans_CN"}.get(locale, locale)


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code: str) -> str:
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return translate_url(path, language_code)


@register.filter
def number(value, digits: int = 0):
    """A number in the reader's locale; '—' stands for no data, never zero."""
    if value is None or value == "":
        return "—"
    fmt = "#,##0" + ("." + "0" * int(digits) if int(digits) else "")
    return format_decimal(value, format=fmt, locale=_babel_locale())


@register.filter
def day(value, style: str = "long"):
    """A date in the reader's locale ("7 février 2019", "2019年6月7日"); "short" for the
    locale's numeric form."""
    return dates.format_day(value, style)


@register.filter
def month(value):
    """A month and year in the reader's locale ("juin 2019", "2019年6月")."""
    return dates.format_month(value)


@register.filter
def percent(value, digits: int = 1):
    if value is None or value == "":
        return "—"
    fmt = "#,##0" + ("." + "0" * int(digits) if int(digits) else "") + "%"
    return format_percent(float(value) / 100, format=fmt, locale=_babel_locale())


@register.filter
def isolate(value):
    """Text isolated from the line around it, with its direction decided here: in a
    right-to-left page, an English title, a number with its unit or a parenthesis keeps its
    own order ("1. … by 2019", not "… by 2019 .1"). Browsers read ``<bdi dir>``; the PDF
    renderer does not, so the text also carries the Unicode isolate marks. In a
    left-to-right page only right-to-left text needs it."""
    if value is None or value == "":
        return value
    direction = text_direction(value)
    if not get_language_bidi() and direction != "rtl":
        return value
    if direction == "auto":
        return format_html("<bdi>{}</bdi>", isolate_plain(value))
    return format_html('<bdi dir="{}">{}</bdi>', direction, isolate_plain(value))


@register.filter
def name_in_language(country):
    return country.name_in(get_language())


@register.inclusion_tag("core/_history.html", takes_context=True)
def record_history(context, obj, limit: int = 20):
    user = context.get("user")
    visible = user is not None and (
        permissions.is_secretariat(user) or permissions.has_role(user, "gcg_member")
        or bool(permissions.object_country_ids(obj) & permissions.focal_country_ids(user))
    )
    return {"rows": history_rows(obj, limit) if visible else [], "visible": visible}


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    return permissions.can(context.get("user"), action, obj)
