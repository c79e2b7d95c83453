"""Reference series of global estimates used for projections."""

import pytest

from target87.measure import reference_series as rs
from target87.measure.cli import MeasureInputError
from target87.measure.projections import geometric, loglinear

EXPECTED_NAMES = {
    "child_labour_5_17_number",
    "child_labour_5_17_percent",
    "hazardous_work_5_17_number",
    "hazardous_work_5_17_percent",
    "forced_labour_number",
    "forced_labour_per_thousand",
    "forced_labour_children_number",
    "forced_marriage_number",
    "forced_marriage_per_thousand",
    "modern_slavery_number",
    "modern_slavery_per_thousand",
}


def test_series_names():
    assert set(rs.series_names()) == EXPECTED_NAMES


def test_every_figure_cites_its_publication():
    rows = rs.load_observations()
    assert len(rows) > 50
    for o in rows:
        assert o.source and o.publisher and o.note
        assert len(o.release_date) >= 7 and o.release_date[:4].isdigit()
        assert int(o.release_date[:4]) > o.year
        assert o.sex in {"total", "male", "female"}
        assert o.value >= 0


def test_child_labour_world_series():
    s = rs.get_series("child_labour_5_17_number")
    assert s.years == (2000, 2004, 2008, 2012, 2016, 2020, 2024)
    values = s.as_dict()
    assert values[2000] == 245.5
    assert values[2004] == 222.3  # revised figure, not the first release
    assert values[2016] == 151.6
    assert values[2020] == 160.0
    assert values[2024] == 137.6
    assert s.unit == "million children"
    assert s.age_group == "5-17"


def test_hazardous_and_percent_series():
    hz = rs.get_series("hazardous_work_5_17_number").as_dict()
    assert (hz[2000], hz[2016], hz[2020], hz[2024]) == (170.5, 72.5, 79.0, 54.0)
    pct = rs.get_series("child_labour_5_17_percent").as_dict()
    assert (pct[2016], pct[2020], pct[2024]) == (9.6, 9.6, 7.8)


def test_modern_slavery_series():
    assert rs.get_series("forced_labour_number").as_dict() == {2016: 24.9, 2021: 27.6}
    assert rs.get_series("modern_slavery_number").as_dict() == {2016: 40.3, 2021: 49.6}
    assert rs.get_series("forced_marriage_number").as_dict() == {2016: 15.4, 2021: 22.0}


def test_revisions_are_kept_with_release_dates():
    revised = rs.revisions("child_labour_5_17_number")
    assert list(revised) == [2004]
    first, second = revised[2004]
    assert (first.value, second.value) == (217.7, 222.3)
    assert first.release_date < second.release_date
    assert rs.revisions("hazardous_work_5_17_number")[2004][0].value == 126.3
    assert rs.revisions("forced_labour_number") == {}


def test_as_of_shows_series_as_then_published():
    assert rs.get_series("child_labour_5_17_number", as_of="2009").as_dict() == {
        2000: 245.5,
        2004: 217.7,
    }
    assert rs.get_series("child_labour_5_17_number", as_of="2021-06-10").years[-1] == 2020
    with pytest.raises(rs.UnknownSeriesError):
        rs.get_series("child_labour_5_17_number", as_of="2001")


def test_breakdowns_and_errors():
    assert ("female", "World", "5-17") in rs.breakdowns("child_labour_5_17_number")
    assert rs.get_series("child_labour_5_17_number", region="Africa").years == (2016,)
    with pytest.raises(MeasureInputError, match="unknown series"):
        rs.get_series("slavery")
    with pytest.raises(LookupError, match="available"):
        rs.get_series("forced_labour_number", sex="male")


def test_parse_rows_rejects_bad_files():
    with pytest.raises(ValueError, match="expected columns"):
        rs.parse_rows("a,b\n1,2\n")
    header = ",".join(rs.COLUMNS)
    with pytest.raises(ValueError, match="data row 2"):
        rs.parse_rows(f"# comment\n{header}\nx,i,u,notayear,1,total,World,5-17,s,p,2020,n\n")


def test_seed_question_answer():
    """At the observed pace, child labour is not ended by 2025 nor forced labour by 2030."""
    cl = geometric(rs.get_series("child_labour_5_17_number").points, from_year=2020,
                   target_year=2025, target=0)
    assert cl.on_track is False and cl.value > 100
    trend = loglinear(rs.get_series("child_labour_5_17_number").points, target_year=2025,
                      target=0)
    assert trend.pace.times_faster > 10
    fl = geometric(rs.get_series("forced_labour_number").points, target_year=2030, target=0)
    assert fl.on_track is False and fl.pace.times_faster < 0


def test_latest_regional_figure_and_regions():
    latest = rs.latest_figure("child_labour_5_17_percent", region="Sub-Saharan Africa")
    rows = [o for o in rs.load_observations()
            if o.series == "child_labour_5_17_percent" and o.region == "Sub-Saharan Africa"]
    assert latest.year == max(o.year for o in rows)
    assert latest.value == rs.get_series("child_labour_5_17_percent",
                                         region="Sub-Saharan Africa").as_dict()[latest.year]
    # a region without a published figure has none; nothing is derived for it
    assert rs.latest_figure("child_labour_5_17_percent",
                            region="Northern Africa and Western Asia") is None
    earlier = rs.latest_figure("child_labour_5_17_percent", region="Sub-Saharan Africa",
                               as_of="2021-12")
    assert earlier.year < latest.year
    assert "World" not in rs.regions_of("modern_slavery_per_thousand")
    assert "Arab States" in rs.regions_of("modern_slavery_per_thousand")
    with pytest.raises(rs.UnknownSeriesError):
        rs.latest_figure("no_such_series")


def test_parse_rows_names_the_row_of_a_non_numeric_value():
    header = ",".join(rs.COLUMNS)
    good = "x,i,u,2020,1.5,total,Africa,5-17,s,p,2020-06-10,n"
    bad = "x,i,u,2020,about 2,total,Africa,5-17,s,p,2020-06-10,n"
    with pytest.raises(ValueError, match="data row 3"):
        rs.parse_rows(f"{header}\n{good}\n{bad}\n")
