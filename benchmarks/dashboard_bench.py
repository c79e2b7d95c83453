"""Country dashboard speed: median answer time with a warm cache, and the full 193 x 6 set.

Runs against a platform set up in its own data directory (SQLite unless DATABASE_URL is
set) through Django's test client, so it measures the application, not a network:

    TARGET87_DATA_DIR=/tmp/bench-data target87 setup
    TARGET87_DATA_DIR=/tmp/bench-data python benchmarks/dashboard_bench.py [--rounds 20]

Writes ``benchmarks/dashboard_results.json``. Not a test: tests never time things.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "target87.settings")
os.environ.setdefault("HTTPS", "0")  # in-process client: no redirect to https

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from target87.countries.models import Country, UNStatus  # noqa: E402

LANGUAGES = ["en", "fr", "es", "ar", "zh-hans", "ru"]
SAMPLE = ["NPL", "MDG", "BRA", "FRA", "NGA", "CHN", "USA", "MRT", "VNM", "FJI"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="warm requests per sampled page")
    parser.add_argument("--out", default=str(Path(__file__).with_name("dashboard_results.json")))
    args = parser.parse_args()
    client = Client(HTTP_HOST="localhost")
    iso3s = list(Country.objects.filter(un_status=UNStatus.MEMBER).values_list("iso3", flat=True))

    # 1. every member state in every language answers 200 (this also warms the caches)
    started = time.perf_counter()
    failures, cold = [], []
    for lang in LANGUAGES:
        for iso3 in iso3s:
            t0 = time.perf_counter()
            response = client.get(f"/{lang}/countries/{iso3}/")
            cold.append(time.perf_counter() - t0)
            if response.status_code != 200:
                failures.append(f"{lang}/{iso3}: {response.status_code}")
    full_set_seconds = time.perf_counter() - started

    # 2. warm-cache answer time on a sample of dashboards in all six languages
    warm = []
    for lang in LANGUAGES:
        for iso3 in SAMPLE:
            url = f"/{lang}/countries/{iso3}/"
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                client.get(url)
                warm.append(time.perf_counter() - t0)

    # 3. conditional GET on a knowledge page: a revalidation that ends in 304
    url = "/en/knowledge/practices/"
    etag = client.get(url)["ETag"]
    revalidate = []
    for _ in range(args.rounds * 5):
        t0 = time.perf_counter()
        status = client.get(url, HTTP_IF_NONE_MATCH=etag).status_code
        revalidate.append(time.perf_counter() - t0)
    assert status == 304

    ms = lambda xs: round(statistics.median(xs) * 1000, 1)  # noqa: E731
    p95 = lambda xs: round(sorted(xs)[int(0.95 * len(xs)) - 1] * 1000, 1)  # noqa: E731
    result = {
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "database": django.db.connection.vendor,
        "dashboards": len(iso3s) * len(LANGUAGES),
        "failures": failures,
        "full_set_seconds": round(full_set_seconds, 1),
        "first_visit_median_ms": ms(cold),
        "warm_median_ms": ms(warm),
        "warm_p95_ms": p95(warm),
        "warm_requests": len(warm),
        "conditional_get_304_median_ms": ms(revalidate),
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
