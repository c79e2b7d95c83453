"""Dates in the reader's language, each locale in its own format (CLDR through Babel):
"7 février 2019", "2019年6月7日", "يونيو 2019". Pages, charts, PDFs and DOCX files all use
these functions (templates through the ``day`` and ``month`` filters of ``platform``)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_skeleton
from django.utils.translation import get_language, to_locale


def babel_locale(language: str | None = None) -> str:
    locale = to_locale(language or get_language() or "en")
    return {"zh_Hans": "zh_Hans_CN", "zh_hans": "zh_Hans_CN"}.get(locale, locale)


def _as_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def format_day(value, style: str = "long", language: str | None = None) -> str:
    """A day: "7 February 2019" style ("long"), or the locale's short numeric form."""
    if value in (None, ""):
        return ""
    return format_date(_as_date(value), format="short" if style == "short" else "long",
                       locale=babel_locale(language))


def format_month(value, language: str | None = None) -> str:
    """A month and year: "June 2019", "juin 2019", "2019年6月"."""
    if value in (None, ""):
        return ""
    return format_skeleton("yMMMM", _as_date(value), locale=babel_locale(language))


def format_days(start, end=None, language: str | None = None) -> str:
    """A day or a span of days."""
    if not start:
        return ""
    if not end or end == start:
        return format_day(start, language=language)
    return f"{format_day(start, language=language)} – {format_day(end, language=language)}"
