"""Readers: SPSS/Stata files through pyreadstat without pandas, user-missing codes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from target87.measure.child_labour import child_labour_prevalence
from target87.measure.readers import list_columns, read_table

NO_PANDAS = textwrap.dedent(
    """
    import json, sys
    sys.modules["pandas"] = None  # any "import pandas" now raises ImportError
    from target87.measure.readers import list_columns, read_table
    from target87.measure.child_labour import child_labour_prevalence
    path = sys.argv[1]
    table = read_table(path, ["HL4", "CL3"])
    rows = child_labour_prevalence(path, "mics6").rows
    print(json.dumps({
        "columns": list_columns(path),
        "dtype": str(table["CL3"].dtype),
        "label": table.label("HL4", 2.0),
        "estimates": [r["estimate"] for r in rows],
        "se": [r["se"] for r in rows],
        "pandas_loaded": sys.modules.get("pandas") is not None,
    }))
    """
)


def test_reading_sav_does_not_need_pandas(mics_sav):
    proc = subprocess.run([sys.executable, "-c", NO_PANDAS, str(mics_sav)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["pandas_loaded"] is False
    assert "CL3" in out["columns"] and "fsweight" in out["columns"]
    assert out["dtype"] == "float64"
    assert out["label"] == "Female"
    here = child_labour_prevalence(mics_sav, "mics6").rows
    assert out["estimates"] == pytest.approx([r["estimate"] for r in here], abs=1e-12)
    assert out["se"] == pytest.approx([r["se"] for r in here], rel=1e-12)


def test_sav_numeric_columns_are_float_with_nan_for_missing(mics_sav, mics_data):
    table = read_table(mics_sav, ["CL3", "CL10"])
    for name in ("CL3", "CL10"):
        arr = table[name]
        assert arr.dtype == np.float64
        np.testing.assert_array_equal(np.isnan(arr), np.isnan(mics_data[name]))


def test_declared_user_missing_codes_are_not_hours(tmp_path, mics_data):
    import pandas as pd
    import pyreadstat

    plain = tmp_path / "plain.sav"
    declared = tmp_path / "declared.sav"
    frame = pd.DataFrame(mics_data)
    pyreadstat.write_sav(frame, str(plain))
    pyreadstat.write_sav(frame, str(declared),
                         missing_ranges={"CL3": [{"lo": 97, "hi": 99}],
                                         "CL13": [{"lo": 97, "hi": 99}]})
    table = read_table(declared, ["CL3"])
    assert not np.isin(table["CL3"], [97, 98, 99]).any()
    assert np.isnan(table["CL3"]).sum() == np.isnan(mics_data["CL3"]).sum() + 3
    a = child_labour_prevalence(plain, "mics6").rows
    b = child_labour_prevalence(declared, "mics6").rows
    assert [r["estimate"] for r in a] == pytest.approx([r["estimate"] for r in b], abs=1e-12)
    assert list_columns(declared) == list(mics_data)
