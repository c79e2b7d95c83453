"""Hazardous work rows, ``by`` crosses, SDMX urban/rural rows and degrees of freedom."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from target87.measure.child_labour import (
    ChildLabourInputError,
    VariableMapping,
    child_labour_prevalence,
    classify,
)
from target87.measure.cli import main
from target87.measure.readers import Table
from target87.measure.sdmx import sdmx_notes, to_sdmx_csv
from target87.measure.survey import svydesign, svymean

from .test_child_labour import write_csv


def run_cli(capsys, *argv):
    code = main(["child-labour", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


GROUPS = ("sex", "age_group", "HH6", "region", "zone")


def pick(rows, **keys):
    """The one row with these group values, every other grouping column at "total"."""
    want = {g: keys.get(g, "total") for g in GROUPS}
    want.update(keys)
    found = [r for r in rows if all(r.get(k, "total") == v for k, v in want.items())]
    assert len(found) == 1, (keys, len(found))
    return found[0]


def full_keys(**keys):
    return {"sex": "total", "age_group": "total", **keys}


@pytest.fixture
def design(mics_data):
    d = mics_data
    return svydesign(d["fsweight"], ids=d["HH1"], strata=d["stratum"])


# ---------------------------------------------------------------------------------------------
# Hazardous working conditions
# ---------------------------------------------------------------------------------------------


def test_hazard_items_yes_only_count():
    mapping = VariableMapping(age="age", weight="w", econ_hours=("econ",),
                              hazard=("h1", "h2"))
    t = Table({"age": np.array([6.0, 9, 12, 15, 16, 17]), "w": np.ones(6),
               "econ": np.zeros(6),
               "h1": np.array([1.0, 2, 9, np.nan, 2, 2]),
               "h2": np.array([2.0, 2, 2, 2, 1, np.nan])})
    c = classify(t, mapping)
    assert c.hazardous.tolist() == [1, 0, 0, 0, 1, 0]
    # the SDG 8.7.1 definition leaves hazardous conditions out
    assert c.sna.tolist() == [0] * 6


def test_hazardous_rows_match_a_direct_computation(mics_data, design):
    d = mics_data
    res = child_labour_prevalence(d, "mics6", hazard=True)
    exposed = ((d["CL4"] == 1) | (d["CL5"] == 1)).astype(float)
    assert exposed.sum() > 10
    row = pick(res.rows, basis="hazardous", **full_keys())
    w = d["fsweight"]
    assert row["estimate"] == pytest.approx(100 * np.sum(w * exposed) / w.sum(), abs=1e-10)
    assert row["number"] == pytest.approx(np.sum(w * exposed))
    ref = svymean(exposed, design)
    assert row["se"] == pytest.approx(100 * ref.se, rel=1e-10)
    assert row["ci_low"] == pytest.approx(100 * ref.ci_low, rel=1e-10)
    assert row["deff"] == pytest.approx(ref.deff, rel=1e-10)
    girls = pick(res.rows, basis="hazardous", sex=2, age_group="12-14")
    mask = (d["HL4"] == 2) & (d["CB3"] >= 12) & (d["CB3"] <= 14)
    assert girls["se"] == pytest.approx(100 * svymean(exposed, design, domain=mask).se,
                                        rel=1e-10)
    assert any("hazardous" in n and "PR.3.4" in n for n in res.notes)


def test_hazardous_rows_do_not_change_the_others(mics_data):
    plain = child_labour_prevalence(mics_data, "mics6")
    with_h = child_labour_prevalence(mics_data, "mics6", hazard=True)
    assert [r for r in with_h.rows if r["basis"] != "hazardous"] == plain.rows
    assert {r["basis"] for r in with_h.rows} == {"sna", "general", "hazardous"}
    # one hazardous row per domain, same domains as the other bases
    assert sum(r["basis"] == "hazardous" for r in with_h.rows) == len(plain.rows) // 2


def test_hazardous_is_separate_from_definition_and_basis(mics_data):
    sna_only = child_labour_prevalence(mics_data, "mics6", basis="sna", hazard=True)
    assert {r["basis"] for r in sna_only.rows} == {"sna", "hazardous"}
    old = child_labour_prevalence(mics_data, "mics6", definition="mics3-5", hazard=True)
    a = pick(sna_only.rows, basis="hazardous", **full_keys())
    b = pick(old.rows, basis="hazardous", **full_keys())
    assert a["estimate"] == b["estimate"]
    # the earlier MICS6 definition adds the hazardous children to child labour instead
    incl = child_labour_prevalence(mics_data, "mics6", definition="mics6-hazard")
    sna_incl = pick(incl.rows, basis="sna", **full_keys())["estimate"]
    sna_sdg = pick(sna_only.rows, basis="sna", **full_keys())["estimate"]
    assert sna_sdg < sna_incl <= sna_sdg + a["estimate"] + 1e-9


def test_hazard_without_hazard_columns_is_a_clear_error(capsys, tmp_path, mics_data):
    cols = {k: v for k, v in mics_data.items() if k not in ("CL4", "CL5")}
    with pytest.raises(ChildLabourInputError, match="hazardous-work rows need the hazard"):
        child_labour_prevalence(cols, "mics6", hazard=True)
    path = tmp_path / "nohaz.csv"
    write_csv(path, cols)
    code, out, err = run_cli(capsys, path, "--hazard")
    assert code == 2 and out == ""
    assert "none of the mapping's hazard columns (CL4, CL5, CL6A" in err
    code, _, _ = run_cli(capsys, path)
    assert code == 0


def test_cli_hazard_json_and_sdmx_note(capsys, tmp_path, mics_data):
    path = tmp_path / "fs.csv"
    write_csv(path, mics_data)
    code, out, _ = run_cli(capsys, path, "--hazard", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    hz = [r for r in rows if r["basis"] == "hazardous"]
    assert len(hz) == 15 and all(r["se"] > 0 for r in hz if r["n"] > 30)
    code, out, err = run_cli(capsys, path, "--hazard", "--format", "sdmx")
    assert code == 0
    assert {r["SERIES"] for r in csv.DictReader(io.StringIO(out))} == {"SL_TLF_CHLDEA",
                                                                        "SL_TLF_CHLDEC"}
    assert "note: SDMX: 15 row(s) omitted: basis hazardous (no SDG series)" in err


# ---------------------------------------------------------------------------------------------
# --by crossed with sex and age group
# ---------------------------------------------------------------------------------------------


def test_by_column_crossed_with_sex_and_age(mics_data, design):
    d = mics_data
    res = child_labour_prevalence(d, "mics6", by=["HH6"], basis="sna")
    # per basis: 15 sex/age rows + for each of 2 areas: area, area x 2 sexes, area x 4 ages
    assert len(res.rows) == 15 + 2 * (1 + 2 + 4)
    assert not any(r["HH6"] != "total" and r["sex"] != "total" and r["age_group"] != "total"
                   for r in res.rows)
    plain = child_labour_prevalence(d, "mics6", basis="sna")
    sna = classify(Table(dict(d)), res.mapping).sna
    for area in (1, 2):
        for sex in (1, 2):
            row = pick(res.rows, HH6=area, sex=sex)
            mask = (d["HH6"] == area) & (d["HL4"] == sex)
            ref = svymean(sna, design, domain=mask)
            assert row["estimate"] == pytest.approx(100 * ref.estimate, abs=1e-10)
            assert row["se"] == pytest.approx(100 * ref.se, rel=1e-10)
            assert row["df"] == ref.df
            assert row["n"] == int(mask.sum())
        row = pick(res.rows, HH6=area, age_group="5-14")
        mask = (d["HH6"] == area) & (d["CB3"] <= 14)
        assert row["se"] == pytest.approx(100 * svymean(sna, design, domain=mask).se, rel=1e-10)
        whole = pick(res.rows, HH6=area, sex="total", age_group="total")
        assert whole["n"] == int((d["HH6"] == area).sum())
    # the rows without a by split are those of a run without --by
    assert [{k: v for k, v in r.items() if k != "HH6"} for r in res.rows
            if r["HH6"] == "total"] == plain.rows


@pytest.mark.parametrize(("cross", "per_area"), [((), 1), (("sex",), 3), (("age_group",), 5),
                                                 ("sex,age_group", 7), ("none", 1)])
def test_by_cross_choices(mics_data, cross, per_area):
    res = child_labour_prevalence(mics_data, "mics6", by=["HH6"], basis="sna", by_cross=cross)
    assert len(res.rows) == 15 + 2 * per_area


def test_by_cross_missing_sex_counts_in_area_total_only(mics_data):
    d = dict(mics_data)
    d["HL4"] = d["HL4"].copy()
    d["HL4"][:5] = np.nan
    res = child_labour_prevalence(d, "mics6", by=["HH6"], basis="sna")
    area = d["HH6"][0]
    total = pick(res.rows, HH6=area)["n"]
    by_sex = sum(pick(res.rows, HH6=area, sex=s)["n"] for s in (1, 2))
    assert total == int((d["HH6"] == area).sum()) == by_sex + 5


def test_bad_cross_is_an_error(mics_data, capsys, tmp_path):
    with pytest.raises(ChildLabourInputError, match="by_cross 'region'"):
        child_labour_prevalence(mics_data, "mics6", by=["HH6"], by_cross=["region"])
    path = tmp_path / "fs.csv"
    write_csv(path, mics_data)
    code, _, err = run_cli(capsys, path, "--by", "HH6", "--cross", "colour")
    assert code == 2 and "by_cross 'colour' is not one of sex, age_group" in err


# ---------------------------------------------------------------------------------------------
# SDMX: URBANISATION for an urban/rural column, other splits left out with a note
# ---------------------------------------------------------------------------------------------


def sdmx_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_sdmx_urbanisation_from_mics_area_codes(capsys, tmp_path, mics_data):
    path = tmp_path / "fs.csv"
    write_csv(path, {**mics_data, "region": mics_data["stratum"] % 3})
    code, out, err = run_cli(capsys, path, "--by", "HH6,region", "--format", "sdmx")
    assert code == 0
    rows = sdmx_rows(out)
    assert {r["URBANISATION"] for r in rows} == {"_T", "U", "R"}
    # urban x sex and urban x age rows, no three-way cross
    combos = {(r["URBANISATION"], r["SEX"], r["AGE"]) for r in rows if r["SERIES"] ==
              "SL_TLF_CHLDEA"}
    assert ("U", "F", "Y5T17") in combos and ("R", "_T", "Y12T14") in combos
    assert not any(u != "_T" and s != "_T" and a != "Y5T17" for u, s, a in combos)
    assert len(rows) == 2 * (15 + 2 * 7)
    assert "column 'HH6' written as URBANISATION" in err
    assert "row(s) omitted: split by region (no SDMX dimension)" in err
    code, out, _ = run_cli(capsys, path, "--by", "HH6,region", "--format", "json")
    json_rows = json.loads(out)
    urban_girls = pick(json_rows, basis="general", HH6=1, sex=2, region="total")
    sdmx = next(r for r in rows if r["SERIES"] == "SL_TLF_CHLDEC" and r["URBANISATION"] == "U"
                and r["SEX"] == "F" and r["AGE"] == "Y5T17")
    assert float(sdmx["OBS_VALUE"]) == pytest.approx(urban_girls["estimate"], rel=1e-5)


def test_sdmx_urbanisation_from_value_labels(mics_data):
    cols = {**mics_data, "zone": np.where(mics_data["HH6"] == 1, 7.0, 8.0)}
    table = Table(cols, value_labels={"zone": {7: "Urbain", 8: "Rural"}, "HL4": {1: "Male",
                                                                                  2: "Female"}})
    res = child_labour_prevalence(table, "mics6", by=["zone"], by_cross=())
    rows = sdmx_rows(to_sdmx_csv(res))
    assert {r["URBANISATION"] for r in rows} == {"_T", "U", "R"}
    assert len(rows) == 2 * (15 + 2)
    assert sdmx_notes(res) == ["SDMX: column 'zone' written as URBANISATION (U urban, R rural)"]


def test_sdmx_other_by_columns_are_left_out_with_a_note(mics_data):
    cols = {**mics_data, "zone": np.where(mics_data["HH6"] == 1, 7.0, 8.0)}
    res = child_labour_prevalence(cols, "mics6", by=["zone"], by_cross=())
    rows = sdmx_rows(to_sdmx_csv(res))
    assert {r["URBANISATION"] for r in rows} == {"_T"} and len(rows) == 30
    assert sdmx_notes(res) == ["SDMX: 4 row(s) omitted: split by zone (no SDMX dimension)"]


# ---------------------------------------------------------------------------------------------
# Degrees of freedom: domain (R) or design
# ---------------------------------------------------------------------------------------------


def test_df_domain_follows_r_and_design_is_psus_minus_strata(mics_data, design):
    d = mics_data
    dom = child_labour_prevalence(d, "mics6", by=["HH6"], basis="sna")
    des = child_labour_prevalence(d, "mics6", by=["HH6"], basis="sna", df="design")
    assert design.degf() == 60 - 15
    assert {r["df"] for r in des.rows} == {45}
    assert {r["df_method"] for r in des.rows} == {"design"}
    assert {r["df_method"] for r in dom.rows} == {"domain"}
    # HH6 is constant within strata: urban children sit in 8 of the 15 strata
    sna = classify(Table(dict(d)), dom.mapping).sna
    for area in (1, 2):
        mask = d["HH6"] == area
        strata = np.unique(d["stratum"][mask]).size
        psus = np.unique(d["HH1"][mask]).size
        a = pick(dom.rows, HH6=area)
        b = pick(des.rows, HH6=area)
        assert a["df"] == psus - strata == svymean(sna, design, domain=mask).df < 45
        assert a["estimate"] == b["estimate"] and a["se"] == b["se"]
        # more degrees of freedom, a smaller t quantile: a narrower interval
        assert b["ci_high"] - b["ci_low"] < a["ci_high"] - a["ci_low"]
    assert pick(dom.rows)["df"] == pick(des.rows)["df"] == 45
    assert dom.metadata()["df_method"] == "domain"
    assert "whole design" in des.metadata()["df_description"]
    assert any(n.startswith("degrees of freedom (design)") for n in des.notes)


def test_df_must_be_known(mics_data):
    with pytest.raises(ChildLabourInputError, match="df must be one of domain, design"):
        child_labour_prevalence(mics_data, "mics6", df="residual")


def test_cli_df_option_json_csv_table_and_help(capsys, tmp_path, mics_data):
    path = tmp_path / "fs.csv"
    write_csv(path, mics_data)
    for option, expected in (("domain", {"domain"}), ("design", {"design"})):
        code, out, _ = run_cli(capsys, path, "--by", "HH6", "--df", option, "--format", "json")
        assert code == 0
        rows = json.loads(out)
        assert {r["df_method"] for r in rows} == expected
        dfs = {r["df"] for r in rows}
        assert (dfs == {45}) == (option == "design")
    code, out, _ = run_cli(capsys, path, "--format", "csv")
    assert "df_method" in out.splitlines()[0]
    code, out, _ = run_cli(capsys, path, "--df", "design")
    assert "design degrees of freedom" in out
    with pytest.raises(SystemExit):
        main(["child-labour", "--help"])
    help_text = capsys.readouterr().out
    assert "--df {domain,design}" in help_text
    assert "PSUs minus strata of the whole design" in help_text
    assert "as R's survey package" in help_text
    with pytest.raises(SystemExit) as exc:
        main(["child-labour", str(path), "--df", "residual"])
    assert exc.value.code == 2 and "invalid choice: 'residual'" in capsys.readouterr().err


def test_by_rows_leave_out_children_outside_5_17(mics_data):
    d = dict(mics_data)
    d["CB3"] = d["CB3"].copy()
    d["CB3"][:12] = 30  # household members on the roster, kept in the design only
    res = child_labour_prevalence(d, "mics6", by=["HH6"], basis="sna", out_of_range="exclude")
    counted = d["CB3"] <= 17
    for area in (1, 2):
        in_area = (d["HH6"] == area) & counted
        assert pick(res.rows, HH6=area)["n"] == int(in_area.sum())
        assert pick(res.rows, HH6=area, sex=1)["n"] == int((in_area & (d["HL4"] == 1)).sum())
        assert pick(res.rows, HH6=area, age_group="15-17")["n"] == int(
            (in_area & (d["CB3"] >= 15)).sum())
