"""``target87 measure project``: project a series to a target year at its observed pace.

Examples::

    target87 measure project --series child_labour_5_17_number --from 2016 \\
        --target-year 2025 --target 0
    target87 measure project --values 2016=24.9,2021=27.6 --target-year 2030 \\
        --method linear --target 0 --format json
"""

from __future__ import annotations

import argparse
import json
import math

from target87.measure.cli import MeasureInputError

NAME = "project"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--series",
        metavar="NAME",
        help="a reference series (global estimates), e.g. child_labour_5_17_number",
    )
    source.add_argument(
        "--values",
        metavar="YEAR=VALUE,...",
        help="observations given directly, e.g. 2016=151.6,2020=160,2024=137.6",
    )
    parser.add_argument("--sex", default="total", help="with --series: total, male or female")
    parser.add_argument("--region", default="World", help="with --series: region name")
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="with --series: use the figures as published on this date (YYYY[-MM[-DD]])",
    )
    parser.add_argument(
        "--from", dest="from_year", type=int, metavar="YEAR", help="first year of the pace"
    )
    parser.add_argument(
        "--to", dest="to_year", type=int, metavar="YEAR", help="last year of the pace"
    )
    parser.add_argument("--target-year", type=int, required=True, metavar="YEAR")
    from target87.measure import projections

    parser.add_argument("--method", choices=projections.METHODS, default="geometric")
    parser.add_argument(
        "--target", type=float, metavar="VALUE", help="target level, e.g. 0 (end) or a threshold"
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")


def parse_values(text: str) -> dict[int, float]:
    """``"2016=151.6,2020=160"`` → ``{2016: 151.6, 2020: 160.0}``."""
    out: dict[int, float] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        year_text, sep, value_text = part.partition("=")
        if not sep:
            raise MeasureInputError("cli_values_not_pair",
                                    "--values: expected YEAR=VALUE, got %(value)r", value=part)
        try:
            year = int(year_text.strip())
        except ValueError:
            raise MeasureInputError("cli_values_year_not_whole",
                                    "--values: year is not a whole number in %(value)r",
                                    value=part) from None
        try:
            value = float(value_text.strip())
        except ValueError:
            raise MeasureInputError("cli_values_value_not_number",
                                    "--values: value is not a number in %(value)r",
                                    value=part) from None
        if not math.isfinite(value):
            raise MeasureInputError("cli_values_value_not_finite",
                                    "--values: value is not a finite number in %(value)r",
                                    value=part)
        if year in out:
            raise MeasureInputError("cli_values_year_repeated",
                                    "--values: year %(year)s given more than once", year=year)
        out[year] = value
    if not out:
        raise MeasureInputError("cli_values_empty", "--values: no observations given")
    return out


def _load(args) -> tuple[dict[int, float], dict]:
    if args.values is not None:
        return parse_values(args.values), {"series": None, "unit": None, "sources": []}
    from target87.measure import reference_series

    series = reference_series.get_series(
        args.series, sex=args.sex, region=args.region, as_of=args.as_of
    )
    meta = {
        "series": series.name,
        "label": series.label,
        "unit": series.unit,
        "sources": list(series.sources()),
    }
    return series.as_dict(), meta


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _fmt_rate(value) -> str:
    return "n/a" if value is None else f"{value:+.3%} a year"


def render_table(data: dict) -> str:
    unit = f" {data['unit']}" if data.get("unit") else ""
    lines = []
    if data.get("series"):
        lines.append(f"series: {data['series']} ({data.get('label', '')})")
    lines += [
        f"method: {data['method']} - {data['description']}",
        "inputs: " + ", ".join(f"{y}={_fmt(v)}" for y, v in data["inputs"]),
        f"last observation: {data['base_year']} = {_fmt(data['base_value'])}{unit}",
        f"observed annual change: {_fmt(data['annual_change'])}{unit} a year",
        f"observed annual rate: {_fmt_rate(data['annual_rate'])}",
        f"projected level in {data['target_year']}: {_fmt(data['value'])}{unit}",
    ]
    if "target" in data:
        lines += [
            f"target: {_fmt(data['target'])}{unit} in {data['target_year']}",
            f"required annual change: {_fmt(data['required_annual_change'])}{unit} a year",
            f"required annual rate: {_fmt_rate(data['required_annual_rate'])}",
            f"times faster than observed: {_fmt(data['times_faster'])}",
            "target reached at observed pace in: "
            + (
                "never"
                if data["target_reached_year"] is None
                else f"{data['target_reached_year']:.1f}"
            ),
            f"on track: {_fmt(data['on_track'])}",
        ]
    lines.append("assumptions:")
    lines += [f"  - {a}" for a in data["assumptions"]]
    if data.get("sources"):
        lines.append("sources:")
        lines += [f"  - {s}" for s in data["sources"]]
    return "\n".join(lines)


def run(args) -> int:
    from target87.measure import projections

    points, meta = _load(args)
    result = projections.project(
        points,
        method=args.method,
        target_year=args.target_year,
        from_year=args.from_year,
        to_year=args.to_year,
        target=args.target,
    )
    data = result.to_dict()
    data.update({k: v for k, v in meta.items() if k != "series" or v is not None})
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_table(data))
    return 0
