"""Every input error of the library carries a stable code and the values of its message, so a
program can say it in another language; the English message itself is unchanged."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import numpy as np
import pytest

from target87.measure import child_labour, survey
from target87.measure.child_labour import ChildLabourInputError, child_labour_prevalence
from target87.measure.cli import MeasureInputError
from target87.measure.readers import ReaderError, Table, list_columns, read_table
from target87.measure.survey import SurveyDesignError, svydesign

MEASURE = Path(child_labour.__file__).parent


def _error_classes() -> set[str]:
    names = {"MeasureInputError"}
    for path in MEASURE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id == "MeasureInputError" for b in node.bases
            ):
                names.add(node.name)
    return names


def test_every_raise_in_the_library_gives_a_code_and_a_template():
    classes = _error_classes()
    assert {"ReaderError", "SurveyDesignError", "ChildLabourInputError"} <= classes
    found, plain = 0, []
    for path in MEASURE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            if not (isinstance(func, ast.Name) and func.id in classes):
                continue
            found += 1
            args = node.exc.args
            coded = (len(args) >= 2 and not isinstance(args[0], ast.JoinedStr)) or (
                len(args) == 1 and isinstance(args[0], ast.Starred))
            if not coded:
                plain.append(f"{path.name}:{node.lineno}")
    assert found > 60
    assert not plain, f"raised without a code: {plain}"


def _mics(mics_data, **changes):
    cols = {k: v.copy() for k, v in mics_data.items()}
    for name, (rows, value) in changes.items():
        cols[name] = cols[name].astype(object) if isinstance(value, str) else cols[name]
        cols[name][rows] = value
    return cols


@pytest.mark.parametrize(
    ("changes", "code", "message", "params"),
    [
        ({"fsweight": ([2, 6], -1.0)}, "weight_negative",
         "weight column 'fsweight' is negative at rows 3, 7",
         {"column": "fsweight", "row_numbers": [3, 7], "row_count": 2}),
        ({"fsweight": ([7], np.nan)}, "weight_missing",
         "weight column 'fsweight' is missing at row 8",
         {"column": "fsweight", "row_numbers": [8], "row_count": 1}),
        ({"CL3": ([4, 9], "lots")}, "column_not_numeric",
         "economic activity hours column 'CL3' must be numeric; found 'lots' at rows 5, 10",
         {"column": "CL3", "what": "economic activity hours", "value": "lots",
          "row_numbers": [5, 10]}),
        ({"CB3": ([0, 1, 2], 19.0)}, "age_out_of_range",
         "age column 'CB3' is outside 5-17 (or not whole years), e.g. 19, at rows 1, 2, 3",
         {"column": "CB3", "value": 19.0, "row_numbers": [1, 2, 3], "row_count": 3}),
        ({"CB3": ([3], np.nan)}, "age_missing", "age column 'CB3' is missing at row 4",
         {"column": "CB3", "row_numbers": [4]}),
        ({"CL13": ([11], -3.0)}, "hours_negative",
         "household chores hours column 'CL13' has negative hours at row 12",
         {"column": "CL13", "row_numbers": [12]}),
        ({"HH1": ([5], np.nan)}, "psu_missing", "PSU column 'HH1' is missing at row 6",
         {"column": "HH1", "row_numbers": [6]}),
    ],
)
def test_data_errors_name_column_and_rows(mics_data, changes, code, message, params):
    with pytest.raises(MeasureInputError) as info:
        child_labour_prevalence(_mics(mics_data, **changes), "mics6")
    exc = info.value
    assert exc.code == code
    assert str(exc) == message
    assert exc.params.items() >= params.items()
    assert exc.params["rows"] in message
    assert str(exc) == exc.template % exc.params


def test_many_rows_are_counted_and_only_the_first_listed(mics_data):
    with pytest.raises(SurveyDesignError) as info:
        child_labour_prevalence(_mics(mics_data, fsweight=(list(range(12)), -2.0)), "mics6")
    assert str(info.value) == ("weight column 'fsweight' is negative at rows 1, 2, 3, 4, 5 "
                               "(first 5 of 12)")
    assert info.value.params["row_numbers"] == [1, 2, 3, 4, 5]
    assert info.value.params["row_count"] == 12


def test_single_psu_stratum_names_column_strata_and_rows():
    with pytest.raises(SurveyDesignError) as info:
        svydesign(np.ones(5), ids=np.array([1, 2, 3, 4, 5]), strata=np.array([1, 2, 2, 3, 3]),
                  names={"weights": "w", "ids": "psu", "strata": "region"})
    exc = info.value
    assert exc.code == "single_psu_stratum"
    assert str(exc) == ("stratum column 'region': 1 stratum(s) with a single PSU (1) at row 1. "
                        "Choose a lonely-PSU option (certainty, adjust or remove) or merge strata.")
    assert exc.params["column"] == "region" and exc.params["count"] == 1
    assert exc.params["row_numbers"] == [1]


def test_missing_columns_name_the_file_and_columns(tmp_path):
    path = tmp_path / "fs.csv"
    path.write_text("age,weight\n7,1\n")
    with pytest.raises(ReaderError) as info:
        read_table(path, ["age", "CL3"])
    exc = info.value
    assert exc.code == "column_not_in_file"
    assert str(exc) == "fs.csv: column 'CL3' not found (the file has 2 columns, e.g. age, weight)"
    assert exc.params["file"] == "fs.csv" and exc.params["missing"] == ["CL3"]
    with pytest.raises(ReaderError) as info:
        read_table(path, ["CL3", "CL4"])
    assert info.value.code == "columns_not_found"
    assert info.value.params["missing"] == ["CL3", "CL4"]
    assert str(info.value).startswith("fs.csv: columns 'CL3', 'CL4' not found")
    with pytest.raises(ReaderError) as info:
        Table({"a": np.ones(2)}, source="roster.sav")["b"]
    assert info.value.code == "column_not_found"
    assert str(info.value) == "column 'b' not found in roster.sav"
    assert info.value.params == {"column": "b", "source": "roster.sav"}


def test_unreadable_file_keeps_the_file_name_and_detail(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("région\n1\n".encode("latin-1"))
    with pytest.raises(ReaderError) as info:
        list_columns(path)
    assert info.value.code == "csv_not_utf8"
    assert info.value.params == {"file": "export.csv", "byte": "0xe9"}
    assert str(info.value) == ('export.csv: expected UTF-8 encoded CSV text, but byte 0xe9 is '
                               'not valid UTF-8; save the file as "CSV UTF-8"')
    damaged = tmp_path / "damaged.sav"
    damaged.write_bytes(b"$FL2" + b"\x00junk" * 8)
    with pytest.raises(ReaderError) as info:
        list_columns(damaged)
    assert info.value.code == "sav_unreadable"
    assert info.value.params["file"] == "damaged.sav"
    assert str(info.value).startswith("damaged.sav: expected an SPSS (.sav) file, but it cannot")


def test_params_are_plain_values_ready_for_json():
    import json

    with pytest.raises(SurveyDesignError) as info:
        survey._float_column(np.array([1.0, np.nan, 2.0]), "w")
    assert info.value.code == "design_column_missing"
    json.dumps(info.value.params)
    assert type(info.value.params["row_count"]) is int


def test_plain_message_still_works_without_a_code():
    exc = MeasureInputError("something is wrong")
    assert str(exc) == "something is wrong"
    assert exc.code is None and exc.params == {} and exc.template == "something is wrong"
    with pytest.raises(TypeError):
        MeasureInputError("no template", column="x")


def test_code_and_params_survive_pickling(mics_data):
    with pytest.raises(ChildLabourInputError) as info:
        child_labour_prevalence(_mics(mics_data, CB3=([2], 30.0)), "mics6")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is ChildLabourInputError
    assert (copy.code, copy.params, str(copy)) == (
        info.value.code, info.value.params, str(info.value))
    plain = pickle.loads(pickle.dumps(MeasureInputError("plain")))
    assert plain.code is None and str(plain) == "plain"
