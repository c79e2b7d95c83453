"""What the ``target87 measure`` sub-commands share: the survey design options, reading
comma-separated lists, writing rows as JSON, CSV or an aligned table, and writing the output.

Standard library only: a command module imports this before it knows what it will run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from pathlib import Path

from target87.measure.cli import MeasureInputError

DESIGN_COLUMNS = (
    ("--weight", "sampling weight"),
    ("--strata", "stratum"),
    ("--psu", "primary sampling unit (cluster)"),
    ("--fpc", "finite population correction (PSUs in the stratum or sampling fraction)"),
)


def add_column_options(parser: argparse.ArgumentParser, columns) -> None:
    """One ``--flag COL`` option per ``(flag, what the column holds)``."""
    for flag, help_text in columns:
        parser.add_argument(flag, metavar="COL", help=f"column: {help_text}")


def add_interval_options(parser: argparse.ArgumentParser, df_help: str | None = None) -> None:
    """``--df``, ``--ci``, ``--level`` and ``--lonely-psu``, as every survey estimate takes."""
    parser.add_argument("--df", choices=["domain", "design"], default="domain", help=df_help)
    parser.add_argument("--ci", choices=["logit", "korn-graubard"], default="logit")
    parser.add_argument("--level", type=float, default=0.95, help="confidence level")
    parser.add_argument("--lonely-psu", choices=["error", "certainty", "adjust", "remove"],
                        default="error")


def add_cross_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cross", default="sex,age_group", metavar="WHAT",
                        help="what each --by column is crossed with: sex,age_group (default), "
                             "sex, age_group or none")


def check_level(level: float) -> None:
    if not 0 < level < 1:
        raise MeasureInputError("cli_level_invalid", "--level must be between 0 and 1",
                                value=level)


def lonely_psu(option: str) -> str:
    """The library's name for the ``--lonely-psu`` choice."""
    return "fail" if option == "error" else option


def split_list(value: str | None) -> list[str]:
    """``"a, b,,c"`` -> ``["a", "b", "c"]``."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def finite(value):
    """``None`` for NaN and infinities (JSON null, an empty CSV cell), else the value."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def rows_json(rows, columns) -> str:
    return json.dumps([{c: finite(r[c]) for c in columns} for r in rows], indent=1,
                      ensure_ascii=False) + "\n"


def rows_csv(rows, columns) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({c: ("" if finite(r[c]) is None else r[c]) for c in columns})
    return buf.getvalue()


def render_result(result, fmt: str, columns: list[str], table, *, sdmx_writer: str,
                  ref_area: str = "", year: str = "") -> str:
    """The result's rows as ``fmt``: JSON or CSV of ``columns``, SDMX-CSV by the function
    of :mod:`target87.measure.sdmx` named ``sdmx_writer``, or ``table()``."""
    if fmt == "sdmx":
        from target87.measure import sdmx

        return getattr(sdmx, sdmx_writer)(result, ref_area=ref_area, time_period=year)
    if fmt == "json":
        return rows_json(result.rows, columns)
    if fmt == "csv":
        return rows_csv(result.rows, columns)
    return table()


def notes_to_stderr(notes) -> None:
    for note in notes:
        sys.stderr.write(f"note: {note}\n")


def domain_cell(result, row, col) -> str:
    """A table cell of a survey estimate's row: figures to two decimals, counts with
    thousands separators, group codes with their value label."""
    v = row[col]
    if col in ("estimate", "se", "ci_low", "ci_high", "deff"):
        return "NA" if finite(v) is None else f"{v:.2f}"
    if col in ("population", "number"):
        return f"{v:,.0f}"
    if col in result.group_columns and v != "total":
        label = result.label(col, v)
        return f"{v} {label}" if label else str(v)
    return str(v)


def aligned(head: list[str], body: list[list[str]], left: int) -> list[str]:
    """Lines of a table: the first ``left`` columns flush left, the others flush right."""
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h)
              for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    for b in body:
        lines.append("  ".join(v.rjust(w) if i >= left else v.ljust(w)
                               for i, (v, w) in enumerate(zip(b, widths, strict=True))))
    return lines


def write_output(text: str, out: str | None) -> None:
    """Write to the ``--out`` file, or to standard output without one."""
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise MeasureInputError("output_unwritable", "cannot write %(path)s: %(detail)s",
                                    path=str(out), detail=str(exc)) from None
    else:
        sys.stdout.write(text)
