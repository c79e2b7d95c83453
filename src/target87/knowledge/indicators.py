"""Indicator values from the monitoring app, read lazily.

The knowledge pages show what monitoring has published and never compute figures
themselves. When the monitoring app has no published value, the answer is ``None`` and
pages say "no data" (never zero).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, ValidationError

logger = logging.getLogger(__name__)

# SDG indicator 8.7.1 (SL_TLF_CHLDEA) in the monitoring catalogue
PREVALENCE_CODE = "CL_PREV_ECON"
MAP_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Point:
    value: float
    year: int | None = None
    source: str = ""
    status: str = ""
    ci_low: float | None = None
    ci_high: float | None = None


def _get(obj, *names):
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value not in (None, ""):
            return value
    return None


def _as_point(obj) -> Point | None:
    if obj is None:
        return None
    value = _get(obj, "value", "estimate")
    if value is None:
        return None
    year = _get(obj, "year", "reference_year", "period")
    try:
        year = int(str(year)[:4]) if year is not None else None
    except ValueError:
        year = None
    low, high = _get(obj, "ci_low", "lower", "ci_lower"), _get(obj, "ci_high", "upper", "ci_upper")
    return Point(
        value=float(value),
        year=year,
        source=str(_get(obj, "source", "source_name") or ""),
        status=str(_get(obj, "status", "status_label") or ""),
        ci_low=float(low) if low is not None else None,
        ci_high=float(high) if high is not None else None,
    )


def latest(country, indicator_code: str = PREVALENCE_CODE) -> Point | None:
    try:
        from target87.monitoring.services import latest_published
    except ImportError:
        return None
    try:
        return _as_point(latest_published(country, indicator_code))
    except (
        ObjectDoesNotExist,
        ValidationError,
        LookupError,
        TypeError,
        ValueError,
        AttributeError,
    ) as exc:
        logger.warning("no %s for %s: %s", indicator_code, country.iso3, exc)
        return None


def latest_by_country(countries, indicator_code: str = PREVALENCE_CODE) -> dict[str, Point]:
    """``{iso3: Point}`` for countries with a published value (cached until the content
    changes, so a figure just published colours the map at once)."""
    from target87.core.versions import cache_version

    countries = list(countries)
    codes = ",".join(c.iso3 for c in countries)
    key = (f"knowledge:latest:{indicator_code}:{cache_version()}:"
           f"{hashlib.sha256(codes.encode()).hexdigest()[:20]}")
    values = cache.get(key)
    if values is None:
        values = {}
        for country in countries:
            point = latest(country, indicator_code)
            if point is not None:
                values[country.iso3] = point
        cache.set(key, values, MAP_CACHE_SECONDS)
    return values
