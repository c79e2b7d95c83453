"""Grouped estimates keep their sums sparse when cells x PSUs is large: the same figures
as the dense tables, in memory that follows the observations, not groups x rows."""

import tracemalloc

import numpy as np
import pytest

from target87.measure import survey
from target87.measure.child_labour import child_labour_prevalence


def _frame(n, n_strata, seed=3, psu=True):
    rng = np.random.default_rng(seed)
    stratum = np.sort(rng.integers(1, n_strata + 1, n)).astype(float)
    data = {
        "age": rng.integers(5, 18, n).astype(float),
        "sex": rng.integers(1, 3, n).astype(float),
        "weight": rng.uniform(0.5, 3.0, n),
        "stratum": stratum,
        "econ_hours": np.where(rng.random(n) < 0.3, rng.integers(0, 40, n), 0).astype(float),
        "chores_hours": np.where(rng.random(n) < 0.4, rng.integers(0, 30, n), 0).astype(float),
    }
    if psu:
        data["cluster"] = stratum * 1000 + rng.integers(0, 4, n)
    return data


MAPPING = {"age": "age", "sex": "sex", "weight": "weight", "strata": "stratum",
           "econ_hours": ["econ_hours"], "chores_hours": ["chores_hours"]}


@pytest.mark.parametrize("ci", ["logit", "korn-graubard"])
@pytest.mark.parametrize("lonely", ["adjust", "certainty"])
@pytest.mark.parametrize("with_psu", [True, False])
def test_sparse_sums_give_the_dense_figures(monkeypatch, ci, lonely, with_psu):
    data = _frame(3000, 40, psu=with_psu)
    mapping = {**MAPPING, "psu": "cluster"} if with_psu else MAPPING
    kwargs = dict(by=["stratum"], ci=ci, lonely_psu=lonely)
    dense = child_labour_prevalence(data, mapping, **kwargs).rows
    monkeypatch.setattr(survey.CellTotals, "DENSE_LIMIT", 0)
    sparse = child_labour_prevalence(data, mapping, **kwargs).rows
    assert len(dense) == len(sparse)
    for a, b in zip(dense, sparse, strict=True):
        assert {k: v for k, v in a.items() if isinstance(v, str)} == \
            {k: v for k, v in b.items() if isinstance(v, str)}
        for key in ("estimate", "se", "ci_low", "ci_high", "deff", "population", "number",
                    "number_se"):
            assert b[key] == pytest.approx(a[key], rel=1e-9, abs=1e-9, nan_ok=True), key
        assert (a["df"], a["n"]) == (b["df"], b["n"])


def test_grouped_run_memory_follows_rows_not_groups_times_rows():
    """400 strata, no PSU column (every child its own PSU): dense sums would hold
    400 x 9 cells x 40,000 PSUs = 1.15 GB per table."""
    data = _frame(40_000, 400, psu=False)
    tracemalloc.start()
    try:
        result = child_labour_prevalence(data, MAPPING, by=["stratum"], ci="korn-graubard",
                                         lonely_psu="adjust")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len({r["stratum"] for r in result.rows}) == 401  # 400 strata and the total
    assert peak < 150 * 2**20, f"peak {peak / 2**20:.0f} MB"
