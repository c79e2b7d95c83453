"""``target87 measure footprint``: a stressor embodied in final demand through an MRIO model."""

from __future__ import annotations

import argparse
import csv
import io
import json

from target87.measure import command_tools as tools
from target87.measure.cli import MeasureInputError

NAME = "footprint"

ROW_COLUMNS = ["consumer", "producer", "sector", "value", "direct", "indirect"]
SUMMARY_COLUMNS = ["region", "production", "consumption", "exports", "imports"]
DESCRIPTION = """\
Footprint of a stressor (children in child labour, persons in forced labour ...) in a
multi-regional input-output model: for every consuming region, the stressor of each
producing region and sector embodied in its final demand, split into the direct part (the
sector sells to that final demand) and the indirect part (through other sectors' inputs).
Rows with consumer != producer are embodied in exports. (I - A) is LU-factorised once; its
inverse is never formed.

MRIO_DIR_OR_FILE: a folder or .zip written by pymrio's save_all (text or Parquet), or an
OECD ICIO CSV file (or the .zip holding it). --satellite: CSV with columns region, sector
and one column per stressor (a row whose sector is a final-demand category is that
category's own stressor). Without --satellite the extensions saved with the MRIO are used.

--summary prints one row per region instead: production- and consumption-based accounts,
exports and imports.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("mrio", metavar="MRIO_DIR_OR_FILE",
                        help="pymrio folder or .zip, or OECD ICIO CSV")
    parser.add_argument("--satellite", metavar="FILE",
                        help="satellite account CSV: region, sector, one column per stressor")
    parser.add_argument("--stressor", metavar="NAME",
                        help="stressor column to trace (may be left out if there is only one)")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    parser.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--summary", action="store_true",
                        help="per-region accounts (production, consumption, exports, imports)")
    parser.add_argument("--nonzero", action="store_true",
                        help="leave out rows whose value is zero")


def _cell(value) -> str:
    """Whole numbers with thousands separators from 10,000 up, six digits below."""
    if not isinstance(value, float):
        return str(value)
    return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:,.6g}"


def render(records: list[dict], columns: list[str], fmt: str, title: str = "") -> str:
    if fmt == "json":
        return json.dumps(records, indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for r in records:
            writer.writerow({c: (repr(r[c]) if isinstance(r[c], float) else r[c])
                             for c in columns})
        return buf.getvalue()
    text = [[c for c in columns]]
    for r in records:
        text.append([_cell(r[c]) for c in columns])
    widths = [max(len(row[i]) for row in text) for i in range(len(columns))]
    lines = [title] if title else []
    for row in text:
        lines.append("  ".join(
            v.rjust(w) if columns[i] not in ("consumer", "producer", "sector", "region")
            else v.ljust(w) for i, (v, w) in enumerate(zip(row, widths, strict=True))).rstrip())
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from target87.measure.io_analysis import footprint, read_mrio, read_satellite

    mrio = read_mrio(args.mrio)
    sat = read_satellite(args.satellite, mrio) if args.satellite else mrio.satellite()
    stressor = args.stressor
    if stressor is None:
        if len(sat.stressors) != 1:
            raise MeasureInputError(
                "io_stressor_needed", "%(file)s has several stressors (%(choices)s): choose "
                "one with --stressor", file=sat.source or mrio.source,
                choices=", ".join(sat.stressors))
        stressor = sat.stressors[0]
    fp = footprint(mrio, sat, stressors=[stressor])
    if args.summary:
        records, columns = fp.summary(stressor), SUMMARY_COLUMNS
        title = f"{stressor}: accounts by region"
    else:
        records = list(fp.rows(stressor, skip_zero=args.nonzero))
        columns = ROW_COLUMNS
        title = f"{stressor}: embodied in final demand, by consumer, producer and sector"
    text = render(records, columns, args.format, title)
    tools.write_output(text, args.out)
    return 0
