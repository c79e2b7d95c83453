"""Hand-computed cases and error cases for target87.measure.projections."""

import math

import pytest

from target87.measure.cli import MeasureInputError
from target87.measure.projections import (
    METHODS,
    ProjectionError,
    chart_data,
    geometric,
    linear,
    loglinear,
    normalise_points,
    project,
    required_pace,
)

HALVING = {2000: 100.0, 2010: 50.0}


def test_geometric_halving_per_decade():
    p = geometric(HALVING, target_year=2020)
    assert p.method == "geometric"
    assert (p.from_year, p.to_year, p.base_year, p.base_value) == (2000, 2010, 2010, 50.0)
    assert p.annual_rate == pytest.approx(0.5**0.1 - 1)
    assert p.annual_change == pytest.approx(-5.0)
    assert p.value == pytest.approx(25.0)
    assert p.inputs == ((2000, 100.0), (2010, 50.0))
    assert p.pace is None and p.on_track is None


def test_geometric_uses_only_the_two_chosen_years():
    points = {2000: 100.0, 2005: 1.0, 2010: 50.0, 2015: 999.0}
    p = geometric(points, from_year=2000, to_year=2010, target_year=2020)
    assert p.value == pytest.approx(25.0)
    assert p.inputs == ((2000, 100.0), (2010, 50.0))
    assert len(p.observations) == 4


def test_geometric_required_pace_to_zero():
    p = geometric(HALVING, target_year=2020, target=0)
    assert p.pace.required_annual_change == pytest.approx(-5.0)
    assert p.pace.required_annual_rate is None
    assert p.pace.times_faster == pytest.approx(1.0)
    assert p.target_reached_year is None  # a constant rate never reaches zero
    assert p.on_track is False


def test_geometric_required_rate_to_threshold_equals_observed_rate():
    p = geometric(HALVING, target_year=2030, target=12.5)
    assert p.value == pytest.approx(12.5)
    assert p.pace.required_annual_rate == pytest.approx(0.5**0.1 - 1)
    assert p.pace.required_annual_change == pytest.approx((12.5 - 50) / 20)
    assert p.pace.times_faster == pytest.approx(1.875 / 5)
    assert p.target_reached_year == pytest.approx(2030)
    assert p.on_track is True


def test_linear_pace():
    p = linear({2000: 100.0, 2010: 80.0}, target_year=2020, target=0)
    assert p.annual_change == pytest.approx(-2.0)
    assert p.annual_rate == pytest.approx(0.8**0.1 - 1)
    assert p.value == pytest.approx(60.0)
    assert p.pace.required_annual_change == pytest.approx(-8.0)
    assert p.pace.times_faster == pytest.approx(4.0)
    assert p.target_reached_year == pytest.approx(2050.0)
    assert p.on_track is False


def test_linear_stops_at_zero_and_accepts_zero_values():
    p = linear({2000: 100.0, 2010: 80.0}, target_year=2070)
    assert p.value == 0.0
    q = linear({2000: 10.0, 2010: 0.0}, target_year=2015)
    assert q.value == 0.0
    assert q.annual_rate == pytest.approx(-1.0)
    r = linear({2000: 0.0, 2010: 5.0}, target_year=2015)
    assert r.value == pytest.approx(7.5)
    assert r.annual_rate is None


def test_loglinear_exact_exponential():
    p = loglinear({2000: 100.0, 2001: 50.0, 2002: 25.0}, target_year=2004)
    assert p.annual_rate == pytest.approx(-0.5)
    assert p.value == pytest.approx(6.25)
    assert p.annual_change == pytest.approx(-37.5)
    assert p.fit.r_squared == pytest.approx(1.0)
    assert len(p.inputs) == 3


def test_loglinear_least_squares_by_hand():
    # ln values 0, 1, 3 at x = 0, 1, 2: slope 3/2, intercept 4/3 - 3/2 = -1/6, R² 27/28.
    points = {2000: 1.0, 2001: math.e, 2002: math.exp(3)}
    p = loglinear(points, target_year=2003, target=1.0)
    assert p.fit.slope == pytest.approx(1.5)
    assert p.fit.intercept + 1.5 * 2000 == pytest.approx(-1 / 6)
    assert p.fit.r_squared == pytest.approx(27 / 28)
    assert p.value == pytest.approx(math.exp(13 / 3))
    assert p.annual_rate == pytest.approx(math.exp(1.5) - 1)
    expected_change = (math.exp(-1 / 6 + 3) - math.exp(-1 / 6)) / 2
    assert p.annual_change == pytest.approx(expected_change)
    # the required pace starts from the observed 2002 value, not the fitted one
    assert p.base_value == pytest.approx(math.exp(3))
    assert p.pace.required_annual_change == pytest.approx(1.0 - math.exp(3))
    assert p.pace.times_faster == pytest.approx((1.0 - math.exp(3)) / expected_change)
    assert p.target_reached_year is None  # the trend rises away from the target
    assert p.on_track is False


def test_loglinear_window_ignores_points_outside():
    points = {1990: 0.0, 2000: 100.0, 2001: 50.0, 2002: 25.0, 2003: -4.0}
    p = loglinear(points, from_year=2000, to_year=2002, target_year=2004)
    assert p.value == pytest.approx(6.25)
    assert p.inputs == ((2000, 100.0), (2001, 50.0), (2002, 25.0))


def test_target_reached_year_loglinear():
    p = loglinear({2000: 100.0, 2001: 50.0, 2002: 25.0}, target_year=2010, target=6.25)
    assert p.target_reached_year == pytest.approx(2004)
    assert p.on_track is True


def test_child_labour_headline_numbers():
    points = {2016: 151.6, 2020: 160.0, 2024: 137.6}
    p = geometric(points, from_year=2020, target_year=2025, target=0)
    assert p.annual_change == pytest.approx(-5.6)
    assert p.value == pytest.approx(137.6 * (137.6 / 160.0) ** 0.25)
    assert p.pace.times_faster == pytest.approx(137.6 / 5.6)


def test_required_pace_by_hand():
    pace = required_pace(2021, 27.6, 2030, 0.0, observed_annual_change=0.54)
    assert pace.required_annual_change == pytest.approx(-27.6 / 9)
    assert pace.required_annual_rate is None
    assert pace.times_faster == pytest.approx(-27.6 / 9 / 0.54)
    assert pace.times_faster < 0  # the observed trend moves away from the target
    flat = required_pace(2020, 10.0, 2025, 5.0, observed_annual_change=0.0)
    assert flat.times_faster is None
    assert flat.required_annual_rate == pytest.approx(0.5**0.2 - 1)


def test_project_dispatches_and_states_assumptions():
    for method in METHODS:
        p = project(HALVING, method=method, target_year=2020, target=0)
        assert p.method == method
        assert p.description
        assert len(p.assumptions) >= 4
        assert all(isinstance(a, str) and a for a in p.assumptions)
        d = p.to_dict()
        for key in ("method", "from_year", "to_year", "target_year", "value", "annual_rate",
                    "annual_change", "required_annual_change", "required_annual_rate",
                    "times_faster", "assumptions", "inputs"):
            assert key in d


def test_chart_data_lists():
    p = geometric(HALVING, target_year=2015, target=10.0)
    chart = chart_data(p)
    assert chart["observed"] == [[2000, 100.0], [2010, 50.0]]
    assert [y for y, _ in chart["projected"]] == list(range(2010, 2016))
    assert chart["projected"][0][1] == pytest.approx(50.0)
    assert chart["projected"][-1][1] == pytest.approx(p.value)
    assert [y for y, _ in chart["required"]] == list(range(2010, 2016))
    assert chart["required"][0][1] == pytest.approx(50.0)
    assert chart["required"][-1] == [2015, 10.0]
    assert chart["target"] == [2015, 10.0]
    lin = chart_data(linear(HALVING, target_year=2015, target=0))
    assert lin["required"][1][1] == pytest.approx(40.0)  # constant change path
    log = chart_data(loglinear({2000: 4.0, 2001: 2.0, 2002: 1.0}, target_year=2004))
    assert log["projected"][0][0] == 2000 and log["required"] == [] and log["target"] is None


def test_normalise_points_accepts_pairs_and_mappings():
    assert normalise_points([(2010, "5"), (2000, 1)]) == ((2000, 1.0), (2010, 5.0))
    assert normalise_points({2000.0: 1}) == ((2000, 1.0),)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"points": {2020: 5.0}}, "at least two observations"),
        ({"points": {}}, "at least two observations"),
        ({"points": {2000: 0.0, 2010: 5.0}}, "positive values"),
        ({"points": {2000: 5.0, 2010: -1.0}}, "positive values"),
        ({"points": HALVING, "target_year": 2005}, "must be after the last observation"),
        ({"points": HALVING, "target_year": 2010}, "must be after the last observation"),
        ({"points": HALVING, "from_year": 1999}, "unknown from year 1999"),
        ({"points": HALVING, "to_year": 2011}, "unknown to year 2011"),
        ({"points": HALVING, "from_year": 2010, "to_year": 2000}, "must be before"),
        ({"points": HALVING, "target": -1.0}, "zero or more"),
        ({"points": [(2000, 1.0), (2000, 2.0)]}, "more than once"),
        ({"points": {2000: float("nan"), 2010: 1.0}}, "finite"),
        ({"points": {2000.5: 1.0, 2010: 1.0}}, "whole number"),
        ({"points": {2000: "x", 2010: 1.0}}, "not a number"),
        ({"points": [2000, 2010]}, "pairs"),
    ],
)
def test_geometric_errors(kwargs, message):
    args = {"target_year": 2030, **kwargs}
    with pytest.raises(ProjectionError, match=message):
        geometric(args.pop("points"), **args)


def test_loglinear_rejects_non_positive_inside_window():
    with pytest.raises(ProjectionError, match="loglinear method needs positive values"):
        loglinear({2000: 5.0, 2005: 0.0, 2010: 2.0}, target_year=2030)


def test_errors_are_user_errors_and_value_errors():
    with pytest.raises(MeasureInputError):
        linear({2020: 1.0}, target_year=2030)
    with pytest.raises(ValueError):
        project(HALVING, method="cubic", target_year=2030)
    with pytest.raises(ProjectionError, match="target year 2020 must be after"):
        required_pace(2020, 5.0, 2020, 0.0)
