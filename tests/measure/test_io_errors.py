"""Bad MRIO and satellite input: each problem is a coded error naming the file, row and
label, and nothing is computed from it."""

from __future__ import annotations

import numpy as np
import pytest
from tests.measure.io_systems import build_system, save

from target87.measure.io_analysis import (
    MRIO,
    IOInputError,
    Satellite,
    footprint,
    read_mrio,
    read_satellite,
)

pytest.importorskip("pymrio")

SECTORS = ["farming", "mining", "services"]


@pytest.fixture
def saved(tmp_path):
    io = build_system(["north", "south"], SECTORS, with_x=True)
    return save(io, tmp_path / "mrio")


def _sat(tmp_path, body: str):
    path = tmp_path / "sat.csv"
    path.write_text("region,sector,children,forced\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ("north,farming,1,2\nwest,farming,3,4\n", "io_satellite_region_unknown",
         ["row 3", "'west'", "north, south"]),
        ("north,fishing,1,2\n", "io_satellite_sector_unknown", ["row 2", "'fishing'"]),
        ("north,farming,1,2\nsouth,mining,-4,0\n", "io_satellite_value_negative",
         ["row 3", "south", "mining", "'children'", "-4"]),
        ("north,farming,1,nan\n", "io_satellite_value_not_finite",
         ["row 2", "farming", "'forced'", "nan"]),
        ("north,farming,inf,1\n", "io_satellite_value_not_finite", ["row 2", "'children'"]),
        ("north,farming,many,1\n", "io_satellite_value_not_number",
         ["row 2", "'many'", "'children'"]),
        ("north,farming,,1\n", "io_satellite_value_not_number", ["row 2", "'children'"]),
        ("north,farming,1,2\nnorth,farming,3,4\n", "io_satellite_row_duplicate",
         ["row 3", "row 2", "'farming'"]),
        ("north,farming,1\n", "io_satellite_row_ragged", ["row 2"]),
    ],
)
def test_satellite_errors_name_file_row_and_label(tmp_path, saved, body, code, words):
    mrio = read_mrio(saved)
    path = _sat(tmp_path, body)
    with pytest.raises(IOInputError) as info:
        read_satellite(path, mrio)
    assert info.value.code == code
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message, message
    assert info.value.params["file"] == str(path)


def test_satellite_without_region_column(tmp_path, saved):
    path = tmp_path / "sat.csv"
    path.write_text("country,sector,children\nnorth,farming,1\n", encoding="utf-8")
    with pytest.raises(IOInputError) as info:
        read_satellite(path, read_mrio(saved))
    assert info.value.code == "io_satellite_column_missing"
    assert "'region'" in str(info.value)


def test_satellite_good_file_is_read(tmp_path, saved):
    mrio = read_mrio(saved)
    sat = read_satellite(_sat(tmp_path, "north,farming,1,2\nsouth,services,3.5,0\n\n"), mrio)
    assert sat.stressors == ["children", "forced"]
    assert sat.F[:, mrio.labels.index(("south", "services"))].tolist() == [3.5, 0.0]
    assert sat.F.sum() == pytest.approx(6.5)
    assert sat.F_Y is None


def _edit(path, name, old, new):
    file = path / name
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_x_that_does_not_match_z(saved):
    lines = (saved / "x.txt").read_text(encoding="utf-8").splitlines()
    cells = lines[3].split("\t")  # south / farming? the third data row
    cells[-1] = str(float(cells[-1]) * 1.5)
    lines[3] = "\t".join(cells)
    (saved / "x.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(IOInputError) as info:
        read_mrio(saved)
    assert info.value.code == "io_z_x_mismatch"
    message = str(info.value)
    assert str(saved / "x.txt") in message and "row 4" in message
    assert " / ".join(cells[:2]) in message


def test_x_with_a_label_z_does_not_have(saved):
    _edit(saved, "x.txt", "south\tmining", "south\tquarrying")
    with pytest.raises(IOInputError) as info:
        read_mrio(saved)
    assert info.value.code == "io_rows_differ_from_z"
    assert "south / quarrying" in str(info.value) and "x.txt" in str(info.value)


def test_z_whose_columns_are_not_its_rows(saved):
    lines = (saved / "Z.txt").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("mining", "fishing", 1)
    (saved / "Z.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(IOInputError) as info:
        read_mrio(saved)
    assert info.value.code == "io_z_labels_differ"
    assert "north / mining" in str(info.value) and "Z.txt" in str(info.value)


def test_non_finite_and_non_numeric_flows(saved):
    lines = (saved / "Z.txt").read_text(encoding="utf-8").splitlines()
    cells = lines[4].split("\t")
    cells[3] = "nan"
    lines[4] = "\t".join(cells)
    (saved / "Z.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(IOInputError) as info:
        read_mrio(saved)
    assert info.value.code == "io_value_not_finite"
    assert "row 5" in str(info.value) and "north / mining" in str(info.value)
    cells[3] = "lots"
    lines[4] = "\t".join(cells)
    (saved / "Z.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(IOInputError) as info:
        read_mrio(saved)
    assert info.value.code == "io_value_not_number"
    assert "'lots'" in str(info.value) and "Z.txt row 5" in str(info.value)
    assert "north / mining" in str(info.value)


def closed_loop() -> MRIO:
    # Two sectors that sell all they make to each other: no value added, no final demand.
    labels = [("R", "a"), ("R", "b"), ("R", "c")]
    Z = np.array([[0.0, 10.0, 0.0], [10.0, 0.0, 0.0], [1.0, 1.0, 0.0]])
    Y = np.array([[0.0], [0.0], [5.0]])
    x = Z.sum(axis=1) + Y.sum(axis=1)
    return MRIO(labels=labels, Z=Z, x=x, Y=Y, y_labels=[("R", "households")], source="loop")


@pytest.mark.parametrize("solver", ["dense", "sparse"])
def test_singular_i_minus_a(solver):
    mrio = closed_loop()
    mrio.files["Z"] = "loop/Z.txt"
    with pytest.raises(IOInputError) as info:
        footprint(mrio, Satellite(["children"], np.array([[1.0, 0, 0]])), solver=solver)
    assert info.value.code == "io_singular"
    message = str(info.value)
    assert "loop/Z.txt" in message and "singular" in message
    assert info.value.params["label"] in ("R / a", "R / b")


def test_singular_system_read_from_files(tmp_path):
    import pandas as pd
    import pymrio

    idx = pd.MultiIndex.from_tuples([("R", "a"), ("R", "b"), ("R", "c")],
                                    names=["region", "sector"])
    m = closed_loop()
    io = pymrio.IOSystem(
        Z=pd.DataFrame(m.Z, index=idx, columns=idx),
        Y=pd.DataFrame(m.Y, index=idx, columns=pd.MultiIndex.from_tuples(
            [("R", "households")], names=["region", "category"])))
    io.save_all(tmp_path / "loop")
    mrio = read_mrio(tmp_path / "loop")
    with pytest.raises(IOInputError) as info:
        footprint(mrio, Satellite(["children"], np.array([[1.0, 0, 0]])))
    assert info.value.code == "io_singular"
    assert str(tmp_path / "loop" / "Z.txt") in str(info.value)


def test_stressor_in_a_sector_without_output():
    labels = [("R", "a"), ("R", "b")]
    mrio = MRIO(labels=labels, Z=np.array([[1.0, 0.0], [0.0, 0.0]]), x=np.array([5.0, 0.0]),
                Y=np.array([[4.0], [0.0]]), y_labels=[("R", "h")], source="m")
    with pytest.raises(IOInputError) as info:
        footprint(mrio, Satellite(["children"], np.array([[0.0, 3.0]]), source="sat.csv"))
    assert info.value.code == "io_satellite_no_output"
    assert "R / b" in str(info.value) and "sat.csv" in str(info.value)


def test_unknown_stressor_and_path(tmp_path, saved):
    with pytest.raises(IOInputError) as info:
        footprint(read_mrio(saved), stressors=["slavery"])
    assert info.value.code == "io_stressor_unknown"
    assert "children, forced" in str(info.value)
    with pytest.raises(IOInputError) as info:
        read_mrio(tmp_path / "nowhere")
    assert info.value.code == "io_path_missing"
    (tmp_path / "empty").mkdir()
    with pytest.raises(IOInputError) as info:
        read_mrio(tmp_path / "empty")
    assert info.value.code == "io_not_pymrio"


def test_negative_total_output():
    from target87.measure.io_readers import _output

    with pytest.raises(IOInputError) as info:
        _output(np.zeros((2, 2)), np.array([[1.0], [-2.0]]), None, [("R", "a"), ("R", "b")],
                "Z.txt", None)
    assert info.value.code == "io_output_negative"
    assert "R / b" in str(info.value)
