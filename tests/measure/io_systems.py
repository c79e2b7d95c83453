"""Small MRIO systems written by pymrio itself, for the footprint tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

CATEGORIES = ["Final consumption expenditure by households", "Gross fixed capital formation"]


def build_system(regions: list[str], sectors: list[str], *, stressors=("children", "forced"),
                 with_fy: bool = False, with_x: bool = False, seed: int = 3):
    """A balanced random system as a pymrio IOSystem with a 'labour' extension."""
    import pymrio

    rng = np.random.default_rng(seed)
    rows = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
    n = len(rows)
    Z = rng.uniform(0, 10, (n, n)) * (rng.random((n, n)) < 0.7)
    ycols = pd.MultiIndex.from_product([regions, CATEGORIES], names=["region", "category"])
    Y = rng.uniform(5, 40, (n, len(ycols)))
    # Some final demand negative (changes in inventories) as in real tables.
    Y[0, -1] = -2.0
    Zdf = pd.DataFrame(Z, index=rows, columns=rows)
    Ydf = pd.DataFrame(Y, index=rows, columns=ycols)
    unit = pd.DataFrame("M.EUR", index=rows, columns=["unit"])
    io = pymrio.IOSystem(Z=Zdf, Y=Ydf, unit=unit, name="test")
    if with_x:
        io.x = pymrio.calc_x(Zdf, Ydf)
    sidx = pd.Index(list(stressors), name="stressor")
    F = pd.DataFrame(rng.uniform(0, 100, (len(stressors), n)) * (rng.random((len(stressors), n))
                                                                 < 0.8), index=sidx, columns=rows)
    ext = {"F": F, "unit": pd.DataFrame("persons", index=sidx, columns=["unit"])}
    if with_fy:
        ext["F_Y"] = pd.DataFrame(rng.uniform(0, 50, (len(stressors), len(ycols))), index=sidx,
                                  columns=ycols)
    io.labour = pymrio.Extension(name="labour", **ext)
    return io


def save(io, path: Path, table_format: str = "txt") -> Path:
    io.save_all(path, table_format=table_format)
    return path


def satellite_csv(io, path: Path, *, with_fy: bool = True) -> Path:
    """The 'labour' extension as a satellite CSV (region, sector, one column per stressor)."""
    F = io.labour.F
    lines = ["region,sector," + ",".join(F.index)]
    for (region, sector), col in F.T.iterrows():
        lines.append(f"{region},{sector}," + ",".join(repr(float(v)) for v in col))
    if with_fy and io.labour.F_Y is not None:
        for (region, category), col in io.labour.F_Y.T.iterrows():
            lines.append(f"{region},{category}," + ",".join(repr(float(v)) for v in col))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
