"""``target87 measure project`` through target87.measure.cli.main."""

import json

import pytest

from target87.measure.cli import main


def run_json(capsys, *argv):
    assert main(["project", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_values_geometric_json(capsys):
    data = run_json(capsys, "--values", "2000=100,2010=50", "--target-year", "2020")
    assert data["method"] == "geometric"
    assert (data["from_year"], data["to_year"], data["target_year"]) == (2000, 2010, 2020)
    assert data["value"] == pytest.approx(25.0)
    assert data["annual_rate"] == pytest.approx(0.5**0.1 - 1)
    assert data["annual_change"] == pytest.approx(-5.0)
    assert "required_annual_change" not in data
    assert data["assumptions"]


def test_values_linear_with_target_json(capsys):
    data = run_json(
        capsys, "--values", "2016=24.9, 2021=27.6", "--target-year", "2030",
        "--method", "linear", "--target", "0",
    )
    assert data["value"] == pytest.approx(27.6 + 0.54 * 9)
    assert data["annual_change"] == pytest.approx(0.54)
    assert data["required_annual_change"] == pytest.approx(-27.6 / 9)
    assert data["required_annual_rate"] is None
    assert data["times_faster"] == pytest.approx(-27.6 / 9 / 0.54)


def test_series_with_from_and_target(capsys):
    data = run_json(
        capsys, "--series", "child_labour_5_17_number", "--from", "2020",
        "--target-year", "2025", "--target", "0",
    )
    assert (data["from_year"], data["to_year"]) == (2020, 2024)
    assert data["series"] == "child_labour_5_17_number"
    assert data["unit"] == "million children"
    assert data["annual_change"] == pytest.approx((137.6 - 160.0) / 4)
    assert data["required_annual_change"] == pytest.approx(-137.6)
    assert data["times_faster"] == pytest.approx(137.6 / 5.6)
    assert data["on_track"] is False
    assert any("Global estimates 2024" in s for s in data["sources"])


def test_series_loglinear_defaults_to_whole_series(capsys):
    data = run_json(
        capsys, "--series", "child_labour_5_17_number", "--method", "loglinear",
        "--target-year", "2025", "--target", "0",
    )
    assert (data["from_year"], data["to_year"]) == (2000, 2024)
    assert len(data["inputs"]) == 7
    assert data["annual_rate"] < 0
    assert data["required_annual_rate"] is None
    assert data["times_faster"] > 1


def test_series_as_of_uses_figures_then_published(capsys):
    data = run_json(
        capsys, "--series", "child_labour_5_17_number", "--as-of", "2009",
        "--target-year", "2016",
    )
    assert data["inputs"] == [[2000, 245.5], [2004, 217.7]]


def test_series_by_sex(capsys):
    data = run_json(
        capsys, "--series", "child_labour_5_17_number", "--sex", "female",
        "--target-year", "2030", "--target", "0",
    )
    assert data["inputs"][0] == [2016, 64.1]
    assert data["base_value"] == 59.0


def test_table_output(capsys):
    code = main([
        "project", "--series", "forced_labour_number", "--target-year", "2030",
        "--target", "0",
    ])
    out = capsys.readouterr().out
    assert code == 0
    assert "method: geometric" in out
    assert "times faster than observed" in out
    assert "assumptions:" in out
    assert "Global Estimates of Modern Slavery" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--values", "2020=5", "--target-year", "2030"], "at least two observations"),
        (["--values", "2000=0,2010=5", "--target-year", "2030"], "positive values"),
        (["--values", "2000=1,2010=5", "--target-year", "2005"], "must be after"),
        (["--values", "2000=1,2010=5", "--from", "2001", "--target-year", "2030"],
         "unknown from year 2001"),
        (["--values", "2000=1,2010=5", "--target-year", "2030", "--target", "-3"],
         "zero or more"),
        (["--values", "2000:1", "--target-year", "2030"], "expected YEAR=VALUE"),
        (["--values", "20x0=1,2010=5", "--target-year", "2030"], "whole number"),
        (["--values", "2000=abc,2010=5", "--target-year", "2030"], "not a number"),
        (["--values", "2000=inf,2010=5", "--target-year", "2030"], "finite"),
        (["--values", "2000=1,2000=5", "--target-year", "2030"], "more than once"),
        (["--values", ",", "--target-year", "2030"], "no observations"),
        (["--series", "no_such_series", "--target-year", "2030"], "unknown series"),
        (["--series", "forced_labour_number", "--region", "Atlantis", "--target-year", "2030"],
         "no figures"),
    ],
)
def test_user_errors(capsys, argv, message):
    assert main(["project", *argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.err.startswith("error: ")
    assert "Traceback" not in captured.err


def test_series_and_values_are_exclusive(capsys):
    with pytest.raises(SystemExit):
        main(["project", "--series", "x", "--values", "2000=1", "--target-year", "2030"])
    with pytest.raises(SystemExit):
        main(["project", "--values", "2000=1,2010=2"])
