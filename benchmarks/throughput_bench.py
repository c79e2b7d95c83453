"""Throughput of `target87 serve` on PostgreSQL with Redis, measured with wrk.

Sets up a fresh PostgreSQL database, then for each server configuration starts
`target87 serve`, warms it, and runs wrk (50 connections, 2 threads) against the home page
and the public country page (Nepal). Configurations, in the same run:

- ``sync-3``  — the earlier default: 3 sync worker processes, no whole-page cache
  (``PUBLIC_PAGE_CACHE_SECONDS=0``): every request renders the page;
- ``gthread-3x4`` — the default now: 3 processes x 4 threads (gthread), public pages
  cached whole in Redis under the content version.

    apt-get install -y wrk
    .venv/bin/python benchmarks/throughput_bench.py [--duration 30] [--port 8160]

Records the 1-minute load average before each wrk run (the machine may be shared) and
writes ``benchmarks/throughput_results.json``. Every server started is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PAGES = {"home": "/en/", "country": "/en/countries/NPL/"}
CONFIGS = {
    "sync-3": {"args": ["--workers", "3", "--threads", "1"],
               "env": {"PUBLIC_PAGE_CACHE_SECONDS": "0"}},
    "gthread-3x4": {"args": ["--workers", "3", "--threads", "4"], "env": {}},
}


def _ms(out: str, percentile: str) -> float | None:
    """A latency percentile in ms; None when wrk has none (no request answered in time)."""
    match = re.search(rf"{percentile}%\s+([\d.]+)(us|ms|s|m)\b", out)
    if match is None:
        return None
    value, unit = match.groups()
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]


def run_wrk(url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout
    result = {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(out, "50"),
        "p99_ms": _ms(out, "99"),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out))
        else 0,
        "socket_errors": 0,
    }
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                      out):
        result["socket_errors"] = sum(int(g) for g in m.groups())
    return result


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server stopped before answering")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url} in {timeout}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--port", type=int, default=8160)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="target87_throughput")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--out", default=str(Path(__file__).with_name("throughput_results.json")))
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.database}"')
    data_dir = Path(tempfile.mkdtemp(prefix="target87-throughput-"))
    env = {**os.environ, "DATABASE_URL": f"{args.postgres}/{args.database}",
           "REDIS_URL": args.redis, "CACHE_KEY_PREFIX": f"bench{os.getpid()}",
           "TARGET87_DATA_DIR": str(data_dir), "HTTPS": "0", "LOG_LEVEL": "ERROR"}
    target87 = [sys.executable, "-m", "target87"]
    done = subprocess.run([*target87, "setup"], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"target87 setup failed:\n{done.stdout}\n{done.stderr}")

    results = {"machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()},
               "duration_s": args.duration, "connections": args.connections, "runs": {}}
    for name in args.configs.split(","):
        config = CONFIGS[name]
        log = open(data_dir / f"serve-{name}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [*target87, "serve", "--port", str(args.port), *config["args"]],
            env={**env, **config["env"]}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{args.port}"
            wait_ready(base + "/en/", proc)
            for page, path in PAGES.items():
                for _ in range(20):  # every process renders (and caches) the page once
                    urllib.request.urlopen(base + path, timeout=30).read()
                load = os.getloadavg()[0]
                run = run_wrk(base + path, args.duration, args.connections)
                run["load_before"] = load
                run["load_after"] = os.getloadavg()[0]
                results["runs"][f"{name} {page}"] = run
                print(f"{name:12} {page:8} {run['requests_per_second']:8.1f} req/s  "
                      f"p50 {run['p50_ms']} ms  p99 {run['p99_ms']} ms  "
                      f"errors {run['non_2xx'] + run['socket_errors']}  load {load:.1f}",
                      flush=True)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            log.close()
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
