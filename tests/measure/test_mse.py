"""Multiple systems estimation: closed forms, the existence check, bad input, the command."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from scipy.optimize import brentq

from target87.measure import mse
from target87.measure.cli import MeasureInputError, main


def _csv(tmp_path, text, name="lists.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _table(lists, cells):
    return mse.OverlapTable(tuple(lists), dict(cells))


@pytest.mark.parametrize("n1,n2,m", [(80, 60, 20), (463, 907, 37), (5, 9, 1)])
def test_two_lists_independence_is_lincoln_petersen_and_reports_chapman(n1, n2, m):
    table = _table("AB", {(1, 0): n1 - m, (0, 1): n2 - m, (1, 1): m})
    result = mse.estimate(table, model="independence")
    assert result.estimate == pytest.approx(n1 * n2 / m, rel=1e-9)
    assert result.unobserved == pytest.approx(n1 * n2 / m - (n1 + n2 - m), rel=1e-8)
    assert result.chapman == pytest.approx((n1 + 1) * (n2 + 1) / (m + 1) - 1, rel=1e-12)
    assert result.ci_low < result.estimate < result.ci_high
    assert result.terms == ["A", "B"]


def test_two_lists_stepwise_cannot_add_the_interaction():
    # Three observed cells and four parameters: the A:B model is not identifiable, so the
    # stepwise search keeps the independence model.
    table = _table("AB", {(1, 0): 40, (0, 1): 70, (1, 1): 10})
    assert mse.estimate(table, model="stepwise").terms == ["A", "B"]
    with pytest.raises(MeasureInputError) as exc:
        mse.check_model(table, [(0, 1)])
    assert exc.value.code == "mse_not_identifiable"


def _darroch(list_totals, observed):
    """Independence (model M_t) MLE of N, found independently of the GLM: the root above the
    observed total of 1 - r/N = prod(1 - n_j/N) (Darroch 1958, Biometrika 45, eq. 3.6)."""
    def f(n):
        return math.log1p(-observed / n) - sum(math.log1p(-nj / n) for nj in list_totals)
    return brentq(f, observed + 1e-6, observed * 1e6, xtol=1e-10, rtol=1e-14)


@pytest.mark.parametrize("cells", [
    {(1, 0, 0): 120, (0, 1, 0): 85, (0, 0, 1): 60, (1, 1, 0): 30, (1, 0, 1): 18,
     (0, 1, 1): 12, (1, 1, 1): 5},
    {(1, 0, 0): 7, (0, 1, 0): 300, (0, 0, 1): 41, (1, 1, 0): 2, (1, 0, 1): 0,
     (0, 1, 1): 9, (1, 1, 1): 1},
])
def test_three_list_independence_matches_darroch_equation(cells):
    table = _table("ABC", cells)
    result = mse.estimate(table, model="independence")
    totals = [table.list_total(i) for i in range(3)]
    assert result.estimate == pytest.approx(_darroch(totals, table.observed), rel=1e-8)
    assert result.observed == sum(cells.values())


def test_profile_interval_is_where_the_likelihood_drops_by_the_chi_square_cut():
    table = _table("ABC", {(1, 0, 0): 120, (0, 1, 0): 85, (0, 0, 1): 60, (1, 1, 0): 30,
                           (1, 0, 1): 18, (0, 1, 1): 12, (1, 1, 1): 5})
    result = mse.estimate(table, model="independence")
    best = mse._fit(table, []).llf
    for end in (result.ci_low, result.ci_high):
        b = math.log(end - result.observed)
        assert 2 * (best - mse._fit(table, [], offset_intercept=b).llf) == pytest.approx(
            3.841458820694124, abs=1e-6)


def test_stepwise_adds_a_strong_interaction_and_bic_agrees():
    # A and B strongly positively dependent (many on both), C independent of them.
    cells = {(1, 0, 0): 100, (0, 1, 0): 100, (1, 1, 0): 400, (0, 0, 1): 150,
             (1, 0, 1): 30, (0, 1, 1): 30, (1, 1, 1): 120}
    table = _table("ABC", cells)
    independence = mse.estimate(table, model="independence")
    stepwise = mse.estimate(table, model="stepwise", threshold=0.05)
    bic = mse.estimate(table, model="bic")
    assert stepwise.terms == ["A", "B", "C", "A:B"]
    assert bic.terms == ["A", "B", "C", "A:B"]
    assert stepwise.estimate == pytest.approx(bic.estimate)
    # positive dependence between two lists makes the independence model under-estimate
    assert stepwise.estimate > independence.estimate
    # with A:B in the model, C's overlap with A-or-B gives the Lincoln-Petersen figure
    on_ab = sum(c for p, c in cells.items() if p[0] or p[1])
    on_c = sum(c for p, c in cells.items() if p[2])
    both = sum(c for p, c in cells.items() if (p[0] or p[1]) and p[2])
    assert stepwise.estimate == pytest.approx(on_ab * on_c / both, rel=1e-8)


def test_stepwise_threshold_below_every_p_value_keeps_independence():
    cells = {(1, 0, 0): 100, (0, 1, 0): 100, (1, 1, 0): 400, (0, 0, 1): 150,
             (1, 0, 1): 30, (0, 1, 1): 30, (1, 1, 1): 120}
    assert mse.estimate(_table("ABC", cells), threshold=1e-300).terms == ["A", "B", "C"]


def test_existence_check_refuses_an_interaction_between_lists_with_no_overlap():
    # Nobody is on both Police and NGO: with the Police:NGO interaction the fitted count of
    # the missing cell goes to infinity, so the estimate does not exist.
    table = _table(("Police", "NGO", "Council"),
                   {(1, 0, 0): 30, (0, 1, 0): 25, (0, 0, 1): 40, (1, 0, 1): 6,
                    (0, 1, 1): 4})
    with pytest.raises(MeasureInputError) as exc:
        mse.check_model(table, [(0, 1)])
    assert exc.value.code == "mse_estimate_not_exist"
    assert "Police and NGO" in str(exc.value)
    # the unchecked fit only stops because the Police:NGO parameter runs off towards -infinity
    fit = mse._fit(table, [(0, 1)])
    assert fit.params[-1] < -20
    # the search never chooses that model; the independence model exists
    result = mse.estimate(table, model="stepwise", threshold=0.5)
    assert "Police:NGO" not in result.terms
    mse.check_model(table, [])


def test_two_lists_without_overlap_have_no_estimate(tmp_path):
    path = _csv(tmp_path, "police,ngo,count\n1,0,60\n0,1,40\n1,1,0\n")
    with pytest.raises(MeasureInputError) as exc:
        mse.estimate(mse.read_overlap_csv(path), model="independence")
    assert exc.value.code == "mse_estimate_not_exist"
    assert "police and ngo" in str(exc.value)


def test_rows_with_the_same_lists_are_added(tmp_path):
    path = _csv(tmp_path, "A,B,count\n1,0,30\n1,0,30\n0,1,40\n1,1,20\n")
    table = mse.read_overlap_csv(path)
    assert table.cells[(1, 0)] == 60
    assert mse.estimate(table, model="independence").estimate == pytest.approx(240)


@pytest.mark.parametrize("text,code,names", [
    ("A,B,count\n1,0,5\n2,1,3\n", "mse_list_not_binary", ["line 3", "'A'", "'2'"]),
    ("A,B,count\n1,0,5\n1,yes,3\n", "mse_list_not_binary", ["line 3", "'B'"]),
    ("A,B,count\n1,0,5\n0,1,-3\n", "mse_count_negative", ["line 3", "'count'"]),
    ("A,B,count\n1,0,5\n0,1,2.5\n", "mse_count_not_whole", ["line 3", "'count'"]),
    ("A,B,count\n1,0,five\n", "mse_count_not_number", ["line 2", "'count'"]),
    ("A,count\n1,5\n", "mse_too_few_lists", ["found 1"]),
    ("A,B,count\n", "mse_no_rows", ["no rows"]),
    ("", "mse_empty_table", ["empty"]),
    ("A,B,count\n1,0,0\n0,1,0\n", "mse_all_zero", ["zero"]),
    ("A,B\n1,0\n", "mse_count_missing", ["'count'"]),
    ("A,B,count\n0,0,5\n1,1,3\n", "mse_row_on_no_list", ["line 2"]),
    ("A,B,C,count\n1,0,0,5\n0,1,0,3\n1,1,0,2\n", "mse_list_empty", ["'C'"]),
])
def test_bad_input_names_the_column_or_row(tmp_path, text, code, names):
    path = _csv(tmp_path, text)
    with pytest.raises(MeasureInputError) as exc:
        mse.read_overlap_csv(path)
    assert exc.value.code == code
    assert str(path) in str(exc.value)
    for name in names:
        assert name in str(exc.value)


def test_bad_model_and_threshold_are_refused():
    table = _table("AB", {(1, 0): 40, (0, 1): 70, (1, 1): 10})
    with pytest.raises(MeasureInputError) as exc:
        mse.estimate(table, model="saturated")
    assert exc.value.code == "mse_model_unknown"
    with pytest.raises(MeasureInputError) as exc:
        mse.estimate(table, threshold=1.5)
    assert exc.value.code == "mse_threshold_out_of_range"


def test_cli_json_keys_and_values(tmp_path, capsys):
    path = _csv(tmp_path, "A,B,count\n1,0,60\n0,1,40\n1,1,20\n")
    assert main(["mse", str(path), "--model", "independence", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"observed", "estimate", "unobserved", "ci_low", "ci_high", "method",
            "terms"} <= set(data)
    assert data["observed"] == 120
    assert data["estimate"] == pytest.approx(240)
    assert data["unobserved"] == pytest.approx(120)
    assert data["method"] == "independence"
    assert data["terms"] == ["A", "B"]
    assert data["ci_low"] < 240 < data["ci_high"]


def test_cli_table_and_errors(tmp_path, capsys):
    path = _csv(tmp_path, "A,B,C,count\n1,0,0,120\n0,1,0,85\n0,0,1,60\n1,1,0,30\n"
                          "1,0,1,18\n0,1,1,12\n1,1,1,5\n")
    assert main(["mse", str(path), "--model", "bic"]) == 0
    out = capsys.readouterr().out
    assert "model: bic" in out and "observed: 330" in out and "95% interval" in out
    bad = _csv(tmp_path, "A,B,count\n1,0,60\n0,1,-4\n", name="bad.csv")
    assert main(["mse", str(bad)]) == 2
    assert "cannot be negative" in capsys.readouterr().err


def test_uk_2013_six_lists_reproduces_the_published_range(capsys):
    """UK 2013 Strategic Assessment data, six lists (LA local authorities, NG non-government
    organisations, PF police forces, GO government organisations, GP general public, NCA
    National Crime Agency), 2,744 people: the counts per combination of lists analysed in
    Silverman (2014), *Modern Slavery: an application of Multiple Systems Estimation*, Home
    Office, 29 November 2014, as tabulated in the data set UKdat of the SparseMSE / modslavmse
    R packages (Bales, Hesketh & Silverman). The Home Office states the result as "between 10
    thousand and 13 thousand" potential victims in 2013; its point estimate comes from the
    five-list version of this table (next test)."""
    from pathlib import Path

    path = Path(__file__).parent / "data_uk_2013_mse.csv"
    table = mse.read_overlap_csv(path)
    assert table.observed == 2744
    assert [table.list_total(i) for i in range(6)] == [
        sum(c for p, c in table.cells.items() if p[i]) for i in range(6)]
    result = mse.estimate(table, model="stepwise", threshold=0.05)
    assert round(result.ci_low, -3) == 10_000
    assert round(result.ci_high, -3) == 13_000
    assert result.ci_low < result.estimate < result.ci_high
    # Interactions only enter on evidence: the independence model alone gives another range.
    independence = mse.estimate(table, model="independence")
    assert round(independence.ci_low, -3) != 10_000
    # LA and GP have nobody in common: no search may include that pair.
    assert table.overlap(0, 4) == 0
    assert "LA:GP" not in result.terms
    assert "LA:GP" not in mse.estimate(table, model="bic").terms


def test_uk_2013_five_lists_reproduces_the_published_point_estimate():
    """The published point estimate, 11,313 potential victims in 2013 (interval "10,000 to
    13,000"; Silverman 2014, *Modern Slavery: an application of Multiple Systems
    Estimation*, Home Office, 29 November 2014), comes from the UK table with the police
    forces (PF) and National Crime Agency (NCA) lists combined into one list PFNCA: the five-
    list version "UKdat_5" of the R package modslavmse (B. W. Silverman), whose MSEfit
    implements the Bales-Hesketh-Silverman stepwise method (add the two-list interaction that
    lowers AIC most while its p-value is below the threshold, 5% in its "AIC threshold 5%"
    tables)."""
    path = Path(__file__).parent / "data_uk_2013_mse.csv"
    six = mse.read_overlap_csv(path)
    cells: dict[tuple[int, ...], int] = {}
    for (la, ng, pf, go, gp, nca), count in six.cells.items():
        key = (la, ng, int(pf or nca), go, gp)
        cells[key] = cells.get(key, 0) + count
    five = mse.OverlapTable(("LA", "NG", "PFNCA", "GO", "GP"), cells)
    assert five.observed == six.observed == 2744
    assert five.list_total(2) == 1169

    result = mse.estimate(five, model="stepwise", threshold=0.05)
    assert result.terms[5:] == ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]
    assert round(result.estimate) == 11_313
    assert round(result.ci_low, -3) == 10_000 and round(result.ci_high, -3) == 13_000
    # the same model named term by term gives the same interval
    pairs = [(0, 1), (1, 4), (2, 4), (0, 2), (3, 4), (1, 3)]
    assert mse.stepwise_pairs(five, 0.05) == pairs
    low, high = mse.profile_interval(five, pairs)
    assert five.observed + math.exp(low) == pytest.approx(result.ci_low, rel=1e-9)
    assert five.observed + math.exp(high) == pytest.approx(result.ci_high, rel=1e-9)
    # six lists: the same method keeps PF:NCA and lands elsewhere
    assert round(mse.estimate(six, model="stepwise", threshold=0.05).estimate) != 11_313


def test_parametric_bootstrap_is_seeded_and_agrees_with_the_profile_interval():
    table = _table("AB", {(1, 0): 600, (0, 1): 400, (1, 1): 200})
    first = mse.estimate(table, model="independence", bootstrap=400, seed=7)
    again = mse.estimate(table, model="independence", bootstrap=400, seed=7)
    other = mse.estimate(table, model="independence", bootstrap=400, seed=8)
    assert first.extra == again.extra
    assert first.extra["bootstrap_low"] != other.extra["bootstrap_low"]
    assert first.extra["bootstrap_replicates"] == 400
    assert first.extra["bootstrap_left_out"] == 0
    # with counts this large both intervals are close to the same likelihood-based answer
    assert first.extra["bootstrap_low"] == pytest.approx(first.ci_low, rel=0.03)
    assert first.extra["bootstrap_high"] == pytest.approx(first.ci_high, rel=0.03)


def test_bootstrap_leaves_out_replicates_without_an_estimate():
    # one person on both lists: about a third of the draws have nobody in common
    table = _table("AB", {(1, 0): 30, (0, 1): 20, (1, 1): 1})
    result = mse.estimate(table, model="independence", bootstrap=200, seed=1)
    left = result.extra["bootstrap_left_out"]
    assert 30 < left < 120
    assert result.extra["bootstrap_replicates"] == 200 - left


def test_cli_bootstrap_keys(tmp_path, capsys):
    path = _csv(tmp_path, "A,B,count\n1,0,60\n0,1,40\n1,1,20\n")
    argv = ["mse", str(path), "--bootstrap", "50", "--seed", "5", "--format", "json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["bootstrap_seed"] == 5 and data["bootstrap_replicates"] == 50
    assert data["bootstrap_low"] < data["estimate"] < data["bootstrap_high"]


def test_the_command_module_loads_without_django_or_the_fitting_libraries():
    import subprocess
    import sys

    code = ("import sys, target87.measure.commands.mse\n"
            "print(sorted(m for m in ('django', 'statsmodels', 'scipy', 'numpy')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


NETHERLANDS = Path(__file__).parent / "data_netherlands_2010_2015_mse.csv"
# The five-list version of the same data (lists I and O combined), as published beside it:
# (IO, K, P, R, Z) -> count.
NETHERLANDS_5 = {
    (1, 0, 0, 0, 0): 756, (0, 1, 0, 0, 0): 1299, (0, 0, 1, 0, 0): 4466, (0, 0, 0, 1, 0): 650,
    (0, 0, 0, 0, 1): 632, (1, 1, 0, 0, 0): 1, (1, 0, 1, 0, 0): 81, (1, 0, 0, 1, 0): 3,
    (1, 0, 0, 0, 1): 75, (0, 1, 1, 0, 0): 44, (0, 1, 0, 0, 1): 4, (0, 0, 1, 1, 0): 82,
    (0, 0, 1, 0, 1): 125, (0, 0, 0, 1, 1): 2, (1, 0, 1, 1, 0): 2, (1, 0, 1, 0, 1): 11,
    (0, 0, 1, 1, 1): 1,
}


def test_netherlands_2010_2015_six_lists():
    """Presumed victims of trafficking identified in the Netherlands, 2010-2015, on six lists
    (P National Police; K Border Police; I Inspectorate SZW, Ministry of Social Affairs and
    Employment; R regional coordinators; O residential treatment centres and shelters; Z
    others), 8,234 people. Source of the counts: the data set "Ned" (and its five-list
    version "Ned_5") of the supplementary material of B. W. Silverman, "Multiple-systems
    analysis for the quantification of modern slavery: classical and Bayesian approaches",
    Journal of the Royal Statistical Society Series A (2020), the Netherlands data of its
    Table 2, also shipped as "Ned" in the R package SparseMSE of L. Chan, B. W. Silverman and
    K. Vincent, which implements "Multiple Systems Estimation for Sparse Capture Data:
    Inferential Challenges when there are Non-Overlapping Lists" (arXiv:1902.05156); first
    published by J. J. van Dijk, M. Cruyff, P. G. M. van der Heijden and S. L. J.
    Kragten-Heerdink (2017), UNODC research brief "Monitoring Target 16.2 of the United
    Nations Sustainable Development Goals: a multiple systems estimation of the numbers of
    presumed human trafficking victims in the Netherlands in 2010-2015 by year, age, gender,
    form of exploitation and nationality".

    The papers' printed estimates were not available to check against, so the figures here
    are checked by what does not depend on them: the two published tables agree with each
    other, the independence model gives Darroch's closed form, and no model chosen uses a
    pair of lists with nobody in common (I and K, K and R: the case Chan, Silverman and
    Vincent study)."""
    table = mse.read_overlap_csv(NETHERLANDS)
    assert table.lists == ("I", "K", "O", "P", "R", "Z")
    # 24 rows as published, one combination (O and Z only) on two of them, added together
    assert len(NETHERLANDS.read_text().splitlines()) == 1 + 24
    assert len(table.cells) == 23 and table.cells[(0, 0, 1, 0, 0, 1)] == 2 + 57
    assert table.observed == 8234
    # the six-list table with I and O combined is the published five-list table
    merged: dict[tuple[int, ...], int] = {}
    for (i, k, o, p, r, z), count in table.cells.items():
        key = (int(i or o), k, p, r, z)
        merged[key] = merged.get(key, 0) + count
    assert merged == NETHERLANDS_5

    independence = mse.estimate(table, model="independence")
    totals = [table.list_total(i) for i in range(6)]
    assert independence.estimate == pytest.approx(_darroch(totals, table.observed), rel=1e-8)

    empty = [f"{a}:{b}" for i, a in enumerate(table.lists) for j, b in enumerate(table.lists)
             if i < j and table.overlap(i, j) == 0]
    assert empty == ["I:K", "K:R"]
    with pytest.raises(MeasureInputError) as exc:
        mse.check_model(table, [(0, 1)])
    assert exc.value.code == "mse_estimate_not_exist" and "I and K" in str(exc.value)

    stepwise = mse.estimate(table, model="stepwise", threshold=0.05)
    bic = mse.estimate(table, model="bic")
    for result in (stepwise, bic):
        assert not set(empty) & set(result.terms)
        assert len(result.terms) > 6  # the lists are not independent
        assert result.observed == 8234
        assert result.observed < result.ci_low < result.estimate < result.ci_high
    # a stricter threshold admits no interaction that the 5% one leaves out
    strict = mse.estimate(table, model="stepwise", threshold=0.001)
    assert set(strict.terms) <= set(stepwise.terms)
