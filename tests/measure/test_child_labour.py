"""SDG 8.7.1: definition, MICS6 preset, readers, estimates and the child-labour command."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from target87.measure.child_labour import (
    DEFINITIONS,
    ChildLabourInputError,
    Definition,
    VariableMapping,
    child_labour_prevalence,
    classify,
)
from target87.measure.cli import main
from target87.measure.readers import Table, read_table
from target87.measure.survey import svydesign, svymean

SIMPLE = VariableMapping(age="age", weight="w", econ_hours=("econ",), chores_hours=("chores",),
                         hazard=("haz",))


def simple_table(**cols) -> Table:
    n = len(cols["age"])
    base = {"w": np.ones(n), "econ": np.zeros(n), "chores": np.zeros(n), "haz": np.full(n, 2.0)}
    base.update({k: np.asarray(v, dtype=float) for k, v in cols.items()})
    return Table(base)


def test_thresholds_at_the_boundaries():
    t = simple_table(
        age=[5, 11, 12, 12, 14, 15, 17, 17, 8, 13, 16],
        econ=[1, 0.5, 14, 13.5, 20, 43, 42, 50, 0, 0, 0],
        chores=[0, 0, 0, 0, 0, 0, 0, 0, 21, 20, 60],
    )
    c = classify(t, SIMPLE)
    assert c.sna.tolist() == [1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0]
    # chores count at 5-14 only (21 h), never at 15-17
    assert c.general.tolist() == [1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0]


def test_more_than_comparison_and_older_definition():
    t = simple_table(age=[5, 12, 15, 9, 9], econ=[1, 14, 43, 0, 0], chores=[0, 0, 0, 21, 28])
    gt = classify(t, SIMPLE, DEFINITIONS["sdg-8.7.1-more-than"])
    assert gt.sna.tolist() == [0, 0, 0, 0, 0]
    assert gt.general.tolist() == [0, 0, 0, 0, 1]
    old = classify(t, SIMPLE, DEFINITIONS["mics3-5"])
    assert old.general.tolist() == [1, 1, 1, 0, 1]


def test_hazard_is_optional():
    t = simple_table(age=[10, 16], haz=[1, 1])
    assert classify(t, SIMPLE).sna.tolist() == [0, 0]
    assert classify(t, SIMPLE, DEFINITIONS["mics6-hazard"]).general.tolist() == [1, 1]


def test_custom_definition_from_dict_records_itself():
    d = Definition.from_dict({"chores": [[5, 14, 28]], "comparison": ">"})
    assert d.id == "sdg-8.7.1-custom"
    assert "> 28 h" in d.describe()
    assert d.to_dict()["chores"] == [[5, 14, 28.0]]


def test_mics6_sav_with_labels_and_response_codes(mics_sav, mics_data):
    table = read_table(mics_sav, ["HL4", "CL3"])
    assert table.label("HL4", 2.0) == "Female"
    res = child_labour_prevalence(mics_sav, "mics6", by=["HH6"])
    assert res.mapping.name == "mics6"
    d = mics_data
    age, cl3 = d["CB3"], d["CL3"]
    econ_any = np.any([d[f"CL1{k}"] == 1 for k in "ABCX"], axis=0)
    hours = np.where((cl3 >= 97) | np.isnan(cl3), -1, cl3)
    sna = econ_any & (((age <= 11) & (hours >= 1)) | ((age >= 12) & (age <= 14) & (hours >= 14))
                      | ((age >= 15) & (hours >= 43)))
    chores_h = sum(np.where(np.isnan(d[c]) | (d[c] >= 97), 0, d[c]) for c in ("CL8", "CL10",
                                                                            "CL13"))
    chores_any = (d["CL7"] == 1) | (d["CL9"] == 1)
    general = sna | ((age <= 14) & chores_any & (chores_h >= 21))
    w = d["fsweight"]
    total = [r for r in res.rows if r["sex"] == "total" and r["age_group"] == "total"
             and r["HH6"] == "total"]
    by_basis = {r["basis"]: r for r in total}
    assert by_basis["sna"]["estimate"] == pytest.approx(100 * np.sum(w * sna) / w.sum(), abs=1e-10)
    assert by_basis["general"]["estimate"] == pytest.approx(100 * np.sum(w * general) / w.sum(),
                                                            abs=1e-10)
    assert by_basis["sna"]["number"] == pytest.approx(np.sum(w * sna))
    design = svydesign(w, ids=d["HH1"], strata=d["stratum"])
    assert by_basis["general"]["se"] == pytest.approx(100 * svymean(general, design).se, rel=1e-12)
    assert by_basis["sna"]["df"] == design.degf()
    girls = next(r for r in res.rows if r["sex"] == 2 and r["age_group"] == "5-14"
                 and r["basis"] == "sna")
    mask = (d["HL4"] == 2) & (age <= 14)
    assert girls["estimate"] == pytest.approx(100 * np.sum((w * sna)[mask]) / w[mask].sum())
    assert any("CL3" in note and "not hours" in note for note in res.notes)
    assert res.label("sex", 2) == "Female"


def test_response_codes_are_not_hours():
    mapping = VariableMapping(age="age", weight="w", econ_hours=("econ",))
    c = classify(simple_table(age=[6, 6, 16], econ=[98, 99, 97]), mapping)
    assert c.sna.tolist() == [0, 0, 0]


def test_rows_cover_the_domains(mics_data):
    res = child_labour_prevalence(mics_data, "mics6", basis="sna", ci="korn-graubard")
    keys = {(r["sex"], r["age_group"]) for r in res.rows}
    assert ("total", "total") in keys
    assert {("total", g) for g in ("5-11", "12-14", "15-17", "5-14")} <= keys
    assert {(s, "12-14") for s in (1, 2)} <= keys
    assert len(res.rows) == 1 + 2 + 4 + 8
    assert all(r["ci_low"] <= r["estimate"] <= r["ci_high"] for r in res.rows)
    assert res.metadata()["definition"]["id"] == "sdg-8.7.1"


def test_progress_is_reported(mics_data):
    seen = []
    child_labour_prevalence(mics_data, "mics6", progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_stata_and_parquet_read_the_same(tmp_path, mics_data):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pyreadstat

    pyreadstat.write_dta(pd.DataFrame(mics_data), str(tmp_path / "fs.dta"))
    pq.write_table(pa.table(mics_data), tmp_path / "fs.parquet")
    a = child_labour_prevalence(tmp_path / "fs.dta", "mics6").rows
    b = child_labour_prevalence(tmp_path / "fs.parquet", "mics6").rows
    assert [r["estimate"] for r in a] == pytest.approx([r["estimate"] for r in b], abs=1e-12)


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------


def write_csv(path, cols: dict) -> None:
    names = list(cols)
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(names)
        for i in range(len(cols[names[0]])):
            w.writerow(["" if isinstance(v[i], float) and np.isnan(v[i]) else v[i]
                        for v in (cols[n] for n in names)])


@pytest.fixture
def mics_csv(tmp_path, mics_data):
    path = tmp_path / "fs.csv"
    write_csv(path, mics_data)
    return path


def run_cli(capsys, *argv):
    code = main(["child-labour", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_json(capsys, mics_csv):
    code, out, _ = run_cli(capsys, mics_csv, "--preset", "mics6", "--by", "HH6", "--format",
                           "json")
    assert code == 0
    rows = json.loads(out)
    first = rows[0]
    for key in ("sex", "age_group", "HH6", "basis", "estimate", "se", "ci_low", "ci_high", "df",
                "deff", "n", "population", "number"):
        assert key in first
    assert first["sex"] == "total" and first["basis"] == "sna"
    assert {r["HH6"] for r in rows} == {"total", 1, 2}


def test_cli_columns_instead_of_preset(capsys, mics_csv, tmp_path):
    out_file = tmp_path / "out.csv"
    code, _, _ = run_cli(capsys, mics_csv, "--age", "CB3", "--sex", "HL4", "--econ-hours", "CL3",
                         "--chores-hours", "CL8,CL10,CL13", "--weight", "fsweight", "--strata",
                         "stratum", "--psu", "HH1", "--basis", "general", "--format", "csv",
                         "--out", out_file)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out_file.read_text())))
    assert {r["basis"] for r in rows} == {"general"}


def test_cli_mapping_file_and_sdmx(capsys, mics_csv, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"preset": "mics6", "population": {}}))
    code, out, _ = run_cli(capsys, mics_csv, "--mapping", mapping, "--format", "sdmx",
                           "--comparison", ">")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["SERIES"] for r in rows} == {"SL_TLF_CHLDEA", "SL_TLF_CHLDEC"}
    assert {r["SEX"] for r in rows} == {"_T", "M", "F"}
    assert {r["AGE"] for r in rows} == {"Y5T17", "Y5T11", "Y12T14", "Y15T17", "Y5T14"}
    assert "sdg-8.7.1-gt" in rows[0]["COMMENT_OBS"]


def test_cli_table_states_the_definition(capsys, mics_csv):
    code, out, _ = run_cli(capsys, mics_csv)
    assert code == 0
    assert ">= 43 h" in out and "threshold comparison" in out


# ---------------------------------------------------------------------------------------------
# Bad input: a precise message, exit code 2, never a traceback
# ---------------------------------------------------------------------------------------------


def broken(tmp_path, mics_data, **changes):
    cols = {k: v.copy() for k, v in mics_data.items()}
    for key, value in changes.items():
        if value is None:
            del cols[key]
        else:
            col, rows, new = value
            arr = cols[col].astype(object)
            for r in rows:
                arr[r] = new
            cols[col] = arr
    path = tmp_path / "bad.csv"
    write_csv(path, cols)
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"CL3": None}, "'CL3' not found"),
        ({"x": ("CL3", [4, 9], "lots")},
         "column 'CL3' must be numeric; found 'lots' at rows 5, 10"),
        ({"x": ("fsweight", [2], -1.0)}, "'fsweight' is negative at row 3"),
        ({"x": ("fsweight", [7], float("nan"))}, "'fsweight' is missing at row 8"),
        ({"x": ("CB3", [0, 1, 2], 19.0)}, "'CB3' is outside 5-17 (or not whole years), e.g. 19, "
                                          "at rows 1, 2, 3"),
        ({"x": ("CL13", [11], -3.0)}, "'CL13' has negative hours at row 12"),
        ({"x": ("HH1", [5], float("nan"))}, "PSU column 'HH1' is missing at row 6"),
    ],
)
def test_bad_input_messages(capsys, tmp_path, mics_data, change, message):
    path = broken(tmp_path, mics_data, **change)
    code, out, err = run_cli(capsys, path)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""


def test_single_psu_stratum_is_an_error_unless_an_option_is_chosen(capsys, tmp_path, mics_data):
    cols = dict(mics_data)
    lonely = cols["stratum"] == 1
    cols["HH1"] = np.where(lonely, 1.0, cols["HH1"])
    path = tmp_path / "lonely.csv"
    write_csv(path, cols)
    code, _, err = run_cli(capsys, path)
    assert code == 2
    assert "stratum column 'stratum': 1 stratum(s) with a single PSU (1) at rows 1, 2" in err
    results = {}
    for option in ("certainty", "remove", "adjust"):
        code, out, _ = run_cli(capsys, path, "--lonely-psu", option, "--format", "json")
        assert code == 0
        results[option] = json.loads(out)[0]["se"]
    assert results["certainty"] == results["remove"] != results["adjust"]


def test_out_of_range_ages_can_be_excluded(mics_data):
    cols = dict(mics_data)
    cols["CB3"] = cols["CB3"].copy()
    cols["CB3"][:10] = 30
    res = child_labour_prevalence(cols, "mics6", out_of_range="exclude")
    assert res.rows[0]["n"] == len(cols["CB3"]) - 10
    with pytest.raises(ChildLabourInputError, match="outside 5-17"):
        child_labour_prevalence(cols, "mics6")


def test_bad_mapping_and_preset_messages(capsys, mics_csv, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"age": "CB3", "weight": "fsweight", "econhours": "CL3"}))
    code, _, err = run_cli(capsys, mics_csv, "--mapping", bad)
    assert code == 2 and "unknown key(s) econhours" in err
    code, _, err = run_cli(capsys, mics_csv, "--preset", "dhs9")
    assert code == 2 and "unknown preset 'dhs9'" in err
    code, _, err = run_cli(capsys, tmp_path / "nothere.csv")
    assert code == 2 and "file not found" in err
