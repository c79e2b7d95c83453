"""Input-output footprints: target87 against pymrio's calc_all() and a bare LU solve.

One synthetic system of 49 regions x 200 sectors (n = 9,800, EXIOBASE's size), five
final-demand categories per region and an extension of three stressors with final-demand
stressors (F_Y), written once by pymrio's ``save_all`` in Parquet. Each case runs in a fresh
process that reads the same files:

* ``pymrio``: ``pymrio.load_all(path)`` then ``calc_all()`` (A, L = (I - A)^-1, x, S, S_Y,
  M, D_cba, D_pba, D_imp, D_exp and their per-region sums);
* ``target87``: ``read_mrio(path)`` then ``footprint()`` for the three stressors, then every
  account pymrio gives: ``summary`` (per-region production, consumption, exports, imports),
  ``multipliers``, ``by_producer`` (D_pba, D_exp) and ``by_product`` (D_cba, D_imp);
* ``bare-lu``: ``read_mrio(path)``, then (I - A) built from Z and x, ``scipy.linalg.lu_factor``
  and ``lu_solve`` for the 49 regions' final demand: the least any exact method must do.

``seconds`` is the wall time of the computation after reading; ``read_seconds`` the reading;
``peak_rss_mb`` the process's peak resident memory (reading included, ru_maxrss). The 1-minute
load average is recorded before and after each case (the machine is shared).

    .venv/bin/python benchmarks/footprint_bench.py                 # writes footprint_results.json
    .venv/bin/python benchmarks/footprint_bench.py --regions 10 --sectors 50 --out /tmp/x.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

CASES = ["bare-lu", "target87", "pymrio", "target87", "bare-lu"]
STRESSORS = ["children in child labour", "children in hazardous work",
             "persons in forced labour"]
CATEGORIES = ["households", "NPISH", "government", "GFCF", "inventories"]


def build(path: Path, regions: int, sectors: int, seed: int = 87) -> None:
    """Write the synthetic system with pymrio (Parquet)."""
    import numpy as np
    import pandas as pd
    import pymrio

    rng = np.random.default_rng(seed)
    rows = pd.MultiIndex.from_product([[f"R{r:02d}" for r in range(regions)],
                                       [f"S{s:03d}" for s in range(sectors)]],
                                      names=["region", "sector"])
    n = len(rows)
    Z = rng.random((n, n))
    Z *= rng.random((n, n)) < 0.5
    Z *= 1.0 / n
    ycols = pd.MultiIndex.from_product([rows.levels[0], CATEGORIES],
                                       names=["region", "category"])
    Y = rng.random((n, len(ycols))) * (20.0 / len(ycols))
    sidx = pd.Index(STRESSORS, name="stressor")
    F = rng.random((len(STRESSORS), n)) * 1000 * (rng.random((len(STRESSORS), n)) < 0.7)
    F_Y = rng.random((len(STRESSORS), len(ycols))) * 100
    io = pymrio.IOSystem(Z=pd.DataFrame(Z, index=rows, columns=rows),
                         Y=pd.DataFrame(Y, index=rows, columns=ycols),
                         unit=pd.DataFrame("M.USD", index=rows, columns=["unit"]))
    io.labour = pymrio.Extension(
        name="labour", F=pd.DataFrame(F, index=sidx, columns=rows),
        F_Y=pd.DataFrame(F_Y, index=sidx, columns=ycols),
        unit=pd.DataFrame("persons", index=sidx, columns=["unit"]))
    io.save_all(path, table_format="parquet")


def child(case: str, path: str) -> dict:
    # Libraries are imported before the clock starts, for every case.
    if case == "pymrio":
        import pymrio
    else:
        import numpy as np
        import pyarrow.parquet  # noqa: F401
        import scipy.linalg  # noqa: F401
        import scipy.sparse.linalg  # noqa: F401

        from target87.measure.io_analysis import footprint, read_mrio
    started = time.perf_counter()
    if case == "pymrio":
        io = pymrio.load_all(path)
        read = time.perf_counter()
        io.calc_all()
        checksum = float(io.labour.D_cba_reg.to_numpy().sum())
    else:
        mrio = read_mrio(path)
        read = time.perf_counter()
        if case == "target87":
            fp = footprint(mrio)
            checksum = 0.0
            for s in fp.stressors:
                checksum += sum(r["consumption"] for r in fp.summary(s))
                fp.multipliers(s)
                fp.by_producer(s)
                fp.by_product(s)
        else:
            from scipy.linalg import lu_factor, lu_solve

            x = mrio.x
            a = mrio.Z  # column-major as read: factorised in place, as target87 does
            a *= np.where(x != 0, 1.0 / np.where(x != 0, x, 1.0), 0.0)
            np.negative(a, out=a)
            a[np.arange(len(x)), np.arange(len(x))] += 1.0
            lu = lu_factor(a, overwrite_a=True, check_finite=False)
            consumers = mrio.consumers
            Yagg = np.zeros((len(x), len(consumers)))
            for j, (r, _) in enumerate(mrio.y_labels):
                Yagg[:, consumers.index(r)] += mrio.Y[:, j]
            X = lu_solve(lu, Yagg, check_finite=False)
            checksum = float(X.sum())
    done = time.perf_counter()
    return {"case": case, "read_seconds": round(read - started, 2),
            "seconds": round(done - read, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "checksum": checksum}


def machine() -> dict:
    import numpy as np
    import scipy

    try:
        import pymrio

        pymrio_version = pymrio.__version__
    except ImportError:
        pymrio_version = None
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__, "pymrio": pymrio_version,
            "blas": _blas(np), "load_average": list(os.getloadavg())}


def _blas(np) -> str:
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # noqa: BLE001 - informative only
        return ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=49)
    parser.add_argument("--sectors", type=int, default=200)
    parser.add_argument("--data", default=str(Path(__file__).with_name("data") / "mrio"))
    parser.add_argument("--case", action="append", help="bare-lu, target87 or pymrio")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(Path(__file__).with_name("footprint_results.json")))
    args = parser.parse_args()
    data = Path(f"{args.data}-{args.regions}x{args.sectors}")
    if args.child:
        print(json.dumps(child(args.child, str(data))))
        return
    if not (data / "file_parameters.json").exists():
        started = time.perf_counter()
        build(data, args.regions, args.sectors)
        print(f"built {data} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    results = []
    for case in args.case or CASES:
        before = os.getloadavg()[0]
        out = subprocess.run([sys.executable, __file__, "--child", case, "--regions",
                              str(args.regions), "--sectors", str(args.sectors),
                              "--data", args.data], capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row.update(load_before=round(before, 2), load_after=round(os.getloadavg()[0], 2))
        print(json.dumps(row), file=sys.stderr)
        results.append(row)
    n = args.regions * args.sectors
    report = {"system": {"regions": args.regions, "sectors": args.sectors, "n": n,
                         "final_demand_columns": args.regions * len(CATEGORIES),
                         "stressors": len(STRESSORS)},
              "machine": machine(), "results": results}

    def best(case, key):
        values = [r[key] for r in results if r["case"] == case]
        return min(values) if values else None

    t87, pym, lu = best("target87", "seconds"), best("pymrio", "seconds"), best("bare-lu",
                                                                               "seconds")
    report["ratios"] = {
        "pymrio_time_over_target87": round(pym / t87, 2) if pym and t87 else None,
        "target87_time_over_bare_lu": round(t87 / lu, 2) if t87 and lu else None,
        "target87_peak_over_pymrio_peak": round(best("target87", "peak_rss_mb")
                                                / best("pymrio", "peak_rss_mb"), 2)
        if pym and t87 else None,
    }
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report["ratios"]))


if __name__ == "__main__":
    main()
