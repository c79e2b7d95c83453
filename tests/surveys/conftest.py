"""Small survey files for the web flow: a plain CSV and a MICS6-like SPSS file."""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogue(db):
    """The monitoring indicator catalogue (CL_PREV_ECON and CL_PREV_ECON_CHORES)."""
    from target87.monitoring.services import load_catalogue

    load_catalogue()


def survey_frame(n_strata=3, psus=4, per_psu=8, seed=87) -> dict[str, np.ndarray]:
    """Children aged 5-17 in ``n_strata`` strata of ``psus`` clusters, unequal weights."""
    rng = np.random.default_rng(seed)
    n = n_strata * psus * per_psu
    stratum = np.repeat(np.arange(1, n_strata + 1), psus * per_psu)
    cluster = np.repeat(np.arange(1, n_strata * psus + 1), per_psu)
    age = rng.integers(5, 18, n)
    econ = np.where(rng.random(n) < 0.35, rng.integers(0, 50, n), 0)
    chores = np.where(rng.random(n) < 0.5, rng.integers(0, 30, n), 0)
    return {
        "cluster": cluster.astype(float),
        "stratum": stratum.astype(float),
        "age": age.astype(float),
        "sex": rng.integers(1, 3, n).astype(float),
        "area": rng.choice([1.0, 2.0], n),
        "weight": rng.uniform(0.5, 3.0, n).round(4),
        "econ_hours": econ.astype(float),
        "chores_hours": chores.astype(float),
    }


def write_csv(path, frame, bad_row=None):
    cols = list(frame)
    lines = [",".join(cols)]
    n = len(frame[cols[0]])
    for i in range(n):
        cells = []
        for c in cols:
            v = frame[c][i]
            cells.append(f"{v:g}")
        if bad_row is not None and i == bad_row:
            cells[cols.index("econ_hours")] = "lots"
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def survey_csv(tmp_path):
    return write_csv(tmp_path / "lfs-2019.csv", survey_frame())


@pytest.fixture
def bad_csv(tmp_path):
    # Row 3 of the data (file line 4) has text in the hours column.
    return write_csv(tmp_path / "lfs-bad.csv", survey_frame(), bad_row=2)


YES_NO = {1.0: "Yes", 2.0: "No"}
HOURS = {97.0: "Does not know", 98.0: "Refused", 99.0: "No response"}


def mics6_frame(seed=8, n_strata=2, psus=5, per_psu=10):
    rng = np.random.default_rng(seed)
    n = n_strata * psus * per_psu
    yes = lambda p: np.where(rng.random(n) < p, 1.0, 2.0)  # noqa: E731
    econ_any = yes(0.4)
    cl3 = np.where(econ_any == 1, rng.integers(1, 50, n), np.nan).astype(float)
    cl3[:3] = [97, 98, 99]  # response codes, not hours
    data = {
        "HH1": np.repeat(np.arange(1, n_strata * psus + 1), per_psu).astype(float),
        "stratum": np.repeat(np.arange(1, n_strata + 1), psus * per_psu).astype(float),
        "CB3": rng.integers(5, 18, n).astype(float),
        "HL4": rng.integers(1, 3, n).astype(float),
        "fsweight": rng.uniform(0.4, 2.5, n).round(5),
        "FS17": np.where(rng.random(n) < 0.95, 1.0, 2.0),
        "CL1A": econ_any, "CL1B": yes(0.1), "CL1C": yes(0.05), "CL1X": yes(0.05),
        "CL3": cl3,
        "CL4": yes(0.1), "CL5": yes(0.1), "CL6A": yes(0.05), "CL6B": yes(0.05),
        "CL6C": yes(0.05), "CL6D": yes(0.05), "CL6E": yes(0.05), "CL6X": yes(0.05),
        "CL7": yes(0.6), "CL8": rng.integers(0, 20, n).astype(float),
        "CL9": yes(0.5), "CL10": rng.integers(0, 15, n).astype(float),
        "CL11A": yes(0.3), "CL11B": yes(0.2), "CL11C": yes(0.2), "CL11D": yes(0.2),
        "CL11E": yes(0.1), "CL11F": yes(0.1), "CL11X": yes(0.05),
        "CL13": rng.integers(0, 25, n).astype(float),
    }
    return data


@pytest.fixture
def mics6_sav(tmp_path):
    import pandas as pd
    import pyreadstat

    data = mics6_frame()
    path = tmp_path / "fs.sav"
    labels = {"HL4": {1.0: "Male", 2.0: "Female"}, "CL3": HOURS, "CL13": HOURS,
              **{c: YES_NO for c in data if c.startswith(("CL1", "CL4", "CL5", "CL6", "CL7",
                                                          "CL9", "CL11"))
                 and c not in ("CL13", "CL10")}}
    pyreadstat.write_sav(pd.DataFrame(data), str(path), variable_value_labels=labels)
    return path
