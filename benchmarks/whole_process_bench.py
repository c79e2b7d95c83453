"""Whole-process benchmark: SDG 8.7.1 by sex x age group with SEs, target87 vs peers.

Usage::

    python benchmarks/whole_process_bench.py                      # the run README quotes
    python benchmarks/whole_process_bench.py --sizes 100000 --r-timeout 60   # a quick look

Each tool runs as its own process on the same file in the same run and is timed from the
outside (interpreter start, imports, reading, classifying, estimating, printing):

* target87: the command ``target87 measure child-labour FILE ... --format json``;
* svy and samplics (PyPI): a Python process that reads the CSV with the tool's own reader
  (polars for svy, pandas for samplics), classifies and estimates the same 15 domains x 2
  bases as target87 (total, sex, age group 5-11/12-14/15-17/5-14, sex x age group);
* R's survey package: ``Rscript`` reading the CSV with ``read.csv`` and estimating with
  ``svymean``/``svyby`` on ``svydesign(ids, strata, weights, nest=TRUE)``.

Before any time is reported, every tool's 60 figures (proportion and SE for each domain and
basis) are checked against target87's to 1e-8; a tool that disagrees has its time left out.
Hours 97-99 are response codes for target87 (MICS6), so the peers are given the same rule:
those values count as no hours. A tool that does not finish within its time limit is
reported as such ("not finished within N minutes"). The 1-minute load average is recorded
before and after every run. ``--help`` of ``target87 measure`` is timed too (repeated runs).
Results go to ``whole_process_results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from survey_bench import generate, machine  # noqa: E402

TOLERANCE = 1e-8
AGE_GROUPS = {1: "5-11", 2: "12-14", 3: "15-17"}
RESPONSE_CODES = (97, 98, 99)
TARGET87 = str(Path(sys.executable).with_name("target87"))
TARGET87_ARGS = ["--age", "age", "--sex", "sex", "--weight", "weight", "--strata", "stratum",
                 "--psu", "psu", "--econ-hours", "econ_hours", "--chores-hours", "chores_hours",
                 "--format", "json"]


def _peer_columns(c: dict) -> dict:
    """Classify as target87 does (SDG 8.7.1, >=, 97-99 are response codes, not hours)."""
    import numpy as np

    age = np.asarray(c["age"], dtype=float)
    econ = np.asarray(c["econ_hours"], dtype=float)
    chores = np.asarray(c["chores_hours"], dtype=float)
    econ = np.where(np.isin(econ, RESPONSE_CODES), 0.0, econ)
    chores = np.where(np.isin(chores, RESPONSE_CODES), 0.0, chores)
    sna = (((age <= 11) & (econ >= 1)) | ((age >= 12) & (age <= 14) & (econ >= 14))
           | ((age >= 15) & (econ >= 43)))
    general = sna | ((age <= 14) & (chores >= 21))
    group = np.where(age <= 11, 1, np.where(age <= 14, 2, 3))
    return {"sna": sna.astype(float), "general": general.astype(float), "age_group": group,
            "age514": (group <= 2).astype(int)}


def _key(basis, sex="total", age="total") -> str:
    return f"{basis}|{sex}|{age}"


def _age_label(by: str, level) -> str:
    if by == "age514":
        return "5-14" if int(level) == 1 else None
    return AGE_GROUPS[int(level)]


def task_samplics(path: str) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    import pandas as pd
    from samplics import PopParam
    from samplics.estimation import TaylorEstimator

    d = pd.read_csv(path)
    c = {k: d[k].to_numpy() for k in d.columns}
    c.update(_peer_columns(c))
    sex = c["sex"].astype(int)
    c["sex_age"] = sex * 10 + c["age_group"]
    c["sex_age514"] = sex * 10 + c["age514"]
    out = {}
    for basis in ("sna", "general"):
        for domain in (None, "sex", "age_group", "age514", "sex_age", "sex_age514"):
            est = TaylorEstimator(PopParam.prop)
            est.estimate(y=c[basis], samp_weight=c["weight"], stratum=c["stratum"],
                         psu=c["psu"], domain=None if domain is None else c[domain],
                         remove_nan=False)
            if domain is None:
                out[_key(basis)] = [float(est.point_est[1.0]), float(est.stderror[1.0])]
                continue
            for level, value in est.point_est.items():
                level = int(level)
                se = float(est.stderror[level][1.0])
                if domain == "sex":
                    key = _key(basis, str(level))
                elif domain in ("age_group", "age514"):
                    age = _age_label(domain, level)
                    if age is None:
                        continue
                    key = _key(basis, age=age)
                else:
                    age = _age_label("age514" if domain == "sex_age514" else "age_group",
                                     level % 10)
                    if age is None:
                        continue
                    key = _key(basis, str(level // 10), age)
                out[key] = [float(value[1.0]), se]
    return out


def task_svy(path: str) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    import polars as pl
    import svy

    d = pl.read_csv(path)
    c = {k: d[k].to_numpy() for k in d.columns}
    c.update(_peer_columns(c))
    df = pl.DataFrame({k: c[k] for k in ("stratum", "psu", "weight", "sex", "age_group",
                                          "age514", "sna", "general")})
    sample = svy.Sample(df, svy.Design(stratum="stratum", psu="psu", wgt="weight"))
    out = {}
    for basis in ("sna", "general"):
        for by in (None, "sex", "age_group", "age514", ["sex", "age_group"], ["sex", "age514"]):
            for row in sample.estimation.prop(basis, by=by).to_dicts():
                if float(row["y_level"]) != 1.0:
                    continue
                value = [float(row["est"]), float(row["se"])]
                levels = row["by_level"]
                if isinstance(by, str) and isinstance(levels, tuple | list):
                    levels = levels[0]
                if by is None:
                    out[_key(basis)] = value
                elif by == "sex":
                    out[_key(basis, str(int(levels)))] = value
                elif isinstance(by, str):
                    age = _age_label(by, levels)
                    if age is not None:
                        out[_key(basis, age=age)] = value
                else:
                    age = _age_label(by[1], levels[1])
                    if age is not None:
                        out[_key(basis, str(int(levels[0])), age)] = value
    return out


R_SCRIPT = r"""
suppressMessages(library(survey))
args <- commandArgs(TRUE)
d <- read.csv(args[1])
econ <- ifelse(d$econ_hours %in% 97:99, 0, d$econ_hours)
chores <- ifelse(d$chores_hours %in% 97:99, 0, d$chores_hours)
d$sna <- as.numeric((d$age <= 11 & econ >= 1) | (d$age >= 12 & d$age <= 14 & econ >= 14) |
  (d$age >= 15 & econ >= 43))
d$general <- as.numeric(d$sna == 1 | (d$age <= 14 & chores >= 21))
d$age_group <- ifelse(d$age <= 11, 1, ifelse(d$age <= 14, 2, 3))
d$age514 <- as.numeric(d$age <= 14)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
ages <- c("5-11", "12-14", "15-17")
age_label <- function(by, level) {
  if (by != "age514") return(ages[level])
  if (level == 1) "5-14" else NA
}
out <- character()
put <- function(key, est, se) out <<- c(out, sprintf('"%s": [%.17g, %.17g]', key, est, se))
for (basis in c("sna", "general")) {
  f <- as.formula(paste0("~", basis))
  m <- svymean(f, des)
  put(paste(basis, "total", "total", sep = "|"), coef(m), SE(m))
  for (by in c("sex", "age_group", "age514")) {
    r <- svyby(f, as.formula(paste0("~", by)), des, svymean)
    for (i in seq_len(nrow(r))) {
      lev <- r[i, by]
      if (by == "sex") key <- paste(basis, lev, "total", sep = "|")
      else {
        a <- age_label(by, lev)
        if (is.na(a)) next
        key <- paste(basis, "total", a, sep = "|")
      }
      put(key, r[i, basis], r[i, "se"])
    }
  }
  for (by in c("age_group", "age514")) {
    r <- svyby(f, as.formula(paste0("~sex+", by)), des, svymean)
    for (i in seq_len(nrow(r))) {
      a <- age_label(by, r[i, by]); if (is.na(a)) next
      put(paste(basis, r[i, "sex"], a, sep = "|"), r[i, basis], r[i, "se"])
    }
  }
}
cat("{", paste(out, collapse = ", "), "}\n")
"""


def target87_estimates(stdout: str) -> dict:
    out = {}
    for row in json.loads(stdout):
        out[_key(row["basis"], str(row["sex"]), row["age_group"])] = [
            row["estimate"] / 100, row["se"] / 100]
    return out


def timed(cmd: list[str], timeout: float, env: dict | None = None) -> dict:
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    # Its own process group, so that a tool stopped at the time limit is stopped whole
    # (Rscript starts R as a child of its own).
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
        out = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"finished": False, "timeout_seconds": timeout,
                "status": f"not finished within {timeout / 60:g} minutes",
                "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}
    wall = time.perf_counter() - t0
    result = {"finished": out.returncode == 0, "process_seconds": round(wall, 3),
              "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}
    lines = out.stderr.strip().splitlines()
    try:
        result["peak_mb"] = round(int(lines[-1]) / 1024, 1)
    except (IndexError, ValueError):
        pass
    if out.returncode != 0:
        result["status"] = "failed: " + (lines[-2] if len(lines) > 1 else "")[:300]
    result["stdout"] = out.stdout
    return result


def run_tool(tool: str, path: Path, timeout: float) -> dict:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    if tool == "target87":
        res = timed([TARGET87, "measure", "child-labour", str(path), *TARGET87_ARGS],
                    timeout, env)
        parse = target87_estimates
    elif tool == "R":
        script = path.with_name("whole_process.R")
        script.write_text(R_SCRIPT)
        res = timed(["Rscript", str(script), str(path)], timeout)
        parse = json.loads
    else:
        res = timed([sys.executable, str(Path(__file__).resolve()), "--task", tool, "--file",
                     str(path)], timeout, env)
        parse = json.loads
    stdout = res.pop("stdout", "")
    if res.get("finished"):
        res["estimates"] = parse(stdout.strip().splitlines()[-1] if tool != "target87"
                                 else stdout)
    return res


def check(reference: dict, estimates: dict) -> dict:
    """Largest differences from target87's figures; ``agrees`` when all are within 1e-8."""
    missing = sorted(set(reference) - set(estimates))
    est_diff = max((abs(estimates[k][0] - v[0]) for k, v in reference.items()
                    if k in estimates), default=float("nan"))
    se_diff = max((abs(estimates[k][1] - v[1]) for k, v in reference.items()
                   if k in estimates), default=float("nan"))
    return {"figures": 2 * len(reference), "missing": missing,
            "max_abs_diff_estimate": est_diff, "max_abs_diff_se": se_diff,
            "agrees": not missing and est_diff <= TOLERANCE and se_diff <= TOLERANCE}


def help_times(runs: int) -> dict:
    times = []
    load_before = os.getloadavg()[0]
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([TARGET87, "measure", "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return {"runs": runs, "median_seconds": round(statistics.median(times), 4),
            "min_seconds": round(min(times), 4), "max_seconds": round(max(times), 4),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--task", choices=["svy", "samplics"])
    ap.add_argument("--file")
    ap.add_argument("--sizes", default="100000,1000000",
                    help="sizes run from CSV by every tool")
    ap.add_argument("--parquet-sizes", default="10000000",
                    help="sizes run from Parquet by target87 alone")
    ap.add_argument("--tools", default="target87,svy,samplics,R")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--r-timeout", type=float, default=300)
    ap.add_argument("--help-runs", type=int, default=20)
    ap.add_argument("--data", default=str(HERE / "data"))
    ap.add_argument("--out", default=str(HERE / "whole_process_results.json"))
    args = ap.parse_args()
    if args.task:
        fn = task_svy if args.task == "svy" else task_samplics
        print(json.dumps(fn(args.file)))
        return 0
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    tools = [t for t in args.tools.split(",") if t]
    report = {"machine": machine(), "tolerance": TOLERANCE, "help": help_times(args.help_runs),
              "runs": []}
    print(json.dumps({"help": report["help"]}), flush=True)
    if "R" in tools and not shutil.which("Rscript"):
        tools.remove("R")
        report["note"] = "Rscript not installed: R not run"
    for n in (int(s) for s in args.sizes.split(",") if s):
        parquet = data / f"children_{n}.parquet"
        if not parquet.exists():
            generate(n, parquet)
        csv_path = parquet.with_suffix(".csv")
        if not csv_path.exists():
            import pyarrow.csv as pcsv
            import pyarrow.parquet as pq

            pcsv.write_csv(pq.read_table(parquet), csv_path)
        reference = None
        for tool in ["target87", *(t for t in tools if t != "target87")]:
            timeout = args.r_timeout if tool == "R" else args.timeout
            res = run_tool(tool, csv_path, timeout)
            estimates = res.pop("estimates", None)
            if tool == "target87":
                reference = estimates
            elif estimates is not None and reference is not None:
                res["check"] = check(reference, estimates)
                if not res["check"]["agrees"]:
                    res["status"] = "estimates differ from target87's: time not reported"
                    res["process_seconds_unchecked"] = res.pop("process_seconds", None)
            res.update(tool=tool, n=n, input="csv")
            report["runs"].append(res)
            print(json.dumps(res), flush=True)
    for n in (int(s) for s in args.parquet_sizes.split(",") if s):
        parquet = data / f"children_{n}.parquet"
        if not parquet.exists():
            generate(n, parquet)
        res = run_tool("target87", parquet, args.timeout)
        res.pop("estimates", None)
        res.update(tool="target87", n=n, input="parquet")
        report["runs"].append(res)
        print(json.dumps(res), flush=True)
    report["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
