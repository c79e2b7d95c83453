"""``target87 measure forced-labour``: forced labour prevalence from survey microdata."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from pathlib import Path

from target87.measure.cli import MeasureInputError

NAME = "forced-labour"

STAT_COLUMNS = ["basis", "estimate", "se", "ci_low", "ci_high", "df", "df_method", "deff", "n",
                "population", "number", "number_se", "definition", "unit"]
DESCRIPTION = """\
Forced labour as the ICLS 2018 Guidelines concerning the measurement of forced labour
define it: work that is both involuntary and performed under coercion. --involuntary and
--coercion name the yes/no columns of each dimension (1 yes, 0 or 2 no, or yes/no words;
missing answers count as no); by default one yes within a dimension is enough (--rule all:
every column of the dimension). Children (under 18, with --age): coercion alone, or any
--child-indicators column, is forced labour (--child-rule adult: the adult rule).

Estimates per 1,000 persons and numbers (weighted), with Taylor-linearised standard errors
for a stratified cluster design: overall, by sex, age group (0-17, 18-29, 30-49, 50+, 18+),
sex x age group, and each --by column (e.g. economic sector, type of forced labour) alone
and crossed with sex and with age group (--cross).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", metavar="FILE", help="CSV, Parquet, SPSS .sav or Stata .dta")
    parser.add_argument("--involuntary", required=True, metavar="COL,...",
                        help="yes/no columns indicating involuntary work")
    parser.add_argument("--coercion", required=True, metavar="COL,...",
                        help="yes/no columns indicating coercion (threat or menace of a penalty)")
    parser.add_argument("--child-indicators", default="", metavar="COL,...",
                        help="yes/no columns that alone mean forced labour of a child (parents "
                             "in forced labour, worst forms of child labour)")
    parser.add_argument("--rule", choices=["any", "all"], default="any",
                        help="how the columns of one dimension combine (default any)")
    parser.add_argument("--child-rule", choices=["coercion", "adult"], default="coercion")
    for flag, help_text in (
        ("--age", "age in years"),
        ("--sex", "sex"),
        ("--weight", "sampling weight"),
        ("--strata", "stratum"),
        ("--psu", "primary sampling unit (cluster)"),
        ("--fpc", "finite population correction (PSUs in the stratum or sampling fraction)"),
    ):
        parser.add_argument(flag, metavar="COL", help=f"column: {help_text}")
    parser.add_argument("--by", default="", metavar="COL,...",
                        help="more grouping columns (ISIC section, type of forced labour...)")
    parser.add_argument("--cross", default="sex,age_group", metavar="WHAT",
                        help="what each --by column is crossed with: sex,age_group (default), "
                             "sex, age_group or none")
    parser.add_argument("--df", choices=["domain", "design"], default="domain")
    parser.add_argument("--ci", choices=["logit", "korn-graubard"], default="logit")
    parser.add_argument("--level", type=float, default=0.95, help="confidence level")
    parser.add_argument("--lonely-psu", choices=["error", "certainty", "adjust", "remove"],
                        default="error")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    parser.add_argument("--out", metavar="FILE", help="write here instead of standard output")


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _num(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def render(result, fmt: str) -> str:
    columns = result.group_columns + STAT_COLUMNS
    if fmt == "json":
        rows = [{c: _num(r[c]) for c in columns} for r in result.rows]
        return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        for r in result.rows:
            writer.writerow({c: ("" if _num(r[c]) is None else r[c]) for c in columns})
        return buf.getvalue()
    head = result.group_columns + ["estimate", "se", "ci_low", "ci_high", "df", "deff", "n",
                                   "population", "number"]
    lines = [result.definition.describe(),
             f"{result.ci_method} {result.level:.0%} confidence intervals with "
             f"{result.df_method} degrees of freedom; estimate, SE and CI per 1,000 persons"]
    lines += [f"note: {n}" for n in result.notes]

    def cell(row, col):
        v = row[col]
        if col in ("estimate", "se", "ci_low", "ci_high", "deff"):
            return "NA" if _num(v) is None else f"{v:.2f}"
        if col in ("population", "number"):
            return f"{v:,.0f}"
        if col in result.group_columns and v != "total":
            label = result.label(col, v)
            return f"{v} {label}" if label else str(v)
        return str(v)

    body = [[cell(r, c) for c in head] for r in result.rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h)
              for i, h in enumerate(head)]
    ngroup = len(result.group_columns)
    lines.append("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for b in body:
        lines.append("  ".join(v.rjust(w) if i >= ngroup else v.ljust(w)
                               for i, (v, w) in enumerate(zip(b, widths, strict=True))))
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from target87.measure.forced_labour import (
        DesignColumns,
        ForcedLabourDefinition,
        estimate_forced_labour,
    )

    if not 0 < args.level < 1:
        raise MeasureInputError("cli_level_invalid", "--level must be between 0 and 1",
                                value=args.level)
    definition = ForcedLabourDefinition(
        involuntary=tuple(_split(args.involuntary)),
        coercion=tuple(_split(args.coercion)),
        involuntary_rule=args.rule,
        coercion_rule=args.rule,
        child_rule=args.child_rule,
        child_indicators=tuple(_split(args.child_indicators)),
    )
    design = DesignColumns(weight=args.weight, strata=args.strata, psu=args.psu, fpc=args.fpc,
                           age=args.age, sex=args.sex)
    result = estimate_forced_labour(
        args.file, definition, design, by=_split(args.by), by_cross=_split(args.cross),
        ci=args.ci, level=args.level,
        lonely_psu="fail" if args.lonely_psu == "error" else args.lonely_psu, df=args.df,
    )
    text = render(result, args.format)
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise MeasureInputError("output_unwritable", "cannot write %(path)s: %(detail)s",
                                    path=str(args.out), detail=str(exc)) from None
    else:
        sys.stdout.write(text)
    return 0
