"""Agreement with R's survey package (golden files made by golden/make_golden.R)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from target87.measure.survey import (
    CellTotals,
    SurveyDesignError,
    svyby,
    svyciprop,
    svydesign,
    svymean,
    svytotal,
)

GOLDEN = Path(__file__).parent / "golden"
EST_ABS = 1e-10
SE_REL = 1e-8


@cache
def load(name: str) -> dict[str, np.ndarray]:
    with open(GOLDEN / f"design_{name}.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


def results() -> list[dict]:
    with open(GOLDEN / "results.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def build(name: str, lonely: str):
    d = load(name)
    if name == "srs":
        return svydesign(d["w"], lonely_psu=lonely), d
    if name == "nostrat":
        return svydesign(d["w"], ids=d["psu"], lonely_psu=lonely), d
    fpc = d["fpc"] if name == "fpc" else None
    return svydesign(d["w"], ids=d["psu"], strata=d["stratum"], fpc=fpc, lonely_psu=lonely), d


def domain_mask(d, by: str, level: str) -> np.ndarray | None:
    if by == "total":
        return None
    if by == "sex_agegrp":
        sex, age = level.split("_")
        return (d["sex"] == float(sex)) & (d["agegrp"] == float(age))
    return d[by] == float(level)


def close_rel(a: float, b: float, rel: float) -> bool:
    if np.isnan(b):
        return bool(np.isnan(a))
    return abs(a - b) <= rel * max(abs(b), 1e-300) or abs(a - b) <= 1e-15


CASES = results()
CASE_IDS = ["-".join(r[k] for k in ("design", "lonely", "y", "by", "level")) for r in CASES]


@pytest.mark.parametrize(
    "row", CASES, ids=CASE_IDS
)
def test_agrees_with_r(row):
    design, d = build(row["design"], row["lonely"])
    mask = domain_mask(d, row["by"], row["level"])
    y = d[row["y"]]
    m = svymean(y, design, domain=mask)
    assert abs(m.estimate - float(row["mean"])) <= EST_ABS
    assert close_rel(m.se, float(row["se"]), SE_REL)
    assert close_rel(m.deff, float(row["deff"]), SE_REL)
    assert m.df == int(row["df"])
    assert m.n == int(row["n"])
    assert abs(m.population - float(row["population"])) <= 1e-6
    t = svytotal(y, design, domain=mask)
    assert abs(t.estimate - float(row["total"])) <= 1e-8
    assert close_rel(t.se, float(row["total_se"]), SE_REL)
    lg = svyciprop(y, design, domain=mask, method="logit")
    # method="xlogit" is the same interval computed in closed form ...
    for ours, theirs in ((lg.ci_low, row["xlogit_low"]), (lg.ci_high, row["xlogit_high"])):
        assert close_rel(ours, float(theirs), SE_REL)
    # ... and method="logit" fits it by IRLS, so it agrees to the GLM's convergence tolerance
    # (with one degree of freedom R's profile of that GLM returns 0 and NaN: not compared).
    assert abs(float(row["logit_est"]) - lg.estimate) < 1e-7
    if row["logit_high"] != "NaN":
        for ours, theirs in ((lg.ci_low, row["logit_low"]), (lg.ci_high, row["logit_high"])):
            assert close_rel(ours, float(theirs), 1e-6)
    kg = svyciprop(y, design, domain=mask, method="korn-graubard")
    for ours, theirs in ((kg.ci_low, row["beta_low"]), (kg.ci_high, row["beta_high"])):
        if theirs == "NA":
            assert np.isnan(ours)
        else:
            assert close_rel(ours, float(theirs), SE_REL)


@pytest.mark.parametrize("lonely", ["certainty", "adjust", "remove"])
def test_svyby_matches_single_domains(lonely):
    design, d = build("lonely", lonely)
    by = svyby(d["ya"], [d["sex"], d["agegrp"]], design, by_names=["sex", "agegrp"])
    assert len(by) == 6
    for row in by.rows():
        mask = (d["sex"] == row["sex"]) & (d["agegrp"] == row["agegrp"])
        single = svymean(d["ya"], design, domain=mask)
        assert row["estimate"] == pytest.approx(single.estimate, abs=1e-14)
        assert row["se"] == pytest.approx(single.se, rel=1e-12)
        assert row["df"] == single.df


def test_lonely_psu_fails_by_default():
    d = load("lonely")
    with pytest.raises(SurveyDesignError, match="single PSU.*'3'|single PSU \\(3"):
        svydesign(d["w"], ids=d["psu"], strata=d["stratum"])


def test_adjust_differs_from_certainty():
    d = load("lonely")
    adj = svydesign(d["w"], ids=d["psu"], strata=d["stratum"], lonely_psu="adjust")
    cert = svydesign(d["w"], ids=d["psu"], strata=d["stratum"], lonely_psu="certainty")
    assert svymean(d["ya"], adj).se != svymean(d["ya"], cert).se


def test_cell_totals_many_domains_at_once():
    design, d = build("strat", "fail")
    cells = ((d["sex"] - 1) * 3 + d["agegrp"] - 1).astype(int)
    totals = CellTotals(design, [d["ya"], d["yb"]], cells, 6)
    membership = np.vstack([np.ones(6), np.eye(6)])
    est = totals.estimate(membership, variable=1)
    assert est.estimate[0] == pytest.approx(svymean(d["yb"], design).estimate, abs=1e-14)
    mask = (d["sex"] == 2) & (d["agegrp"] == 3)
    assert est.se[6] == pytest.approx(svymean(d["yb"], design, domain=mask).se, rel=1e-12)
