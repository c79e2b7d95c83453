"""Benchmark: SDG 8.7.1 by sex x age group with linearised SEs, target87 vs peers.

Usage::

    python benchmarks/survey_bench.py                 # 1e5, 1e6, 1e7 children
    python benchmarks/survey_bench.py --sizes 100000  # one size
    python benchmarks/survey_bench.py --task target87 --file data.parquet   # one run

Every run happens in a fresh subprocess that reads the same Parquet file, classifies the
children (SNA and general boundaries), estimates the proportion and its Taylor SE for the
total, sex, age group (5-11, 12-14, 15-17, 5-14) and sex x age group domains, and reports
its wall time (from reading the file to the last estimate) and its peak resident memory
(GNU ``time -f %M``). Peers: samplics and svy (PyPI), R's survey package when ``Rscript`` is
installed (R reads a CSV copy: it has no Parquet reader here, and only estimation is timed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SIZES = (100_000, 1_000_000, 10_000_000)
PER_PSU = 20
DOMAIN_COUNT = 1 + 2 + 4 + 8  # total, sex, age groups, sex x age group (per basis)


def generate(n: int, path: Path, seed: int = 87) -> None:
    """MICS-like children: 20 per cluster, 100 clusters per stratum, unequal weights."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    n_psu = max(n // PER_PSU, 2)
    psu = np.sort(rng.integers(0, n_psu, n)).astype(np.int32)
    stratum = (psu // 100).astype(np.int32)
    cluster_w = rng.lognormal(6.0, 0.5, n_psu)
    weight = cluster_w[psu] * rng.uniform(0.8, 1.2, n)
    cluster_effect = rng.normal(0, 0.7, n_psu)[psu]
    age = rng.integers(5, 18, n).astype(np.int8)
    sex = rng.integers(1, 3, n).astype(np.int8)
    works = rng.random(n) < 1 / (1 + np.exp(1.2 - cluster_effect))
    econ = np.where(works, rng.gamma(2.0, 8.0, n), 0).round().astype(np.float32)
    chores = rng.gamma(2.0, 5.0, n).round().astype(np.float32)
    pq.write_table(
        pa.table({"stratum": stratum, "psu": psu, "weight": weight, "sex": sex, "age": age,
                  "econ_hours": econ, "chores_hours": chores}),
        path, compression="snappy",
    )


def _classify_numpy(t):
    """Same definition as target87 (SDG 8.7.1, >=), for the peers: hours 97-99 are
    response codes for target87 (MICS6), so they count as no hours here too."""
    age, econ, chores = t["age"], t["econ_hours"], t["chores_hours"]
    econ = np.where(np.isin(econ, (97, 98, 99)), 0, econ)
    chores = np.where(np.isin(chores, (97, 98, 99)), 0, chores)
    sna = (((age <= 11) & (econ >= 1)) | ((age >= 12) & (age <= 14) & (econ >= 14))
           | ((age >= 15) & (econ >= 43)))
    general = sna | ((age <= 14) & (chores >= 21))
    group = np.where(age <= 11, 1, np.where(age <= 14, 2, 3))
    return sna.astype(float), general.astype(float), group


def task_target87(path: str) -> dict:
    from target87.measure.child_labour import child_labour_prevalence

    mapping = {"age": "age", "sex": "sex", "weight": "weight", "strata": "stratum",
               "psu": "psu", "econ_hours": ["econ_hours"], "chores_hours": ["chores_hours"]}
    t0 = time.perf_counter()
    result = child_labour_prevalence(path, mapping)
    seconds = time.perf_counter() - t0
    assert all(np.isfinite(r["se"]) for r in result.rows)
    total = next(r for r in result.rows if r["sex"] == "total" and r["age_group"] == "total")
    return {"seconds": seconds, "estimates": len(result.rows), "total_sna": total["estimate"],
            "total_sna_se": total["se"]}


def _read_for_peers(path: str):
    import pyarrow.parquet as pq

    tbl = pq.read_table(path)
    cols = {c: tbl.column(c).to_numpy() for c in tbl.column_names}
    sna, general, group = _classify_numpy(cols)
    cols.update(sna=sna, general=general, age_group=group, age514=(group <= 2).astype(int),
                sex_age=cols["sex"] * 10 + group, sex_age514=cols["sex"] * 10 + (group <= 2))
    return cols


def task_samplics(path: str) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    from samplics import PopParam
    from samplics.estimation import TaylorEstimator

    t0 = time.perf_counter()
    c = _read_for_peers(path)
    count = 0
    first = None
    for basis in ("sna", "general"):
        for domain in (None, "sex", "age_group", "age514", "sex_age", "sex_age514"):
            est = TaylorEstimator(PopParam.prop)
            est.estimate(y=c[basis], samp_weight=c["weight"], stratum=c["stratum"],
                         psu=c["psu"], domain=None if domain is None else c[domain],
                         remove_nan=False)
            count += 1
            if first is None:
                first = est
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "calls": count}


def task_svy(path: str) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    import polars as pl
    import svy

    t0 = time.perf_counter()
    c = _read_for_peers(path)
    df = pl.DataFrame({k: c[k] for k in ("stratum", "psu", "weight", "sex", "age_group",
                                          "age514", "sna", "general")})
    sample = svy.Sample(df, svy.Design(stratum="stratum", psu="psu", wgt="weight"))
    count = 0
    for basis in ("sna", "general"):
        for by in (None, "sex", "age_group", "age514", ["sex", "age_group"], ["sex", "age514"]):
            sample.estimation.prop(basis, by=by)
            count += 1
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "calls": count}


R_SCRIPT = r"""
suppressMessages(library(survey))
args <- commandArgs(TRUE)
t0 <- proc.time()[["elapsed"]]
d <- read.csv(args[1])
t1 <- proc.time()[["elapsed"]]
d$econ_hours[d$econ_hours %in% 97:99] <- 0
d$chores_hours[d$chores_hours %in% 97:99] <- 0
d$sna <- as.numeric((d$age <= 11 & d$econ_hours >= 1) | (d$age >= 12 & d$age <= 14 &
  d$econ_hours >= 14) | (d$age >= 15 & d$econ_hours >= 43))
d$general <- as.numeric(d$sna == 1 | (d$age <= 14 & d$chores_hours >= 21))
d$age_group <- ifelse(d$age <= 11, 1, ifelse(d$age <= 14, 2, 3))
d$age514 <- as.numeric(d$age <= 14)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
for (f in list(~sna, ~general)) {
  svymean(f, des)
  for (b in list(~sex, ~age_group, ~age514, ~sex + age_group, ~sex + age514))
    svyby(f, b, des, svymean)
}
t2 <- proc.time()[["elapsed"]]
cat(sprintf('{"read_seconds": %f, "seconds": %f}\n', t1 - t0, t2 - t1))
"""


def task_r(path: str) -> dict:
    csv_path = Path(path).with_suffix(".csv")
    if not csv_path.exists():
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq

        pcsv.write_csv(pq.read_table(path), csv_path)
    script = Path(path).with_name("bench.R")
    script.write_text(R_SCRIPT)
    out = subprocess.run(["/usr/bin/time", "-f", "%M", "Rscript", str(script), str(csv_path)],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["peak_mb"] = int(out.stderr.strip().splitlines()[-1]) / 1024
    return result


TASKS = {"target87": task_target87, "samplics": task_samplics, "svy": task_svy, "R": task_r}


def run_task(task: str, path: Path, timeout: float) -> dict:
    cmd = ["/usr/bin/time", "-f", "%M", sys.executable, str(Path(__file__).resolve()),
           "--task", task, "--file", str(path)]
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # GNU time's maximum resident set size of the whole child process, in KiB.
    result["peak_mb"] = max(result.get("peak_mb", 0), int(out.stderr.split()[-1]) / 1024)
    result["process_seconds"] = wall
    # 1-minute load average just before and just after the run: the machine may be shared.
    result["load_before"] = round(load_before, 2)
    result["load_after"] = round(os.getloadavg()[0], 2)
    return result


def machine() -> dict:
    mem = 0
    try:
        with open("/proc/meminfo") as fh:
            mem = int(fh.readline().split()[1]) // 1024 // 1024
    except OSError:
        pass
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")),
                       cpu)
    except OSError:
        pass
    versions = {}
    for mod in ("numpy", "pyarrow", "samplics", "svy"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - a missing peer is reported, not fatal
            versions[mod] = None
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": mem,
            "python": platform.python_version(), "versions": versions,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--task", choices=list(TASKS))
    ap.add_argument("--file")
    ap.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    ap.add_argument("--tasks", default="target87,samplics,svy,R")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--samplics-max", type=int, default=1_000_000,
                    help="largest size given to samplics (it holds dense n x PSU matrices)")
    ap.add_argument("--r-max", type=int, default=1_000_000)
    ap.add_argument("--out", default=str(HERE / "survey_results.json"))
    ap.add_argument("--data", default=str(DATA),
                    help="folder for the generated Parquet files (default benchmarks/data)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each task at each size")
    args = ap.parse_args()
    if args.task:
        result = TASKS[args.task](args.file)
        print(json.dumps(result))
        return 0
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine(), "runs": []}
    tasks = [t for t in args.tasks.split(",") if t]
    if "R" in tasks and not shutil.which("Rscript"):
        tasks.remove("R")
        report["note"] = "Rscript not installed: R not run"
    for n in (int(s) for s in args.sizes.split(",")):
        path = data / f"children_{n}.parquet"
        if not path.exists():
            generate(n, path)
        for task in tasks:
            if task == "samplics" and n > args.samplics_max:
                res = {"skipped": f"n > {args.samplics_max}"}
            elif task == "R" and n > args.r_max:
                res = {"skipped": f"n > {args.r_max}"}
            else:
                for i in range(args.repeat):
                    res = run_task(task, path, args.timeout)
                    res.update(task=task, n=n, repeat=i + 1)
                    report["runs"].append(res)
                    print(json.dumps(res), flush=True)
                continue
            res.update(task=task, n=n)
            report["runs"].append(res)
            print(json.dumps(res), flush=True)
    Path(args.out).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
