"""Synthetic MICS6-like children's (fs) files for the child labour tests."""

from __future__ import annotations

import numpy as np
import pytest

SEX_LABELS = {1: "Male", 2: "Female"}
YES_NO = {1: "Yes", 2: "No", 9: "No response"}
HOURS_LABELS = {97: "Inconsistent", 98: "DK", 99: "No response"}


def make_mics(n_clusters: int = 60, per_cluster: int = 8, seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = n_clusters * per_cluster
    hh1 = np.repeat(np.arange(1, n_clusters + 1), per_cluster).astype(float)
    stratum = np.ceil(hh1 / 4)
    hh6 = (stratum % 2 + 1).astype(float)
    age = rng.integers(5, 18, n).astype(float)
    sex = rng.integers(1, 3, n).astype(float)
    weight = np.repeat(rng.uniform(0.5, 2.0, n_clusters), per_cluster).round(6)
    econ = rng.random(n) < 0.4
    cl1 = {k: np.where(econ & (rng.random(n) < 0.6), 1.0, 2.0) for k in "ABCX"}
    any_econ = np.any([v == 1 for v in cl1.values()], axis=0)
    cl3 = np.where(any_econ, rng.integers(0, 60, n), np.nan).astype(float)
    cl3[np.flatnonzero(any_econ)[:3]] = [97, 98, 99]
    chores = rng.random(n) < 0.7
    cl7 = np.where(chores, 1.0, 2.0)
    cl8 = np.where(chores, rng.integers(0, 12, n), np.nan).astype(float)
    cl9 = np.where(chores & (rng.random(n) < 0.5), 1.0, 2.0)
    cl10 = np.where(cl9 == 1, rng.integers(0, 10, n), np.nan).astype(float)
    cl13 = np.where(chores, rng.integers(0, 20, n), np.nan).astype(float)
    cl13[np.flatnonzero(chores)[:2]] = 98
    cols = {
        "HH1": hh1, "stratum": stratum, "HH6": hh6, "CB3": age, "HL4": sex,
        "fsweight": weight, "FS17": np.ones(n),
        **{f"CL1{k}": v for k, v in cl1.items()},
        "CL3": cl3, "CL4": np.where(rng.random(n) < 0.1, 1.0, 2.0), "CL5": np.full(n, 2.0),
        "CL7": cl7, "CL8": cl8, "CL9": cl9, "CL10": cl10, "CL13": cl13,
    }
    return cols


@pytest.fixture
def mics_data() -> dict[str, np.ndarray]:
    return make_mics()


@pytest.fixture
def mics_sav(tmp_path, mics_data):
    import pandas as pd
    import pyreadstat

    path = tmp_path / "fs.sav"
    labels = {"HL4": SEX_LABELS, "CL3": HOURS_LABELS, "CL13": HOURS_LABELS,
              **{c: YES_NO for c in mics_data if c.startswith("CL1") and len(c) == 4}}
    pyreadstat.write_sav(pd.DataFrame(mics_data), str(path), variable_value_labels=labels)
    return path
