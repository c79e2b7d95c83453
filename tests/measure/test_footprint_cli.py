"""``target87 measure footprint`` through target87.measure.cli.main."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from tests.measure.io_systems import build_system, satellite_csv, save

from target87.measure.cli import main

pymrio = pytest.importorskip("pymrio")

REGIONS = ["north", "south", "east"]


@pytest.fixture
def system(tmp_path):
    io_ = build_system(REGIONS, ["farming", "mining", "services"], with_fy=True)
    path = save(io_, tmp_path / "mrio")
    sat = satellite_csv(io_, tmp_path / "sat.csv")
    pm = pymrio.load_all(path)
    pm.calc_all()
    return path, sat, pm.labour


def test_json_rows_sum_to_pymrio_accounts(capsys, system):
    path, sat, ext = system
    assert main(["footprint", str(path), "--satellite", str(sat), "--stressor", "children",
                 "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) == {"consumer", "producer", "sector", "value", "direct", "indirect"}
    for region in REGIONS:
        consumed = sum(r["value"] for r in rows if r["consumer"] == region)
        assert consumed == pytest.approx(ext.D_cba_reg.loc["children", region], rel=1e-9)
        exported = sum(r["value"] for r in rows
                       if r["producer"] == region and r["consumer"] != region)
        assert exported == pytest.approx(ext.D_exp_reg.loc["children", region], rel=1e-9)
    assert all(r["value"] == pytest.approx(r["direct"] + r["indirect"]) for r in rows)


def test_summary_csv_to_file(tmp_path, capsys, system):
    path, sat, ext = system
    out = tmp_path / "summary.csv"
    assert main(["footprint", str(path), "--satellite", str(sat), "--stressor", "forced",
                 "--summary", "--format", "csv", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["region"] for r in rows] == REGIONS
    assert list(rows[0]) == ["region", "production", "consumption", "exports", "imports"]
    for r in rows:
        assert float(r["production"]) == pytest.approx(ext.D_pba_reg.loc["forced", r["region"]],
                                                       rel=1e-9)
        assert float(r["imports"]) == pytest.approx(ext.D_imp_reg.loc["forced", r["region"]],
                                                    rel=1e-9)


def test_table_from_the_saved_extension(capsys, system):
    path, _sat, ext = system
    assert main(["footprint", str(path), "--stressor", "children", "--summary"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "children: accounts by region"
    assert "production" in text.splitlines()[1]
    north = next(line for line in text.splitlines() if line.startswith("north"))
    production = ext.D_pba_reg.loc["children", "north"]
    assert float(north.split()[1].replace(",", "")) == pytest.approx(production, rel=1e-5)


def test_errors_exit_2_with_the_message(tmp_path, capsys, system):
    path, sat, _ext = system
    assert main(["footprint", str(path), "--satellite", str(sat), "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert "several stressors" in err and "children, forced" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("region,sector,children\natlantis,farming,1\n", encoding="utf-8")
    assert main(["footprint", str(path), "--satellite", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "row 2" in err and "'atlantis'" in err and str(bad) in err


def test_measure_help_does_not_import_numerical_libraries():
    code = ("import sys; from target87.measure.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('numpy', 'scipy', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out.replace("'", '"')) == []
