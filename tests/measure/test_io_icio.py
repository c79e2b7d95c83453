"""OECD ICIO tables: read as pymrio's ICIO parser reads them (split China and Mexico tables
added up), with the same footprints."""

from __future__ import annotations

import numpy as np
import pytest

from target87.measure.io_analysis import IOInputError, footprint, read_mrio, read_satellite

pymrio = pytest.importorskip("pymrio")
pd = pytest.importorskip("pandas")

REGIONS = ["AUS", "CHN", "CN1", "MEX", "MX1"]
SECTORS = ["A01_02", "C10T12", "G"]
FINAL = ["HFCE", "GGFC", "GFCF"]


def _num(v) -> str:
    return repr(float(v))


def write_icio(path, seed=5, break_row=None):
    rng = np.random.default_rng(seed)
    labels = [f"{r}_{s}" for r in REGIONS for s in SECTORS]
    n = len(labels)
    Z = rng.uniform(0, 20, (n, n))
    # The split tables sell only to industries, never to final demand, as in the release.
    fd_regions = [r for r in REGIONS if r in ("AUS", "CHN", "MEX")]
    fd = [f"{r}_{c}" for r in fd_regions for c in FINAL]
    Y = rng.uniform(10, 60, (n, len(fd)))
    out = Z.sum(axis=1) + Y.sum(axis=1)
    if break_row is not None:
        out[break_row] *= 1.2
    tls = rng.uniform(0, 5, n)
    va = out - Z.sum(axis=0) - tls
    lines = [",".join(["V1", *labels, *fd, "OUT"])]
    for i, lab in enumerate(labels):
        lines.append(",".join([lab, *map(_num, Z[i]), *map(_num, Y[i]), _num(out[i])]))
    lines.append(",".join(["TLS", *map(_num, tls), *(["0"] * len(fd)), ""]))
    lines.append(",".join(["VA", *map(_num, va), *(["0"] * len(fd)), ""]))
    lines.append(",".join(["OUT", *map(_num, out), *(["0"] * len(fd)), ""]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_icio_reads_like_pymrio_and_gives_its_footprints(tmp_path):
    path = write_icio(tmp_path / "ICIO2023_2019.csv")
    mrio = read_mrio(path)
    assert mrio.format == "icio"
    assert mrio.regions == ["AUS", "CHN", "MEX"]  # CN1 into CHN, MX1 into MEX
    assert mrio.sectors == SECTORS
    assert mrio.y_labels[0] == ("AUS", "HFCE")
    ref = pymrio.parse_oecd(path)
    assert [tuple(t) for t in ref.Z.index] == mrio.labels
    np.testing.assert_allclose(mrio.Z, ref.Z.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(mrio.Y, ref.Y.to_numpy(), rtol=1e-12)
    # Children by region and sector, as a satellite CSV; the same extension on pymrio's side.
    rng = np.random.default_rng(1)
    F = rng.uniform(0, 1000, mrio.n)
    sat_path = tmp_path / "children.csv"
    sat_path.write_text("region,sector,children\n" + "".join(
        f"{r},{s},{_num(v)}\n" for (r, s), v in zip(mrio.labels, F, strict=True)), encoding="utf-8")
    sat = read_satellite(sat_path, mrio)
    ref.labour = pymrio.Extension(
        name="labour", F=pd.DataFrame([F], index=pd.Index(["children"], name="stressor"),
                                      columns=ref.Z.columns))
    ref.calc_all()
    fp = footprint(mrio, sat)
    summary = fp.summary("children")
    for key, acc in (("production", "D_pba_reg"), ("consumption", "D_cba_reg"),
                     ("exports", "D_exp_reg"), ("imports", "D_imp_reg")):
        ours = np.array([r[key] for r in summary])
        theirs = getattr(ref.labour, acc).loc["children", [r["region"] for r in summary]]
        np.testing.assert_allclose(ours, theirs.to_numpy(), rtol=1e-9)


def test_icio_zipped_as_the_oecd_distributes_it(tmp_path):
    import zipfile

    path = write_icio(tmp_path / "ICIO2023_2019.csv")
    archive = tmp_path / "ICIO2023_2019.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(path, "ICIO2023_2019.csv")
    plain, zipped = read_mrio(path), read_mrio(archive)
    assert zipped.labels == plain.labels and zipped.source == str(archive)
    np.testing.assert_array_equal(zipped.Z, plain.Z)
    np.testing.assert_array_equal(zipped.x, plain.x)
    broken = write_icio(tmp_path / "broken.csv", break_row=2)
    with zipfile.ZipFile(tmp_path / "broken.zip", "w") as zf:
        zf.write(broken, "broken.csv")
    with pytest.raises(IOInputError) as info:
        read_mrio(tmp_path / "broken.zip")
    assert f"{tmp_path / 'broken.zip'}:broken.csv row 4" in str(info.value)


def test_icio_output_column_that_does_not_balance(tmp_path):
    path = write_icio(tmp_path / "icio.csv", break_row=4)
    with pytest.raises(IOInputError) as info:
        read_mrio(path)
    assert info.value.code == "io_z_x_mismatch"
    message = str(info.value)
    assert str(path) in message and "row 6" in message and "CHN / C10T12" in message


def test_icio_industry_row_without_a_column(tmp_path):
    path = write_icio(tmp_path / "icio.csv")
    text = path.read_text(encoding="utf-8").replace("\nAUS_G,", "\nAUS_H,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IOInputError) as info:
        read_mrio(path)
    assert info.value.code == "io_z_labels_differ"
    assert "row 4" in str(info.value) and "AUS_H" in str(info.value)
