"""Trends and projections: where does the current pace lead, and what pace is needed?

Three ways to carry an observed pace forward, each returning a :class:`Projection` that
states its method, its inputs and its assumptions:

``geometric``
    Constant annual rate of change between two chosen years (``from_year``, ``to_year``):
    ``r = (v_to / v_from) ** (1 / (to_year - from_year)) - 1``. The projection applies
    ``r`` to the observation of ``to_year``: ``v_to * (1 + r) ** (year - to_year)``.
``linear``
    Constant annual change (linear pace) between the same two years:
    ``c = (v_to - v_from) / (to_year - from_year)``. The projection adds ``c`` per year to
    the observation of ``to_year`` and stops at zero (a level cannot be negative).
``loglinear``
    ``ln(value) = a + b * year`` fitted by ordinary least squares, equal weights, to every
    observation from ``from_year`` to ``to_year`` inclusive. The projection is the fitted
    trend in the target year, ``exp(a + b * year)``.

Vocabulary used by every method:

*last observation*
    The observed value in ``to_year`` (``base_year``/``base_value``), always the published
    figure, never a fitted one, also for ``loglinear``.
*annual_change*
    Observed change per year, in the unit of the series: ``(v_to - v_from) / (to_year -
    from_year)`` for ``geometric`` and ``linear``; for ``loglinear`` the same quantity taken
    on the fitted trend, ``(exp(a + b*to_year) - exp(a + b*from_year)) / (to_year -
    from_year)``.
*annual_rate*
    Observed constant rate of change, a fraction per year: ``(v_to / v_from) ** (1 / n) -
    1`` for ``geometric`` and ``linear`` (``None`` for ``linear`` when a value is not
    positive); ``exp(b) - 1`` for ``loglinear``.

With a target level (zero, or a threshold) :class:`RequiredPace` gives the pace needed
from the last observation to reach it in the target year:
``required_annual_change = (target - base_value) / (target_year - base_year)``; the
constant ``required_annual_rate = (target / base_value) ** (1 / (target_year - base_year))
- 1`` (``None`` when the target is zero, which no constant rate reaches); and
``times_faster = required_annual_change / annual_change``, how many times the observed
pace must be multiplied (negative when the observed trend moves away from the target,
``None`` when it is flat).

:func:`chart_data` turns a projection into plain lists (observed points, projected path,
required path) for drawing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from target87.measure.cli import MeasureInputError

METHODS = ("geometric", "linear", "loglinear")

COMMON_ASSUMPTIONS = (
    "The pace observed over the chosen years continues unchanged to the target year; no "
    "shock (economic crisis, conflict, pandemic), policy change or change in population is "
    "modelled.",
    "The published estimates are taken as exact: their sampling and modelling errors, and "
    "any later revision, are not carried into the projection.",
)

Points = Mapping[int, float] | Iterable[tuple[int, float]]


class ProjectionError(MeasureInputError, ValueError):
    """Inputs for which a projection cannot be computed (message says why)."""


# --------------------------------------------------------------------------- inputs


def normalise_points(points: Points) -> tuple[tuple[int, float], ...]:
    """Sorted ``(year, value)`` pairs from a mapping or an iterable of pairs.

    Years must be whole numbers and unique; values finite numbers.
    """
    items = points.items() if isinstance(points, Mapping) else points
    out: dict[int, float] = {}
    for item in items:
        try:
            year, value = item
        except (TypeError, ValueError) as exc:
            raise ProjectionError("observation_not_pair",
                                  "expected (year, value) pairs, got %(value)r",
                                  value=item) from exc
        if isinstance(year, bool) or not float(year).is_integer():
            raise ProjectionError("year_not_whole", "year must be a whole number, got %(value)r",
                                  value=year)
        year = int(year)
        try:
            value = float(value)
        except (TypeError, ValueError) as exc:
            raise ProjectionError("value_not_number",
                                  "value for %(year)s is not a number: %(value)r",
                                  year=year, value=value) from exc
        if not math.isfinite(value):
            raise ProjectionError("value_not_finite",
                                  "value for %(year)s is not a finite number: %(value)r",
                                  year=year, value=value)
        if year in out:
            raise ProjectionError("year_repeated", "year %(year)s appears more than once",
                                  year=year)
        out[year] = value
    return tuple(sorted(out.items()))


def _window(
    points: Points, from_year: int | None, to_year: int | None, target_year: int
) -> tuple[tuple[tuple[int, float], ...], tuple[tuple[int, float], ...], int, int]:
    data = normalise_points(points)
    if len(data) < 2:
        raise ProjectionError(
            "too_few_observations",
            "a projection needs at least two observations; got %(count)s", count=len(data),
        )
    years = [y for y, _ in data]
    start = years[0] if from_year is None else int(from_year)
    end = years[-1] if to_year is None else int(to_year)
    for label, year in (("from", start), ("to", end)):
        if year not in years:
            raise ProjectionError(
                "from_year_unknown" if label == "from" else "to_year_unknown",
                "unknown %(label)s year %(year)s: observations exist for %(years)s",
                label=label, year=year, years=", ".join(str(y) for y in years),
            )
    if start >= end:
        raise ProjectionError("from_year_not_before_to_year",
                              "from year (%(start)s) must be before to year (%(end)s)",
                              start=start, end=end)
    if int(target_year) <= end:
        raise ProjectionError(
            "target_year_too_early",
            "target year %(target_year)s must be after the last observation used (%(end)s)",
            target_year=target_year, end=end,
        )
    window = tuple((y, v) for y, v in data if start <= y <= end)
    return data, window, start, end


def _check_positive(window: Iterable[tuple[int, float]], method: str) -> None:
    bad = [f"{y}={v:g}" for y, v in window if v <= 0]
    if bad:
        raise ProjectionError(
            "values_not_positive",
            "the %(method)s method needs positive values (a rate of change is undefined "
            "from or to zero); got %(values)s",
            method=method, values=", ".join(bad),
        )


def _check_target(target: float | None) -> float | None:
    if target is None:
        return None
    target = float(target)
    if not math.isfinite(target) or target < 0:
        raise ProjectionError("target_invalid",
                              "target must be a finite level of zero or more, got %(value)r",
                              value=target)
    return target


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RequiredPace:
    """The pace needed to go from the last observation to a target level by a target year.

    ``required_annual_change`` is the constant change per year (unit of the series);
    ``required_annual_rate`` the constant rate (fraction per year), ``None`` when the
    target is zero or the base value is not positive; ``times_faster`` is
    ``required_annual_change / observed_annual_change`` (``None`` without an observed pace
    or when it is zero; negative when the observed trend moves away from the target).
    """

    base_year: int
    base_value: float
    target_year: int
    target: float
    required_annual_change: float
    required_annual_rate: float | None
    observed_annual_change: float | None = None
    times_faster: float | None = None

    def level_in(self, year: float, *, constant_rate: bool = False) -> float:
        """Level on the required path in ``year``: constant change, or constant rate."""
        elapsed = year - self.base_year
        if constant_rate and self.required_annual_rate is not None:
            return self.base_value * (1.0 + self.required_annual_rate) ** elapsed
        return self.base_value + self.required_annual_change * elapsed


def required_pace(
    base_year: int,
    base_value: float,
    target_year: int,
    target: float,
    *,
    observed_annual_change: float | None = None,
) -> RequiredPace:
    """Annual change and rate needed from ``(base_year, base_value)`` to reach ``target``.

    Raises :class:`ProjectionError` when the target year is not after the base year or
    the target is negative.
    """
    target = _check_target(target)
    base_value = float(base_value)
    if int(target_year) <= int(base_year):
        raise ProjectionError(
            "target_year_not_after_base",
            "target year %(target_year)s must be after the last observation (%(base_year)s)",
            target_year=target_year, base_year=base_year,
        )
    years = int(target_year) - int(base_year)
    change = (target - base_value) / years
    rate = None
    if target > 0 and base_value > 0:
        rate = (target / base_value) ** (1.0 / years) - 1.0
    times = None
    if observed_annual_change is not None and observed_annual_change != 0:
        times = change / observed_annual_change
    return RequiredPace(
        base_year=int(base_year),
        base_value=base_value,
        target_year=int(target_year),
        target=target,
        required_annual_change=change,
        required_annual_rate=rate,
        observed_annual_change=observed_annual_change,
        times_faster=times,
    )


@dataclass(frozen=True)
class LogLinearFit:
    """``ln(value) = intercept + slope * year``, least squares over the window."""

    intercept: float
    slope: float
    r_squared: float | None

    def level_in(self, year: float) -> float:
        return math.exp(self.intercept + self.slope * year)


@dataclass(frozen=True)
class Projection:
    """A projection with its method, inputs and assumptions.

    ``inputs`` are the observations the method used; ``observations`` all those given.
    ``base_year``/``base_value`` are the last observation (the observed value in
    ``to_year``). ``value`` is the projected level in ``target_year``. When a target was
    given, ``pace`` holds the required pace, ``target_reached_year`` the (fractional)
    year in which the projected path first reaches the target (``None`` if it never
    does) and ``on_track`` whether the projected level in the target year is at or beyond
    the target.
    """

    method: str
    description: str
    from_year: int
    to_year: int
    target_year: int
    inputs: tuple[tuple[int, float], ...]
    observations: tuple[tuple[int, float], ...]
    base_year: int
    base_value: float
    value: float
    annual_rate: float | None
    annual_change: float
    assumptions: tuple[str, ...]
    fit: LogLinearFit | None = None
    pace: RequiredPace | None = None
    target_reached_year: float | None = None
    on_track: bool | None = None

    def level_in(self, year: float) -> float:
        """Level on the projected path in ``year`` (from ``base_year`` on)."""
        elapsed = year - self.base_year
        if self.method == "geometric":
            return self.base_value * (1.0 + self.annual_rate) ** elapsed
        if self.method == "linear":
            return max(0.0, self.base_value + self.annual_change * elapsed)
        return self.fit.level_in(year)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dictionary."""
        out: dict[str, Any] = {
            "method": self.method,
            "description": self.description,
            "from_year": self.from_year,
            "to_year": self.to_year,
            "target_year": self.target_year,
            "base_year": self.base_year,
            "base_value": self.base_value,
            "value": self.value,
            "annual_rate": self.annual_rate,
            "annual_change": self.annual_change,
            "inputs": [[y, v] for y, v in self.inputs],
            "assumptions": list(self.assumptions),
        }
        if self.fit is not None:
            out["fit"] = {
                "intercept": self.fit.intercept,
                "slope": self.fit.slope,
                "r_squared": self.fit.r_squared,
            }
        if self.pace is not None:
            out.update(
                target=self.pace.target,
                required_annual_change=self.pace.required_annual_change,
                required_annual_rate=self.pace.required_annual_rate,
                times_faster=self.pace.times_faster,
                target_reached_year=self.target_reached_year,
                on_track=self.on_track,
            )
        return out


# --------------------------------------------------------------------------- methods


def _observed_rate(v_from: float, v_to: float, years: int) -> float | None:
    if v_from <= 0 or v_to < 0:
        return None
    return (v_to / v_from) ** (1.0 / years) - 1.0


def _pace_assumptions(base_year: int, method: str) -> tuple[str, ...]:
    return (
        f"Required pace: the target is reached from the observed {base_year} value, by a "
        "constant change per year (required annual change) or a constant rate (required "
        "annual rate, undefined for a target of zero).",
        "Times faster: required annual change divided by the observed annual change"
        + (" of the fitted trend" if method == "loglinear" else "")
        + "; a negative figure means the observed trend moves away from the target.",
    )


def _finish(
    *,
    method: str,
    description: str,
    data,
    window,
    start: int,
    end: int,
    target_year: int,
    annual_rate: float | None,
    annual_change: float,
    assumptions: tuple[str, ...],
    target: float | None,
    fit: LogLinearFit | None = None,
) -> Projection:
    base_value = dict(data)[end]
    projection = Projection(
        method=method,
        description=description,
        from_year=start,
        to_year=end,
        target_year=int(target_year),
        inputs=window,
        observations=data,
        base_year=end,
        base_value=base_value,
        value=0.0,
        annual_rate=annual_rate,
        annual_change=annual_change,
        assumptions=assumptions + COMMON_ASSUMPTIONS,
        fit=fit,
    )
    value = projection.level_in(int(target_year))
    updates: dict[str, Any] = {"value": value}
    target = _check_target(target)
    if target is not None:
        pace = required_pace(
            end, base_value, int(target_year), target, observed_annual_change=annual_change
        )
        updates.update(
            pace=pace,
            target_reached_year=_reached_year(projection, target),
            on_track=(value <= target) if target <= base_value else (value >= target),
            assumptions=projection.assumptions + _pace_assumptions(end, method),
        )
    return replace(projection, **updates)


def _reached_year(projection: Projection, target: float) -> float | None:
    """First (fractional) year from ``base_year`` on when the projected path meets the target."""
    base_year, base = projection.base_year, projection.base_value
    method = projection.method
    if method == "loglinear":
        fit = projection.fit
        if target <= 0:
            return None
        start = fit.level_in(base_year)
        if (base >= target and start <= target) or (base <= target and start >= target):
            return float(base_year)
        if fit.slope == 0:
            return None
        year = (math.log(target) - fit.intercept) / fit.slope
        return year if year >= base_year else None
    if base == target:
        return float(base_year)
    if method == "linear":
        change = projection.annual_change
        if change == 0:
            return None
        elapsed = (target - base) / change
        return base_year + elapsed if elapsed >= 0 else None
    rate = projection.annual_rate
    if target <= 0 or rate is None or rate == 0 or rate <= -1:
        return None
    elapsed = math.log(target / base) / math.log1p(rate)
    return base_year + elapsed if elapsed >= 0 else None


def geometric(
    points: Points,
    *,
    target_year: int,
    from_year: int | None = None,
    to_year: int | None = None,
    target: float | None = None,
) -> Projection:
    """Constant annual rate of change between ``from_year`` and ``to_year``.

    Uses only the two observations; requires both to be positive. Annual change is
    ``(v_to - v_from) / (to_year - from_year)``; the projection is
    ``v_to * (1 + annual_rate) ** (target_year - to_year)``.
    """
    data, window, start, end = _window(points, from_year, to_year, target_year)
    values = dict(data)
    _check_positive(((start, values[start]), (end, values[end])), "geometric")
    years = end - start
    rate = (values[end] / values[start]) ** (1.0 / years) - 1.0
    change = (values[end] - values[start]) / years
    return _finish(
        method="geometric",
        description=(
            f"Constant annual rate of change between {start} and {end}, applied to the "
            f"{end} observation"
        ),
        data=data,
        window=((start, values[start]), (end, values[end])),
        start=start,
        end=end,
        target_year=target_year,
        annual_rate=rate,
        annual_change=change,
        assumptions=(
            f"The level changes by the same percentage every year: the constant rate "
            f"observed between {start} and {end} ({rate:+.2%} a year) is applied to the "
            f"{end} observation.",
            f"Only the {start} and {end} observations are used; observations between them "
            "do not change the result.",
            "A constant rate of decline never reaches zero.",
        ),
        target=target,
    )


def linear(
    points: Points,
    *,
    target_year: int,
    from_year: int | None = None,
    to_year: int | None = None,
    target: float | None = None,
) -> Projection:
    """Constant annual change (linear pace) between ``from_year`` and ``to_year``.

    Uses only the two observations. The projection is
    ``max(0, v_to + annual_change * (target_year - to_year))``. ``annual_rate`` is the
    equivalent constant rate between the two years, ``None`` unless both are positive.
    """
    data, window, start, end = _window(points, from_year, to_year, target_year)
    values = dict(data)
    years = end - start
    change = (values[end] - values[start]) / years
    rate = _observed_rate(values[start], values[end], years)
    return _finish(
        method="linear",
        description=(
            f"Constant annual change (linear pace) between {start} and {end}, added to "
            f"the {end} observation"
        ),
        data=data,
        window=((start, values[start]), (end, values[end])),
        start=start,
        end=end,
        target_year=target_year,
        annual_rate=rate,
        annual_change=change,
        assumptions=(
            f"The level changes by the same amount every year: the average change "
            f"observed between {start} and {end} ({change:+.4g} a year) is added to the "
            f"{end} observation.",
            f"Only the {start} and {end} observations are used; observations between them "
            "do not change the result.",
            "The projected level stops at zero; it is never negative.",
        ),
        target=target,
    )


def _least_squares(window) -> LogLinearFit:
    xs = [float(y) for y, _ in window]
    ys = [math.log(v) for _, v in window]
    n = len(xs)
    x_mean = math.fsum(xs) / n
    y_mean = math.fsum(ys) / n
    sxx = math.fsum((x - x_mean) ** 2 for x in xs)
    sxy = math.fsum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    if all(y == ys[0] for y in ys):
        slope, y_mean = 0.0, ys[0]
    intercept = y_mean - slope * x_mean
    ss_tot = math.fsum((y - y_mean) ** 2 for y in ys)
    ss_res = math.fsum(
        (y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True)
    )
    r_squared = None if ss_tot == 0 else 1.0 - ss_res / ss_tot
    return LogLinearFit(intercept=intercept, slope=slope, r_squared=r_squared)


def loglinear(
    points: Points,
    *,
    target_year: int,
    from_year: int | None = None,
    to_year: int | None = None,
    target: float | None = None,
) -> Projection:
    """Log-linear trend fitted by least squares to every observation in the window.

    All values from ``from_year`` to ``to_year`` must be positive. The projection is the
    fitted trend ``exp(a + b * target_year)``; ``annual_rate`` is ``exp(b) - 1`` and
    ``annual_change`` the fitted trend's average change per year over the window. The
    required pace still starts from the observed value in ``to_year``.
    """
    data, window, start, end = _window(points, from_year, to_year, target_year)
    _check_positive(window, "loglinear")
    fit = _least_squares(window)
    change = (fit.level_in(end) - fit.level_in(start)) / (end - start)
    rate = math.expm1(fit.slope)
    r2 = "n/a" if fit.r_squared is None else f"{fit.r_squared:.3f}"
    return _finish(
        method="loglinear",
        description=(
            f"Log-linear trend fitted by least squares to the {len(window)} observations "
            f"from {start} to {end}"
        ),
        data=data,
        window=window,
        start=start,
        end=end,
        target_year=target_year,
        annual_rate=rate,
        annual_change=change,
        assumptions=(
            f"The logarithm of the level follows a straight line in time, fitted by "
            f"ordinary least squares with equal weights to the {len(window)} observations "
            f"from {start} to {end} (R² {r2}); the trend falls at a constant rate of "
            f"{rate:+.2%} a year.",
            "The projection is the fitted trend in the target year, not the last "
            "observation carried forward; the observed pace (annual change) is the trend's "
            f"average change per year from {start} to {end}.",
            "A constant rate of decline never reaches zero.",
        ),
        target=target,
        fit=fit,
    )


_DISPATCH = {"geometric": geometric, "linear": linear, "loglinear": loglinear}


def project(
    points: Points,
    *,
    method: str = "geometric",
    target_year: int,
    from_year: int | None = None,
    to_year: int | None = None,
    target: float | None = None,
) -> Projection:
    """Run the named method (``geometric``, ``linear`` or ``loglinear``)."""
    try:
        function = _DISPATCH[method]
    except KeyError:
        raise ProjectionError(
            "method_unknown", "unknown method %(value)r; choose one of %(choices)s",
            value=method, choices=", ".join(METHODS),
        ) from None
    return function(
        points, target_year=target_year, from_year=from_year, to_year=to_year, target=target
    )


# --------------------------------------------------------------------------- charts


def chart_data(projection: Projection) -> dict[str, Any]:
    """Plain lists for a chart: observed points, projected path and required path.

    ``observed``: every observation given, ``[year, value]``. ``used``: those the method
    used. ``projected``: the projected path, one point per year from ``base_year`` to
    ``target_year`` (for ``loglinear`` it starts at ``from_year`` and follows the fitted
    trend). ``required``: the path from the last observation to the target, one point per
    year (constant rate when the method is rate-based and the rate is defined, otherwise
    constant change), empty without a target. ``target``: ``[target_year, target]`` or
    ``None``.
    """
    start = projection.from_year if projection.method == "loglinear" else projection.base_year
    projected = [
        [year, projection.level_in(year)] for year in range(start, projection.target_year + 1)
    ]
    required: list[list[float]] = []
    target = None
    pace = projection.pace
    if pace is not None:
        by_rate = projection.method in ("geometric", "loglinear")
        required = [
            [year, pace.level_in(year, constant_rate=by_rate)]
            for year in range(pace.base_year, pace.target_year + 1)
        ]
        required[-1][1] = pace.target
        target = [pace.target_year, pace.target]
    return {
        "method": projection.method,
        "observed": [[y, v] for y, v in projection.observations],
        "used": [[y, v] for y, v in projection.inputs],
        "projected": projected,
        "required": required,
        "target": target,
    }
