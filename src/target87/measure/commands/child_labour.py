"""``target87 measure child-labour``: SDG 8.7.1 with sampling errors from survey microdata."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from target87.measure import command_tools as tools
from target87.measure.cli import MeasureInputError

NAME = "child-labour"

STAT_COLUMNS = ["basis", "estimate", "se", "ci_low", "ci_high", "df", "df_method", "deff", "n",
                "population", "number", "number_se", "definition"]
DESCRIPTION = """\
SDG 8.7.1: proportion and number of children aged 5-17 in child labour, on the SNA
(--basis sna) and the general (--basis general) production boundary, with Taylor-linearised
standard errors for a stratified cluster design. Rows: overall, by sex, age group
(5-11, 12-14, 15-17, 5-14) and sex x age group; each --by column alone and crossed with
sex and with age group (--cross). --hazard adds rows with basis "hazardous": children
working under hazardous conditions (MICS6 table PR.3.4: any of CL4, CL5, CL6A-CL6X yes), a
separate indicator.

Degrees of freedom (--df, recorded in every row as df_method): "domain" (default) counts
the PSUs minus the strata that hold a member of the domain, as R's survey package does on
a subset design; "design" uses PSUs minus strata of the whole design for every domain.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", metavar="FILE", help="CSV, Parquet, SPSS .sav or Stata .dta")
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--preset", default=None, help="built-in variable mapping (mics6)")
    src.add_argument("--mapping", metavar="FILE", help="JSON variable mapping")
    tools.add_column_options(parser, (
        ("--age", "age in years"),
        ("--sex", "sex"),
        ("--econ-hours", "hours of economic activity (comma-separated columns are added)"),
        ("--chores-hours", "hours of household chores (comma-separated columns are added)"),
        *tools.DESIGN_COLUMNS,
    ))
    parser.add_argument("--by", default="", metavar="COL,...",
                        help="more grouping columns; each gives its own totals and, with the "
                             "default --cross, its crosses with sex and with age group")
    tools.add_cross_option(parser)
    parser.add_argument("--hazard", action="store_true",
                        help="also estimate children working under hazardous conditions "
                             "(rows with basis 'hazardous'; MICS6 CL4-CL6X, table PR.3.4)")
    tools.add_interval_options(
        parser, df_help="degrees of freedom for intervals: 'domain' (default, as R's survey "
                        "package: PSUs minus strata holding domain members) or 'design' (PSUs "
                        "minus strata of the whole design)")
    parser.add_argument("--basis", choices=["sna", "general", "both"], default="both")
    parser.add_argument("--definition", default="sdg-8.7.1",
                        help="sdg-8.7.1, sdg-8.7.1-more-than, mics6-hazard, mics3-5 or a JSON file")
    parser.add_argument("--comparison", choices=[">=", ">"], default=None,
                        help="hours compared with thresholds using >= (default) or >")
    parser.add_argument("--include-hazard", action="store_true",
                        help="count hazardous working conditions as child labour (the earlier "
                             "MICS6 definition); see --hazard for the separate indicator")
    parser.add_argument("--out-of-range", choices=["error", "exclude"], default="error",
                        help="ages outside 5-17: error (default) or not counted")
    parser.add_argument("--format", choices=["table", "csv", "json", "sdmx"], default="table")
    parser.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--ref-area", default="", help="SDMX REF_AREA (M49 code)")
    parser.add_argument("--year", default="", help="SDMX TIME_PERIOD")


def _mapping(args):
    from dataclasses import replace

    from target87.measure.child_labour import VariableMapping, get_mapping

    overrides = {
        "age": args.age, "sex": args.sex, "weight": args.weight, "strata": args.strata,
        "psu": args.psu, "fpc": args.fpc,
    }
    overrides = {k: v for k, v in overrides.items() if v}
    for key, value in (("econ_hours", args.econ_hours), ("chores_hours", args.chores_hours)):
        if value:
            overrides[key] = tuple(tools.split_list(value))
    if args.mapping:
        base = get_mapping(Path(args.mapping))
    elif args.preset:
        base = get_mapping(args.preset)
    elif overrides:
        if "age" not in overrides or "weight" not in overrides or "econ_hours" not in overrides:
            raise MeasureInputError(
                "cli_mapping_options_missing",
                "without --preset or --mapping give at least --age, --weight and --econ-hours"
            )
        return VariableMapping.from_dict(overrides)
    else:
        base = get_mapping("mics6")
    if "econ_hours" in overrides:
        # An explicit hours column replaces the preset's yes/no gate as well.
        overrides.setdefault("econ_any", ())
    if "chores_hours" in overrides:
        overrides.setdefault("chores_any", ())
    return replace(base, **overrides, name=f"{base.name}+options") if overrides else base


def _definition(args):
    from dataclasses import replace

    from target87.measure.child_labour import get_definition

    spec = args.definition
    if spec.lower().endswith(".json"):
        try:
            spec = json.loads(Path(spec).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise MeasureInputError(
                "definition_file_unreadable", "cannot read definition file %(path)s: %(detail)s",
                path=str(args.definition), detail=str(exc),
            ) from None
    definition = get_definition(spec)
    if args.comparison and args.comparison != definition.comparison:
        definition = replace(definition, comparison=args.comparison,
                             id=f"{definition.id}-{'gt' if args.comparison == '>' else 'ge'}")
    if args.include_hazard and not definition.include_hazard:
        definition = replace(definition, include_hazard=True, id=f"{definition.id}-hazard")
    return definition


def render(result, fmt: str, *, ref_area: str = "", year: str = "") -> str:
    return tools.render_result(result, fmt, result.group_columns + STAT_COLUMNS,
                               lambda: _table(result), sdmx_writer="to_sdmx_csv",
                               ref_area=ref_area, year=year)


def _table(result) -> str:
    head = result.group_columns + ["basis", "estimate", "se", "ci_low", "ci_high", "df", "deff",
                                   "n", "population", "number"]
    lines = [f"SDG 8.7.1 child labour: {result.definition.describe()}",
             f"{result.ci_method} {result.level:.0%} confidence intervals with "
             f"{result.df_method} degrees of freedom; estimate and CI in %, "
             "SE in percentage points"]
    lines += [f"note: {n}" for n in result.notes]
    body = [[tools.domain_cell(result, r, c) for c in head] for r in result.rows]
    lines += tools.aligned(head, body, left=len(result.group_columns) + 1)
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from target87.measure.child_labour import child_labour_prevalence

    tools.check_level(args.level)
    mapping = _mapping(args)
    definition = _definition(args)
    result = child_labour_prevalence(
        args.file,
        mapping,
        definition=definition,
        by=tools.split_list(args.by),
        basis=args.basis,
        ci=args.ci,
        level=args.level,
        lonely_psu=tools.lonely_psu(args.lonely_psu),
        out_of_range=args.out_of_range,
        df=args.df,
        hazard=args.hazard,
        by_cross=tools.split_list(args.cross),
    )
    text = render(result, args.format, ref_area=args.ref_area, year=args.year)
    if args.format == "sdmx":
        from target87.measure.sdmx import sdmx_notes

        tools.notes_to_stderr(sdmx_notes(result))
    tools.write_output(text, args.out)
    return 0
