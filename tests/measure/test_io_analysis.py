"""Input-output footprints: hand-computed textbook systems, and agreement with pymrio's
calc_all() on systems pymrio itself writes (one region; three regions; final-demand
stressors F_Y), in text, Parquet and zip form."""

from __future__ import annotations

import shutil
from fractions import Fraction

import numpy as np
import pytest
from tests.measure.io_systems import build_system, satellite_csv, save

from target87.measure.io_analysis import (
    MRIO,
    Satellite,
    footprint,
    read_mrio,
    read_satellite,
)

pymrio = pytest.importorskip("pymrio")

RTOL = 1e-9


def close(ours, theirs, rtol=RTOL):
    ours = np.asarray(ours, dtype=float)
    theirs = np.asarray(theirs, dtype=float)
    assert ours.shape == theirs.shape
    scale = np.maximum(np.abs(theirs), 1e-12 * np.abs(theirs).max(initial=1.0))
    assert np.all(np.abs(ours - theirs) <= rtol * scale), np.max(np.abs(ours - theirs) / scale)


# --------------------------------------------------------------------------- by hand


def textbook_one_region() -> MRIO:
    # Miller and Blair (2009), section 2.3: two sectors, Z, final demand and output.
    labels = [("R", "agriculture"), ("R", "manufacturing")]
    Z = np.array([[150.0, 500.0], [200.0, 100.0]])
    Y = np.array([[350.0], [1700.0]])
    return MRIO(labels=labels, Z=Z, x=np.array([1000.0, 2000.0]), Y=Y,
                y_labels=[("R", "households")], source="textbook")


def test_textbook_two_sectors_by_hand():
    mrio = textbook_one_region()
    sat = Satellite(["workers"], np.array([[50.0, 40.0]]))
    fp = footprint(mrio, sat)
    # s = F / x = (0.05, 0.02); (I - A)^-1 = [[0.95, 0.25], [0.2, 0.85]] / 0.7575
    m = fp.multipliers("workers")
    assert m[("R", "agriculture")] == pytest.approx(float(Fraction(103, 1515)), rel=1e-12)
    assert m[("R", "manufacturing")] == pytest.approx(float(Fraction(59, 1515)), rel=1e-12)
    rows = {r["sector"]: r for r in fp.rows("workers")}
    # All output ends in the region's own final demand: value = F; direct = s * y.
    assert rows["agriculture"]["value"] == pytest.approx(50.0, rel=1e-12)
    assert rows["agriculture"]["direct"] == pytest.approx(17.5, rel=1e-12)
    assert rows["agriculture"]["indirect"] == pytest.approx(32.5, rel=1e-12)
    assert rows["manufacturing"]["direct"] == pytest.approx(34.0, rel=1e-12)
    assert rows["manufacturing"]["indirect"] == pytest.approx(6.0, rel=1e-12)
    (summary,) = fp.summary("workers")
    assert summary["production"] == pytest.approx(90.0, rel=1e-12)
    assert summary["consumption"] == pytest.approx(90.0, rel=1e-12)
    assert summary["exports"] == 0 and summary["imports"] == 0


def two_regions() -> MRIO:
    labels = [("A", "goods"), ("B", "goods")]
    Z = np.array([[0.0, 20.0], [30.0, 0.0]])
    Y = np.array([[80.0, 0.0], [10.0, 60.0]])
    return MRIO(labels=labels, Z=Z, x=np.array([100.0, 100.0]), Y=Y,
                y_labels=[("A", "households"), ("B", "households")], source="two regions")


def test_two_regions_exports_and_imports_by_hand():
    fp = footprint(two_regions(), Satellite(["children"], np.array([[10.0, 0.0]])))
    # (I - A)^-1 = [[1, 0.2], [0.3, 1]] / 0.94; s = (0.1, 0)
    rows = {(r["consumer"], r["producer"]): r for r in fp.rows("children")}
    assert rows[("A", "A")]["value"] == pytest.approx(410 / 47, rel=1e-12)
    assert rows[("B", "A")]["value"] == pytest.approx(60 / 47, rel=1e-12)
    # B buys nothing from A for final use: all of it comes through B's inputs.
    assert rows[("B", "A")]["direct"] == 0
    assert rows[("B", "A")]["indirect"] == pytest.approx(60 / 47, rel=1e-12)
    assert rows[("A", "B")]["value"] == 0
    summary = {r["region"]: r for r in fp.summary("children")}
    assert summary["A"]["production"] == pytest.approx(10.0, rel=1e-12)
    assert summary["A"]["exports"] == pytest.approx(60 / 47, rel=1e-12)
    assert summary["B"]["imports"] == pytest.approx(60 / 47, rel=1e-12)
    assert summary["B"]["consumption"] == pytest.approx(60 / 47, rel=1e-12)
    assert summary["B"]["production"] == 0
    m = fp.multipliers("children")
    assert m[("A", "goods")] == pytest.approx(5 / 47, rel=1e-12)
    assert m[("B", "goods")] == pytest.approx(1 / 47, rel=1e-12)


# --------------------------------------------------------------------------- pymrio agreement


def pymrio_accounts(path):
    io = pymrio.load_all(path)
    io.calc_all()
    return io.labour


def assert_agrees(fp, ext, stressors):
    assert fp.stressors == list(stressors)
    for k, name in enumerate(stressors):
        summary = fp.summary(name)
        regions = [r["region"] for r in summary]
        assert regions == list(ext.D_cba_reg.columns)
        close([r["production"] for r in summary], ext.D_pba_reg.iloc[k])
        close([r["consumption"] for r in summary], ext.D_cba_reg.iloc[k])
        close([r["exports"] for r in summary], ext.D_exp_reg.iloc[k])
        close([r["imports"] for r in summary], ext.D_imp_reg.iloc[k])
        m = fp.multipliers(name)
        assert list(m) == list(ext.M.columns)
        close(list(m.values()), ext.M.iloc[k])
        producers = fp.by_producer(name)
        close([r["production"] for r in producers], ext.D_pba.iloc[k])
        close([r["exports"] for r in producers], ext.D_exp.iloc[k])
        products = fp.by_product(name)
        assert [(r["consumer"], r["sector"]) for r in products] == list(ext.D_cba.columns)
        close([r["value"] for r in products], ext.D_cba.iloc[k])
        close([r["imports"] for r in products], ext.D_imp.iloc[k])


@pytest.mark.parametrize(
    ("regions", "with_fy", "with_x", "table_format"),
    [
        (["only"], False, False, "txt"),
        (["only"], False, True, "parquet"),
        (["north", "south", "east"], False, True, "txt"),
        (["north", "south", "east"], False, False, "parquet"),
        (["north", "south", "east"], True, True, "txt"),
        (["north", "south", "east"], True, False, "parquet"),
    ],
)
def test_agrees_with_pymrio_calc_all(tmp_path, regions, with_fy, with_x, table_format):
    io = build_system(regions, ["farming", "mining", "textiles", "services", "trade"],
                      with_fy=with_fy, with_x=with_x)
    path = save(io, tmp_path / "mrio", table_format)
    ext = pymrio_accounts(path)
    mrio = read_mrio(path)
    assert mrio.regions == regions
    fp = footprint(mrio)  # the extension saved with the system
    assert_agrees(fp, ext, ["children", "forced"])
    # The same stressors given as a satellite CSV (F_Y as rows of final-demand categories).
    mrio = read_mrio(path)
    sat = read_satellite(satellite_csv(io, tmp_path / "sat.csv"), mrio)
    assert (sat.F_Y is not None) == with_fy
    assert_agrees(footprint(mrio, sat), ext, ["children", "forced"])


def test_zip_of_a_pymrio_folder(tmp_path):
    io = build_system(["north", "south"], ["farming", "mining", "services"], with_fy=True)
    path = save(io, tmp_path / "saved" / "mrio")
    archive = shutil.make_archive(str(tmp_path / "mrio"), "zip", tmp_path / "saved")
    ext = pymrio_accounts(path)
    mrio = read_mrio(archive)
    assert mrio.format == "pymrio" and mrio.n == 6
    assert_agrees(footprint(mrio), ext, ["children", "forced"])


def test_rows_sum_to_every_account(tmp_path):
    io = build_system(["north", "south", "east"], ["farming", "mining", "services"],
                      with_fy=True)
    mrio = read_mrio(save(io, tmp_path / "mrio"))
    fp = footprint(mrio, stressors=["children"])
    rows = list(fp.rows("children"))
    consumers, n = len(mrio.consumers), mrio.n
    fy_rows = [r for r in rows if r["sector"] not in mrio.sectors]
    assert len(rows) - len(fy_rows) == consumers * n
    assert {r["sector"] for r in fy_rows} <= set(mrio.categories)
    for r in rows:
        assert r["value"] == pytest.approx(r["direct"] + r["indirect"], rel=1e-12, abs=1e-12)
    for acc in fp.summary("children"):
        reg = acc["region"]
        assert sum(r["value"] for r in rows if r["consumer"] == reg) == pytest.approx(
            acc["consumption"], rel=1e-12)
        assert sum(r["value"] for r in rows if r["producer"] == reg) == pytest.approx(
            acc["production"], rel=1e-12)
        assert sum(r["value"] for r in rows if r["producer"] == reg and r["consumer"] != reg) \
            == pytest.approx(acc["exports"], rel=1e-12)
        assert sum(r["value"] for r in rows if r["consumer"] == reg and r["producer"] != reg) \
            == pytest.approx(acc["imports"], rel=1e-12)
    # Production is the satellite itself (plus final demand's own stressor).
    total_f = io.labour.F.loc["children"].sum() + io.labour.F_Y.loc["children"].sum()
    assert sum(a["production"] for a in fp.summary("children")) == pytest.approx(total_f)


def test_blocks_solver_and_cached_factors_give_the_same_result(tmp_path):
    io = build_system(["north", "south", "east", "west"], ["a", "b", "c"], with_fy=True)
    path = save(io, tmp_path / "mrio")
    ext = pymrio_accounts(path)
    seen = []
    mrio = read_mrio(path)
    fp = footprint(mrio, block_size=1, progress=seen.append)
    assert_agrees(fp, ext, ["children", "forced"])
    assert seen[0] == 0.0 and seen[-1] == pytest.approx(1.0)
    assert seen == sorted(seen) and len(seen) >= 5  # one report per block of consumers
    factors = mrio.leontief
    assert mrio.Z is None and factors is not None  # Z factorised in place, kept for reuse
    assert_agrees(footprint(mrio, stressors=["forced"]), _only(ext, "forced"), ["forced"])
    assert mrio.leontief is factors
    sparse = footprint(read_mrio(path), solver="sparse")
    assert sparse._lf.solver == "sparse"
    assert_agrees(sparse, ext, ["children", "forced"])


def _only(ext, name):
    """A view of pymrio's accounts restricted to one stressor (same attribute names)."""

    class One:
        pass

    one = One()
    for attr in ("D_cba_reg", "D_pba_reg", "D_exp_reg", "D_imp_reg", "M", "D_pba", "D_exp",
                 "D_cba", "D_imp"):
        setattr(one, attr, getattr(ext, attr).loc[[name]])
    return one
