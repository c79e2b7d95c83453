"""The weighted ranking and its stability under ±25 % weight changes (plain Python)."""

import pytest

from target87.supplychains.ranking import (
    check_weights,
    competition_ranks,
    rank,
    rank_ranges,
    weighted_totals,
)

W = {"a": 1.0, "b": 1.0, "c": 1.0}


def test_weighted_score_is_the_weighted_mean_and_contributions_add_up():
    scores = {"X": {"a": 3, "b": 0, "c": 1}, "Y": {"a": 1, "b": 2}}
    ranked = rank(scores, {"a": 2.0, "b": 1.0, "c": 1.0})
    x, y = ranked
    assert x.key == "X" and x.total == pytest.approx((2 * 3 + 0 + 1) / 4)
    assert y.total == pytest.approx((2 * 1 + 2 + 0) / 4)
    assert sum(x.contributions.values()) == pytest.approx(x.total)
    assert x.contributions["a"] == pytest.approx(6 / 4)
    assert (x.scored, y.scored) == (3, 2)  # a criterion without a score counts as 0


def test_weights_change_the_order():
    scores = {"X": {"a": 3, "b": 0}, "Y": {"a": 0, "b": 2}}
    assert [r.key for r in rank(scores, {"a": 1, "b": 1})] == ["X", "Y"]
    assert [r.key for r in rank(scores, {"a": 1, "b": 2})] == ["Y", "X"]
    assert [r.key for r in rank(scores, {"a": 0, "b": 1})] == ["Y", "X"]


def test_ties_share_a_rank():
    assert competition_ranks({"X": 2.0, "Y": 2.0, "Z": 1.0}) == {"X": 1, "Y": 1, "Z": 3}


def test_rank_range_under_a_quarter_weight_change():
    # Base: A = 3/3 = 1.0, B = 2/3; with a at 0.75 and b, c at 1.25: A = 2.25/3.25,
    # B = 2.5/3.25, so B passes A. C scores nothing and stays last.
    scores = {"A": {"a": 3}, "B": {"b": 1, "c": 1}, "C": {}}
    ranges = rank_ranges(scores, W)
    assert ranges == {"A": (1, 2), "B": (1, 2), "C": (3, 3)}
    # With a smaller spread B cannot catch up: at 10 %, A = 3*0.9 = 2.7 > B = 2.2.
    assert rank_ranges(scores, W, spread=0.10) == {"A": (1, 1), "B": (2, 2), "C": (3, 3)}


def test_a_clear_lead_is_stable():
    scores = {"A": {"a": 3, "b": 3, "c": 3}, "B": {"a": 1, "b": 1, "c": 1}}
    result = {r.key: r for r in rank(scores, W)}
    assert result["A"].stable and (result["A"].best_rank, result["A"].worst_rank) == (1, 1)
    assert result["B"].stable and result["B"].rank == 2


def test_zero_weight_stays_zero_in_the_stability_check():
    # criterion c has weight 0: moving it by 25 % of 0 changes nothing
    scores = {"A": {"a": 2}, "B": {"c": 3}}
    assert rank_ranges(scores, {"a": 1, "b": 1, "c": 0}) == {"A": (1, 1), "B": (2, 2)}


@pytest.mark.parametrize("weights", [{"a": -1, "b": 1}, {"a": 0, "b": 0},
                                     {"a": float("nan"), "b": 1}])
def test_bad_weights_are_refused(weights):
    with pytest.raises(ValueError):
        check_weights(weights)


def test_totals_do_not_depend_on_the_scale_of_the_weights():
    scores = {"A": {"a": 3, "b": 1}, "B": {"a": 2, "b": 2}}
    assert weighted_totals(scores, {"a": 1, "b": 3}) == pytest.approx(
        weighted_totals(scores, {"a": 10, "b": 30}))
