"""First view after `target87 setup`, and warm views, of every public page type.

On a fresh PostgreSQL database, `target87 setup` is run once; then two servers are timed,
one after the other, on the same database, each with a data directory of its own:

- ``peer``  — `setup --no-warm-up`: nothing drawn in advance, as before (charts are drawn
  and pages rendered by the first reader, in each server process);
- ``warmed`` — `setup` as shipped: every chart and menu page of each language is drawn at
  setup, kept on disk (charts) and in the shared page cache.

For each page type, in English and Arabic, the first request after the server starts is
timed, then ``--repeat`` more (median and p90). Pages are fetched as an anonymous reader.

    .venv/bin/python benchmarks/first_view_bench.py [--port 8163] [--repeat 20]
        [--database postgres://postgres@127.0.0.1:5432/target87_bench]

Writes ``benchmarks/first_view_results.json`` with the 1-minute load average; every server
started is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PAGES = {
    "home": "/{lang}/",
    "countries": "/{lang}/countries/",
    "dashboard": "/{lang}/countries/NPL/",
    "pathfinders": "/{lang}/pathfinders/",
    "pathfinder": "/{lang}/pathfinders/NPL/",
    "report": "/{lang}/pathfinders/NPL/report/",
    "indicators": "/{lang}/monitoring/",
    "trends": "/{lang}/trends/",
    "map": "/{lang}/knowledge/",
    "regions": "/{lang}/knowledge/regions/",
    "compare": "/{lang}/knowledge/compare/?c=NPL&c=MDG&c=BRA",
    "practices": "/{lang}/knowledge/practices/",
    "events": "/{lang}/knowledge/events/",
    "publications": "/{lang}/knowledge/publications/",
    "laws": "/{lang}/knowledge/laws/",
    "partners": "/{lang}/partners/",
}
LANGS = ("en", "ar")
TARGET = Path(__file__).resolve().parent / "first_view_results.json"


def _fresh_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _get(url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status, len(body)


def _serve(env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "target87", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("the server did not start")


def _measure(env: dict, port: int, repeat: int) -> dict:
    proc = _serve(env, port)
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        for lang in LANGS:
            for name, path in PAGES.items():
                url = base + path.format(lang=lang)
                first, status, size = _get(url)
                warm = sorted(_get(url)[0] for _ in range(repeat))
                results[f"{lang} {name}"] = {
                    "path": path.format(lang=lang), "status": status, "bytes": size,
                    "first_ms": round(first, 1),
                    "warm_median_ms": round(statistics.median(warm), 1),
                    "warm_p90_ms": round(warm[int(len(warm) * 0.9) - 1], 1),
                }
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8163)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database",
                        default="postgres://postgres@127.0.0.1:5432/target87_bench")
    args = parser.parse_args()
    _fresh_database(args.database)
    env = {**os.environ, "DATABASE_URL": args.database, "HTTPS": "0"}
    env.pop("REDIS_URL", None)  # the shipped default: no Redis, pages shared through files
    out = {"load_before": os.getloadavg()[0], "repeat": args.repeat, "runs": {}}
    with tempfile.TemporaryDirectory() as peer_dir, tempfile.TemporaryDirectory() as our_dir:
        peer_env = {**env, "TARGET87_DATA_DIR": peer_dir}
        ours_env = {**env, "TARGET87_DATA_DIR": our_dir}
        run = [sys.executable, "-m", "target87", "setup"]
        started = time.perf_counter()
        subprocess.run([*run, "--no-warm-up"], env=peer_env, check=True, capture_output=True)
        out["setup_seconds"] = round(time.perf_counter() - started, 1)
        out["runs"]["peer"] = _measure(peer_env, args.port, args.repeat)
        started = time.perf_counter()
        subprocess.run(run, env=ours_env, check=True, capture_output=True)
        out["warm_up_seconds"] = round(time.perf_counter() - started, 1)
        out["runs"]["warmed"] = _measure(ours_env, args.port, args.repeat)
    out["load_after"] = os.getloadavg()[0]
    TARGET.write_text(json.dumps(out, indent=2) + "\n")
    print(f"{'page':<18} {'peer first':>11} {'first':>8} {'median':>8} {'KB':>6}")
    for key, row in out["runs"]["warmed"].items():
        peer = out["runs"]["peer"][key]
        print(f"{key:<18} {peer['first_ms']:>9.0f}ms {row['first_ms']:>6.0f}ms "
              f"{row['warm_median_ms']:>6.1f}ms {row['bytes'] / 1024:>6.0f}")


if __name__ == "__main__":
    main()
