"""``target87 measure forced-labour``: forced labour prevalence from survey microdata."""

from __future__ import annotations

import argparse

from target87.measure import command_tools as tools

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
    tools.add_column_options(parser, (("--age", "age in years"), ("--sex", "sex"),
                                      *tools.DESIGN_COLUMNS))
    parser.add_argument("--by", default="", metavar="COL,...",
                        help="more grouping columns (ISIC section, type of forced labour...)")
    tools.add_cross_option(parser)
    tools.add_interval_options(parser)
    parser.add_argument("--format", choices=["table", "csv", "json", "sdmx"], default="table",
                        help="sdmx: SDMX-CSV of the total, sex and age group rows (series "
                             "FL_PREV_ESTIMATES, per 1,000 persons)")
    parser.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--ref-area", default="", help="SDMX REF_AREA (M49 code)")
    parser.add_argument("--year", default="", help="SDMX TIME_PERIOD")


def render(result, fmt: str, *, ref_area: str = "", year: str = "") -> str:
    return tools.render_result(result, fmt, result.group_columns + STAT_COLUMNS,
                               lambda: _table(result), sdmx_writer="forced_labour_sdmx_csv",
                               ref_area=ref_area, year=year)


def _table(result) -> str:
    head = result.group_columns + ["estimate", "se", "ci_low", "ci_high", "df", "deff", "n",
                                   "population", "number"]
    lines = [result.definition.describe(),
             f"{result.ci_method} {result.level:.0%} confidence intervals with "
             f"{result.df_method} degrees of freedom; estimate, SE and CI per 1,000 persons"]
    lines += [f"note: {n}" for n in result.notes]
    body = [[tools.domain_cell(result, r, c) for c in head] for r in result.rows]
    lines += tools.aligned(head, body, left=len(result.group_columns))
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from target87.measure.forced_labour import (
        DesignColumns,
        ForcedLabourDefinition,
        estimate_forced_labour,
    )

    tools.check_level(args.level)
    definition = ForcedLabourDefinition(
        involuntary=tuple(tools.split_list(args.involuntary)),
        coercion=tuple(tools.split_list(args.coercion)),
        involuntary_rule=args.rule,
        coercion_rule=args.rule,
        child_rule=args.child_rule,
        child_indicators=tuple(tools.split_list(args.child_indicators)),
    )
    design = DesignColumns(weight=args.weight, strata=args.strata, psu=args.psu, fpc=args.fpc,
                           age=args.age, sex=args.sex)
    result = estimate_forced_labour(
        args.file, definition, design, by=tools.split_list(args.by),
        by_cross=tools.split_list(args.cross), ci=args.ci, level=args.level,
        lonely_psu=tools.lonely_psu(args.lonely_psu), df=args.df,
    )
    text = render(result, args.format, ref_area=args.ref_area, year=args.year)
    if args.format == "sdmx":
        from target87.measure.sdmx import forced_labour_sdmx_notes

        tools.notes_to_stderr(forced_labour_sdmx_notes(result))
    tools.write_output(text, args.out)
    return 0
