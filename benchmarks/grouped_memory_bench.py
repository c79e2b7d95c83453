"""Memory and time of a run grouped by stratum with Korn-Graubard intervals.

Each case runs in a fresh process; its peak resident memory (ru_maxrss) and wall time are
recorded. Peer: the same library with the sums kept dense (``--engine dense``, the engine
before sparse sums), which grows as cells x PSUs; it is run only at sizes this machine
can hold.

    .venv/bin/python benchmarks/grouped_memory_bench.py            # default cases
    .venv/bin/python benchmarks/grouped_memory_bench.py --case sparse:1000000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

CASES = ["dense:200000", "sparse:200000", "sparse:1000000"]


def frame(n: int):
    """MICS-like: 20 children per PSU, 100 PSUs per stratum (as survey_bench.py)."""
    import numpy as np

    rng = np.random.default_rng(87)
    psu = np.arange(n) // 20
    stratum = psu // 100
    weight = rng.uniform(0.5, 3.0, psu.max() + 1)[psu]
    return {
        "age": rng.integers(5, 18, n).astype(float),
        "sex": rng.integers(1, 3, n).astype(float),
        "weight": weight,
        "cluster": psu.astype(float),
        "stratum": stratum.astype(float),
        "econ_hours": np.where(rng.random(n) < 0.3, rng.integers(0, 40, n), 0).astype(float),
        "chores_hours": np.where(rng.random(n) < 0.4, rng.integers(0, 30, n), 0).astype(float),
    }


def child(engine: str, n: int) -> None:
    from target87.measure import survey
    from target87.measure.child_labour import child_labour_prevalence

    if engine == "dense":
        survey.CellTotals.DENSE_LIMIT = float("inf")
    data = frame(n)
    mapping = {"age": "age", "sex": "sex", "weight": "weight", "psu": "cluster",
               "strata": "stratum", "econ_hours": ["econ_hours"],
               "chores_hours": ["chores_hours"]}
    started = time.perf_counter()
    result = child_labour_prevalence(data, mapping, by=["stratum"], ci="korn-graubard",
                                     lonely_psu="adjust")
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"engine": engine, "rows": n, "strata": n // 2000, "psus": n // 20,
                      "result_rows": len(result.rows), "seconds": round(seconds, 2),
                      "peak_rss_mb": round(peak_kb / 1024)}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", action="append", help="engine:rows (repeatable)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(Path(__file__).with_name(
        "grouped_memory_results.json")))
    args = parser.parse_args()
    if args.child:
        engine, n = args.child.split(":")
        child(engine, int(n))
        return
    results = []
    for case in args.case or CASES:
        out = subprocess.run([sys.executable, __file__, "--child", case], capture_output=True,
                             text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["load_after"] = os.getloadavg()[0]
        print(row)
        results.append(row)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
