"""Property tests for target87.measure.projections."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from target87.measure.projections import METHODS, chart_data, project, required_pace

years = st.integers(min_value=1950, max_value=2100)
levels = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
targets = st.one_of(st.just(0.0), levels)


@st.composite
def series(draw, min_size=2):
    chosen = draw(st.lists(years, min_size=min_size, max_size=8, unique=True))
    values = draw(st.lists(levels, min_size=len(chosen), max_size=len(chosen)))
    return dict(zip(sorted(chosen), values, strict=True))


@given(
    chosen=st.lists(years, min_size=2, max_size=8, unique=True),
    level=levels,
    horizon=st.integers(min_value=1, max_value=60),
    method=st.sampled_from(METHODS),
)
def test_constant_series_projects_constant(chosen, level, horizon, method):
    points = {year: level for year in chosen}
    p = project(points, method=method, target_year=max(chosen) + horizon)
    assert p.value == pytest.approx(level, rel=1e-9)
    assert p.annual_change == pytest.approx(0.0, abs=1e-9 * level)
    assert p.annual_rate == pytest.approx(0.0, abs=1e-9)


@given(
    base_year=years,
    base_value=levels,
    horizon=st.integers(min_value=1, max_value=80),
    target=targets,
)
def test_required_pace_reaches_target(base_year, base_value, horizon, target):
    target_year = base_year + horizon
    pace = required_pace(base_year, base_value, target_year, target)
    by_change = base_value + pace.required_annual_change * horizon
    assert by_change == pytest.approx(target, rel=1e-9, abs=1e-9 * base_value)
    if target == 0:
        assert pace.required_annual_rate is None
    else:
        by_rate = base_value * (1 + pace.required_annual_rate) ** horizon
        # a rate near -100 % carries an absolute error of the order of base_value * 1e-16
        assert by_rate == pytest.approx(target, rel=1e-9, abs=1e-9 * base_value)


@given(
    points=series(),
    horizon=st.integers(min_value=1, max_value=40),
    target=targets,
    method=st.sampled_from(METHODS),
)
def test_required_path_from_last_observation_reaches_target(points, horizon, target, method):
    last_year = max(points)
    p = project(points, method=method, target_year=last_year + horizon, target=target)
    assert p.base_year == last_year and p.base_value == points[last_year]
    assert p.pace.level_in(p.target_year) == pytest.approx(
        target, rel=1e-9, abs=1e-9 * p.base_value
    )
    if p.pace.required_annual_rate is not None:
        assert p.pace.level_in(p.target_year, constant_rate=True) == pytest.approx(
            target, rel=1e-9, abs=1e-9 * p.base_value
        )
    if p.pace.times_faster is not None:
        assert p.pace.times_faster * p.annual_change == pytest.approx(
            p.pace.required_annual_change, rel=1e-9, abs=1e-12
        )
    chart = chart_data(p)
    assert chart["required"][0] == [last_year, pytest.approx(p.base_value)]
    assert chart["required"][-1] == [p.target_year, target]
    assert chart["projected"][-1][1] == pytest.approx(p.value)


@given(points=series(), horizon=st.integers(min_value=1, max_value=40))
def test_geometric_path_joins_the_two_observations(points, horizon):
    first, last = min(points), max(points)
    p = project(points, method="geometric", target_year=last + horizon)
    rebuilt = points[first] * (1 + p.annual_rate) ** (last - first)
    assert rebuilt == pytest.approx(points[last], rel=1e-9, abs=1e-9 * points[first])
    assert p.level_in(last) == pytest.approx(points[last])
    assert p.value > 0


@given(points=series(), horizon=st.integers(min_value=1, max_value=40))
def test_exact_exponential_is_recovered_by_loglinear(points, horizon):
    first = min(points)
    rate = (points[max(points)] / points[first]) ** (1 / (max(points) - first)) - 1
    exact = {y: points[first] * (1 + rate) ** (y - first) for y in points}
    if not all(math.isfinite(v) and v > 0 for v in exact.values()):
        return
    p = project(exact, method="loglinear", target_year=max(points) + horizon)
    g = project(exact, method="geometric", target_year=max(points) + horizon)
    assert p.annual_rate == pytest.approx(g.annual_rate, rel=1e-6, abs=1e-9)
    assert p.value == pytest.approx(g.value, rel=1e-6, abs=1e-9 * max(exact.values()))
