"""What the public API's routers share: pagination, parameter checks, error replies.

Every list is paginated with ``limit``/``offset``; a reply holds ``items`` and ``count``.
A parameter the API cannot use (unknown code, wrong type, out of range) is answered with 400
and a message naming it: the body is ``{"detail": "..."}``.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination

from target87.countries.models import Country

#: ``limit`` above this is served as this many items.
MAX_LIMIT = 500


#: Largest ``offset`` and ``limit`` a client may send: far beyond any list, and within
#: the integers every database takes.
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    """``limit``/``offset`` bounded so that no number a client sends reaches the database
    out of range (``offset=99999999999999999999`` is a 400, not a server error)."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_OFFSET)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def validation_message(errors) -> str:
    """ninja's validation errors as one sentence naming each parameter."""
    parts = []
    for error in errors:
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(where) or '-'}: {error.get('msg', '')}")
    return "; ".join(parts)


class ErrorOut(Schema):
    """A refused request: what was wrong, naming the parameter."""

    detail: str


def bad_request(message: str) -> HttpError:
    return HttpError(400, message)


def country_or_400(iso3: str | None, field: str = "country") -> Country | None:
    """The country with this ISO 3166 alpha-3 code, ``None`` if none was asked for."""
    code = (iso3 or "").strip().upper()
    if not code:
        return None
    country = Country.objects.filter(iso3=code).first()
    if country is None:
        raise bad_request(
            _("%(field)s: “%(code)s” is not an ISO 3166 alpha-3 country code.")
            % {"field": field, "code": code[:10]}
        )
    return country


def choice_or_400(value: str | None, choices, field: str) -> str:
    """``value`` if it is one of the model ``choices`` (TextChoices), "" when empty."""
    value = (value or "").strip()
    if value and value not in choices.values:
        allowed = ", ".join(v for v in choices.values if v)
        raise bad_request(
            _("%(field)s: “%(value)s” is not one of %(allowed)s.")
            % {"field": field, "value": value[:40], "allowed": allowed}
        )
    return value


def range_or_400(low, high, low_name: str, high_name: str) -> None:
    if low is not None and high is not None and low > high:
        raise bad_request(
            _("%(low_name)s (%(low)s) is after %(high_name)s (%(high)s).")
            % {"low_name": low_name, "low": low, "high_name": high_name, "high": high}
        )


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
