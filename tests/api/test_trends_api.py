import json

import pytest

from target87.measure import reference_series
from target87.measure.cli import main


def test_series_names_with_unit_and_sources(get):
    data = get("/api/trends/series/", {"limit": 500})
    names = [s["name"] for s in data["items"]]
    assert names == reference_series.series_names()
    assert data["count"] == len(names)
    cl = next(s for s in data["items"] if s["name"] == "child_labour_5_17_number")
    assert cl["unit"] == "million children"
    assert cl["indicator"] == "Children in child labour"
    assert {"sex": "total", "region": "World", "age_group": "5-17"} in cl["breakdowns"]
    assert 2016 in cl["years"] and 2020 in cl["years"]
    assert any("Global estimates 2020" in source for source in cl["sources"])
    page = get("/api/trends/series/", {"limit": 1, "offset": 1})
    assert [s["name"] for s in page["items"]] == names[1:2]


@pytest.mark.parametrize("argv, params", [
    (["--series", "child_labour_5_17_number", "--target-year", "2025", "--target", "0"],
     {"series": "child_labour_5_17_number", "target_year": 2025, "target": 0}),
    (["--series", "child_labour_5_17_number", "--target-year", "2030", "--method", "loglinear",
      "--from", "2008"],
     {"series": "child_labour_5_17_number", "target_year": 2030, "method": "loglinear",
      "from": 2008}),
    (["--series", "child_labour_5_17_number", "--target-year", "2025", "--method", "linear",
      "--sex", "female", "--target", "10"],
     {"series": "child_labour_5_17_number", "target_year": 2025, "method": "linear",
      "sex": "female", "target": 10}),
])
def test_projection_matches_the_command(get, capsys, argv, params):
    assert main(["project", *argv, "--format", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    data = get("/api/trends/project", params)
    assert set(data) == set(expected)
    for key, value in expected.items():
        if isinstance(value, float):
            assert data[key] == pytest.approx(value), key
        elif key == "fit":
            assert data[key] == pytest.approx(value), key
        elif key == "inputs":
            assert data[key] == [pytest.approx(pair) for pair in value]
        else:
            assert data[key] == value, key


@pytest.mark.parametrize("params, words", [
    ({"series": "no_such_series", "target_year": 2030}, "unknown series"),
    ({"series": "child_labour_5_17_number", "target_year": 2030, "method": "magic"},
     "unknown method"),
    ({"series": "child_labour_5_17_number", "target_year": 2030, "region": "Mars"},
     "no figures"),
    ({"series": "child_labour_5_17_number", "target_year": 2030, "from": 2030},
     "2030"),
    ({"series": "child_labour_5_17_number", "target_year": 2010}, "target"),
])
def test_projection_refusals_are_400_with_the_message(get, params, words):
    detail = get("/api/trends/project", params, status=400)["detail"]
    assert words in detail


def test_projection_needs_a_series_and_a_year(client):
    response = client.get("/api/trends/project", {"series": "child_labour_5_17_number"})
    assert response.status_code == 400
    assert "target_year" in str(response.json()["detail"])
    response = client.get("/api/trends/project",
                          {"series": "child_labour_5_17_number", "target_year": "soon"})
    assert response.status_code == 400
