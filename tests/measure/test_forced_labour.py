"""Forced labour prevalence (ICLS 2018): rules, R agreement, command and bad input."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from target87.measure.child_labour import child_labour_prevalence
from target87.measure.cli import main
from target87.measure.commands import child_labour as child_labour_command
from target87.measure.commands import forced_labour as forced_labour_command
from target87.measure.forced_labour import (
    DesignColumns,
    ForcedLabourDefinition,
    ForcedLabourInputError,
    estimate_forced_labour,
)
from target87.measure.readers import Table, read_table
from target87.measure.sdmx import HEADER

GOLDEN = Path(__file__).parent / "golden_forced_labour"
DEFINITION = {"involuntary": ["inv1", "inv2"], "coercion": ["coer1", "coer2", "coer3"],
              "child_indicators": ["parent_fl"]}
DESIGNS = {
    "strat": ({"weight": "w", "strata": "stratum", "psu": "psu", "age": "age", "sex": "sex"},
              "fail"),
    "fpc_lonely": ({"weight": "w", "strata": "stratum", "psu": "psu", "fpc": "fpc", "age": "age",
                    "sex": "sex"}, "adjust"),
    "srs": ({"weight": "w", "age": "age", "sex": "sex"}, "fail"),
}


# ---------------------------------------------------------------------------------------------
# Agreement with R's survey package (golden_forced_labour/make_golden.R)
# ---------------------------------------------------------------------------------------------


def golden_rows() -> list[dict]:
    with open(GOLDEN / "results.csv", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def target87_rows(name: str, ci: str) -> dict:
    design, lonely = DESIGNS[name]
    result = estimate_forced_labour(GOLDEN / f"design_{name}.csv", DEFINITION, design,
                                    by=["sector"], ci=ci, lonely_psu=lonely)
    return {(str(r["sex"]), r["age_group"], str(r["sector"])): r for r in result.rows}


def close(a: float, b: str, rel: float = 1e-8, absolute: float = 1e-9) -> bool:
    expected = float(b) if b not in ("", "NA") else float("nan")
    return abs(a - expected) <= max(rel * abs(expected), absolute)


GOLDEN_ROWS = golden_rows()


def test_golden_files_cover_two_designs_and_every_kind_of_domain():
    designs = {r["design"] for r in GOLDEN_ROWS}
    assert {"strat", "fpc_lonely"} <= designs
    assert {r["lonely"] for r in GOLDEN_ROWS} == {"fail", "adjust"}
    assert any(r["sector"] != "total" and r["age_group"] == "0-17" for r in GOLDEN_ROWS)


@pytest.mark.parametrize(
    "row", GOLDEN_ROWS,
    ids=["-".join(r[k] for k in ("design", "sex", "age_group", "sector")) for r in GOLDEN_ROWS],
)
def test_agrees_with_r_survey(row):
    ours = target87_rows(row["design"], "logit")[(row["sex"], row["age_group"], row["sector"])]
    assert ours["unit"] == "per 1,000"
    assert close(ours["estimate"] / 1000, row["mean"], absolute=1e-12)
    assert close(ours["se"] / 1000, row["se"])
    assert close(ours["number"], row["total"], absolute=1e-6)
    assert close(ours["number_se"], row["total_se"], absolute=1e-6)
    assert close(ours["population"], row["population"], absolute=1e-6)
    assert ours["n"] == int(row["n"])
    assert ours["df"] == int(row["df"])
    if row["deff"] not in ("", "NA", "NaN"):
        assert close(ours["deff"], row["deff"])
    # R gives no logit interval for an estimate of exactly 0 or 1; target87 then gives the
    # Clopper-Pearson bound (see survey.proportion_ci), so only R's finite intervals compare.
    if row["logit_low"] not in ("", "NA", "NaN") and 0 < float(row["mean"]) < 1:
        assert close(ours["ci_low"] / 1000, row["logit_low"], rel=1e-6)
        assert close(ours["ci_high"] / 1000, row["logit_high"], rel=1e-6)
        kg = target87_rows(row["design"], "korn-graubard")[
            (row["sex"], row["age_group"], row["sector"])]
        assert close(kg["ci_low"] / 1000, row["beta_low"], rel=1e-6)
        assert close(kg["ci_high"] / 1000, row["beta_high"], rel=1e-6)


# ---------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------


def persons(**extra):
    data = {
        "age": np.array([30, 30, 30, 12, 12, 12, 40, 40]),
        "inv": np.array([1, 2, 1, 2, 1, 2, np.nan, 1]),
        "inv_b": np.array([0, 0, 0, 0, 0, 0, 1, 0]),
        "coer": np.array(["yes", "yes", "no", "yes", "no", "no", "Yes", ""], dtype=object),
        "parent": np.array(["no", "no", "no", "no", "no", "yes", "no", "no"], dtype=object),
    }
    data.update(extra)
    return data


def flags(definition, design=None, data=None):
    result = estimate_forced_labour(data or persons(), definition,
                                    design if design is not None else {"age": "age"},
                                    lonely_psu="certainty")
    total = next(r for r in result.rows if r["sex"] == "total" and r["age_group"] == "total")
    return total["number"], result


def test_adults_need_both_dimensions_children_coercion_alone():
    number, result = flags({"involuntary": ["inv"], "coercion": ["coer"]})
    # adult 1 (inv yes, coer yes); child 4 (coercion alone). Adult 2 has coercion only,
    # adult 3 involuntariness only, adult 7 a missing involuntary answer, adult 8 a blank.
    assert number == 2
    children = next(r for r in result.rows if r["age_group"] == "0-17" and r["sex"] == "total")
    assert children["number"] == 1 and children["estimate"] == pytest.approx(1000 / 3)
    assert any("1 missing answer(s) in inv" in n for n in result.notes)


def test_child_indicators_and_the_adult_rule_for_children():
    number, _ = flags({"involuntary": ["inv"], "coercion": ["coer"],
                       "child_indicators": ["parent"]})
    assert number == 3  # child 6: parents in forced labour
    number, _ = flags({"involuntary": ["inv"], "coercion": ["coer"], "child_rule": "adult"})
    assert number == 1  # child 4 no longer counts: no involuntariness
    number, _ = flags({"involuntary": ["inv"], "coercion": ["coer"]}, design={})
    assert number == 1  # without ages everyone is judged as an adult


def test_any_and_all_within_a_dimension():
    number, _ = flags({"involuntary": ["inv", "inv_b"], "coercion": ["coer"],
                       "child_rule": "adult"})
    assert number == 2  # adult 7: inv missing but inv_b yes, coercion "Yes"
    number, _ = flags({"involuntary": ["inv", "inv_b"], "coercion": ["coer"],
                       "involuntary_rule": "all", "child_rule": "adult"})
    assert number == 0


def test_definition_is_stored_with_the_result_and_round_trips():
    _, result = flags({"involuntary": ["inv"], "coercion": ["coer"], "id": "national-2024"})
    meta = result.metadata()
    assert meta["definition"]["involuntary"] == ["inv"]
    assert meta["definition"]["coercion_rule"] == "any"
    assert "coercion (coer)" in meta["definition"]["description"]
    again = ForcedLabourDefinition.from_dict(meta["definition"])
    assert again == result.definition
    assert {r["definition"] for r in result.rows} == {"national-2024"}
    assert meta["units"]["estimate"] == "per 1,000"


def test_by_type_gives_numbers_per_type():
    data = persons(type=np.array([None, None, None, "private", None, None, None, None],
                                 dtype=object),
                   sector=np.array(["A", "A", "C", "A", "C", "C", "G", "G"], dtype=object))
    result = estimate_forced_labour(data, {"involuntary": ["inv"], "coercion": ["coer"]},
                                    {"age": "age"}, by=["type", "sector"], by_cross=(),
                                    lonely_psu="certainty")
    by_type = {r["type"]: r for r in result.rows if r["type"] != "total"}
    assert set(by_type) == {"private"}
    assert by_type["private"]["number"] == 1
    by_sector = {r["sector"]: r["number"] for r in result.rows if r["sector"] != "total"}
    assert by_sector == {"A": 2, "C": 0, "G": 0}


def test_weighted_prevalence_per_thousand():
    data = persons(w=np.array([1, 1, 1, 1, 1, 1, 1, 5.0]), inv=np.array([1, 2, 1, 2, 1, 2, 1, 1]),
                   coer=np.array(["yes", "no", "no", "no", "no", "no", "no", "yes"],
                                 dtype=object))
    number, result = flags({"involuntary": ["inv"], "coercion": ["coer"]},
                           design={"age": "age", "weight": "w"}, data=data)
    total = result.rows[0]
    assert number == 6 and total["population"] == 12
    assert total["estimate"] == pytest.approx(500.0)


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("column, values, expected", [
    ("inv", np.array([1, 2, 3, 2, 1, 2, 1, 1.0]), "'inv' must hold yes/no answers"),
    ("coer", np.array(["yes", "no", "maybe", "no", "no", "maybe", "no", "no"], dtype=object),
     "found 'maybe' at rows 3, 6"),
])
def test_indicator_not_yes_no_is_named_with_rows(column, values, expected):
    with pytest.raises(ForcedLabourInputError, match=expected) as info:
        estimate_forced_labour(persons(**{column: values}),
                               {"involuntary": ["inv"], "coercion": ["coer"]}, {"age": "age"})
    assert info.value.code == "fl_indicator_not_yes_no"
    assert info.value.params["column"] == column
    assert info.value.params["row_numbers"][0] == 3


def test_missing_indicator_column_is_named():
    with pytest.raises(ForcedLabourInputError, match="'coercion_2'") as info:
        estimate_forced_labour(persons(), {"involuntary": ["inv"],
                                           "coercion": ["coer", "coercion_2"]})
    assert info.value.code == "fl_columns_missing"


def test_missing_indicator_column_in_a_file_is_named(tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text("age,inv,coer\n30,1,yes\n40,2,no\n")
    code = main(["forced-labour", str(path), "--involuntary", "inv", "--coercion", "coer,threat"])
    err = capsys.readouterr().err
    assert code == 2 and "'threat'" in err and "p.csv" in err


def test_a_dimension_without_columns_is_refused():
    with pytest.raises(ForcedLabourInputError) as info:
        ForcedLabourDefinition(involuntary=("inv",), coercion=())
    assert info.value.code == "fl_coercion_required"
    with pytest.raises(ForcedLabourInputError, match="unknown key"):
        ForcedLabourDefinition.from_dict({"involuntary": ["a"], "coercion": ["b"], "rule": "x"})
    with pytest.raises(ForcedLabourInputError, match="involuntary_rule"):
        ForcedLabourDefinition(involuntary=("a",), coercion=("b",), involuntary_rule="most")


def test_missing_age_is_refused_with_rows():
    with pytest.raises(ForcedLabourInputError, match="age column 'age'.*row 2"):
        estimate_forced_labour(persons(age=np.array([30, np.nan, 30, 12, 12, 12, 40, 40])),
                               {"involuntary": ["inv"], "coercion": ["coer"]}, {"age": "age"})


# ---------------------------------------------------------------------------------------------
# Command
# ---------------------------------------------------------------------------------------------


def run(capsys, *argv):
    code = main(["forced-labour", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


GOLDEN_ARGS = ("--involuntary", "inv1,inv2", "--coercion", "coer1,coer2,coer3",
               "--child-indicators", "parent_fl", "--age", "age", "--sex", "sex", "--weight", "w",
               "--strata", "stratum", "--psu", "psu", "--by", "sector")


def test_command_json_has_the_child_labour_keys_and_a_unit(capsys):
    code, out, _ = run(capsys, GOLDEN / "design_strat.csv", *GOLDEN_ARGS, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    keys = ["sex", "age_group", "sector", *child_labour_command.STAT_COLUMNS, "unit"]
    assert list(rows[0]) == keys
    assert {r["unit"] for r in rows} == {"per 1,000"}
    r_total = next(r for r in GOLDEN_ROWS if r["design"] == "strat" and r["sex"] == "total"
                   and r["age_group"] == "total" and r["sector"] == "total")
    assert rows[0]["estimate"] == pytest.approx(1000 * float(r_total["mean"]), rel=1e-10)
    assert {r["sector"] for r in rows} == {"total", "A", "C", "F", "G", "T"}


def test_command_csv_and_table(capsys, tmp_path):
    out_path = tmp_path / "fl.csv"
    code, _, _ = run(capsys, GOLDEN / "design_strat.csv", *GOLDEN_ARGS, "--format", "csv",
                     "--out", out_path)
    assert code == 0
    with open(out_path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["unit"] == "per 1,000" and rows[0]["basis"] == "forced_labour"
    code, out, _ = run(capsys, GOLDEN / "design_strat.csv", *GOLDEN_ARGS)
    assert code == 0
    assert "per 1,000 persons" in out and "Children (under 18): coercion" in out


def test_command_bad_indicator_is_a_message_not_a_traceback(capsys, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("age,inv,coer\n30,1,yes\n40,2,perhaps\n")
    code, out, err = run(capsys, path, "--involuntary", "inv", "--coercion", "coer")
    assert code == 2 and out == ""
    assert "'coer'" in err and "'perhaps'" in err and "row 2" in err


def test_same_design_as_child_labour_gives_the_same_standard_error(tmp_path):
    """Both indicators run through the same design machinery: one 0/1 variable, same SE."""
    table = read_table(GOLDEN / "design_strat.csv")
    cols = dict(table.columns)
    cols["age_child"] = np.full(table.n_rows, 10.0)
    cols["hours"] = np.where(cols["coer1"] == "yes", 5.0, 0.0)
    child = child_labour_prevalence(
        Table(cols), {"age": "age_child", "weight": "w", "strata": "stratum", "psu": "psu",
                      "econ_hours": ["hours"]}, basis="sna")
    forced = estimate_forced_labour(
        Table(cols), {"involuntary": ["coer1"], "coercion": ["coer1"]},
        DesignColumns(weight="w", strata="stratum", psu="psu", age="age_child"))
    assert forced.rows[0]["se"] == pytest.approx(10 * child.rows[0]["se"], rel=1e-12)
    assert forced.rows[0]["estimate"] == pytest.approx(10 * child.rows[0]["estimate"])
    assert forced_labour_command.STAT_COLUMNS[:-1] == child_labour_command.STAT_COLUMNS


def test_command_sdmx_reads_back_per_thousand_with_the_series_and_age_codes(capsys, tmp_path):
    out_path = tmp_path / "fl-sdmx.csv"
    code, _, err = run(capsys, GOLDEN / "design_strat.csv", *GOLDEN_ARGS, "--format", "sdmx",
                       "--ref-area", "524", "--year", "2022", "--out", out_path)
    assert code == 0
    with open(out_path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == HEADER
    assert {r["SERIES"] for r in rows} == {"FL_PREV_ESTIMATES"}
    assert {r["UNIT_MEASURE"] for r in rows} == {"PER_1000"}
    assert {r["DATAFLOW"] for r in rows} == {"TARGET87:DF_FORCED_LABOUR(1.0)"}
    assert {(r["REF_AREA"], r["TIME_PERIOD"]) for r in rows} == {("524", "2022")}
    # total, 2 sexes, 5 age groups and the 2 x 5 crosses; the sector rows have no dimension
    assert len(rows) == 1 + 2 + 5 + 10
    assert {r["AGE"] for r in rows} == {"_T", "Y0T17", "Y18T29", "Y30T49", "Y_GE50", "Y_GE18"}
    assert "row(s) omitted: split by sector" in err
    expected = {(r["sex"], r["age_group"]): r for r in target87_rows("strat", "logit").values()
                if r["sector"] == "total"}
    sexes = {"_T": "total", "M": 1, "F": 2}
    ages = {"_T": "total", "Y0T17": "0-17", "Y18T29": "18-29", "Y30T49": "30-49",
            "Y_GE50": "50+", "Y_GE18": "18+"}
    for r in rows:
        row = expected[(sexes[r["SEX"]], ages[r["AGE"]])]
        # per 1,000 persons, as the JSON rows; printed to six significant digits
        assert float(r["OBS_VALUE"]) == pytest.approx(row["estimate"], rel=1e-5)
        assert float(r["LOWER_BOUND"]) == pytest.approx(row["ci_low"], rel=1e-5)
        assert float(r["UPPER_BOUND"]) == pytest.approx(row["ci_high"], rel=1e-5)
        assert "per 1,000" in r["COMMENT_OBS"]
    total = next(r for r in rows if r["SEX"] == "_T" and r["AGE"] == "_T")
    r_total = next(r for r in GOLDEN_ROWS if r["design"] == "strat" and r["sex"] == "total"
                   and r["age_group"] == "total" and r["sector"] == "total")
    assert float(total["OBS_VALUE"]) == pytest.approx(1000 * float(r_total["mean"]), rel=1e-5)
