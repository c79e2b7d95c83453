"""SDMX-CSV output of SDG 8.7.1 and forced labour results.

SDMX-CSV 1.0 (https://github.com/sdmx-twg/sdmx-csv) with the dimensions of the SDG
global data structure (DSD ``SDG``, dataflow ``IAEG-SDGs:DF_SDG_GLH``): series
``SL_TLF_CHLDEA`` (SNA production boundary, "proportion of children engaged in economic
activity") and ``SL_TLF_CHLDEC`` (general production boundary, "... engaged in economic
activity and household chores"), ``SEX`` (``F``, ``M``, ``_T``), ``AGE`` (``Y5T11``,
``Y12T14``, ``Y15T17``, ``Y5T14``, ``Y5T17``) and ``URBANISATION`` (``U`` urban, ``R``
rural, ``_T`` total).

A ``by`` column is written only when it is an urban/rural split (value labels starting
"urban"/"rural", or the MICS6 area variable ``HH6``/a column named ``area`` with codes
1 = urban, 2 = rural); rows split by any other column, and the ``hazardous`` rows (no SDG
series), are left out and :func:`sdmx_notes` says so.

Forced labour has no SDG series. Its rows (:func:`forced_labour_sdmx_csv`) are laid out
the same way, so one reader takes both, in a dataflow of this platform's own
(``TARGET87:DF_FORCED_LABOUR``): series ``FL_PREV_ESTIMATES``, the code of "National/regional/
sectoral estimates of forced labour" in the monitoring framework's indicator catalogue;
``OBS_VALUE`` and the bounds per 1,000 persons, ``UNIT_MEASURE`` ``PER_1000`` (this
platform's code; the SDG unit code list was not checked for one); ``AGE`` ``Y0T17``,
``Y18T29``, ``Y30T49``, ``Y_GE50``, ``Y_GE18`` and ``_T`` (all ages).
"""

from __future__ import annotations

import csv
import io
import math

from target87.measure.domains import DomainResult

TOTAL = "total"
DATAFLOW = "IAEG-SDGs:DF_SDG_GLH(1.0)"
SERIES = {"sna": "SL_TLF_CHLDEA", "general": "SL_TLF_CHLDEC"}
AGE_CODES = {"5-11": "Y5T11", "12-14": "Y12T14", "15-17": "Y15T17", "5-14": "Y5T14",
             TOTAL: "Y5T17"}
FL_DATAFLOW = "TARGET87:DF_FORCED_LABOUR(1.0)"
FL_SERIES = {"forced_labour": "FL_PREV_ESTIMATES"}
FL_AGE_CODES = {"0-17": "Y0T17", "18-29": "Y18T29", "30-49": "Y30T49", "50+": "Y_GE50",
                "18+": "Y_GE18", TOTAL: "_T"}
FL_UNIT = "PER_1000"
HEADER = ["DATAFLOW", "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE",
          "URBANISATION", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "UNIT_MULT",
          "LOWER_BOUND", "UPPER_BOUND", "NATURE", "SOURCE_DETAIL", "COMMENT_OBS"]
#: Column names that hold the MICS area variable (1 urban, 2 rural) when unlabelled.
AREA_COLUMNS = {"hh6", "area", "urban_rural", "urbanisation", "urbanization", "residence"}
_URBAN = ("urban", "urbain", "urbano", "city", "town")
_RURAL = ("rural",)


def sex_code(result: DomainResult, code) -> str | None:
    """SDMX sex code from the file's value labels, else the MICS convention 1=M, 2=F."""
    if code == TOTAL:
        return "_T"
    label = (result.label("sex", code) or "").strip().lower()
    if label.startswith(("f", "girl", "wom")):
        return "F"
    if label.startswith(("m", "boy")):
        return "M"
    if not label:
        return {1: "M", 2: "F", "1": "M", "2": "F", "M": "M", "F": "F"}.get(code)
    return None


def urbanisation_code(result: DomainResult, column: str, code) -> str | None:
    """``U``/``R`` for a value of an area column, ``None`` if it is not urban or rural."""
    if code == TOTAL:
        return "_T"
    label = (result.label(column, code) or "").strip().lower()
    if not label and isinstance(code, str):
        label = code.strip().lower()
        if label in ("u", "r"):
            return label.upper()
    if label:
        if label.startswith(_URBAN):
            return "U"
        if label.startswith(_RURAL):
            return "R"
        return None
    if column.lower() in AREA_COLUMNS:
        return {1: "U", 2: "R"}.get(code)
    return None


def _urbanisation_column(result: DomainResult, column: str) -> bool:
    """Whether every value of ``column`` among the rows is urban or rural."""
    codes = {r.get(column, TOTAL) for r in result.rows} - {TOTAL}
    return bool(codes) and all(urbanisation_code(result, column, c) for c in codes)


def _plan(result: DomainResult, series: dict = SERIES, who: str = "child"):
    extra = [c for c in result.group_columns if c not in ("sex", "age_group")]
    area = next((c for c in extra if _urbanisation_column(result, c)), None)
    written, omitted = [], {}
    for row in result.rows:
        split = [c for c in extra if row.get(c, TOTAL) != TOTAL]
        reason = None
        if row["basis"] not in series:
            reason = f"basis {row['basis']} (no SDG series)"
        elif split and split != [area]:
            reason = f"split by {', '.join(s for s in split if s != area)} (no SDMX dimension)"
        elif not math.isfinite(row["estimate"]):
            reason = f"estimate not defined (no {who} in the group)"
        sex = sex_code(result, row["sex"])
        if reason is None and sex is None:
            reason = "sex code without an SDMX code"
        if reason is not None:
            omitted[reason] = omitted.get(reason, 0) + 1
            continue
        urban = urbanisation_code(result, area, row[area]) if area else "_T"
        written.append((row, sex, urban))
    return written, omitted, area


def sdmx_notes(result: DomainResult, series: dict = SERIES, who: str = "child") -> list[str]:
    """What the SDMX-CSV leaves out (and which column gave URBANISATION), for the user."""
    _, omitted, area = _plan(result, series, who)
    notes = []
    if area:
        notes.append(f"SDMX: column {area!r} written as URBANISATION (U urban, R rural)")
    for reason, count in omitted.items():
        notes.append(f"SDMX: {count} row(s) omitted: {reason}")
    return notes


def _write(result: DomainResult, *, dataflow: str, series: dict, age_codes: dict, unit: str,
           se_unit: str, ref_area: str, time_period: str, source: str) -> str:
    written, _, _ = _plan(result, series)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for row, sex, urban in written:
        df_method = row.get("df_method") or result.df_method
        comment = (
            f"SE {row['se']:.4g} {se_unit}; df {row['df']} ({df_method}); "
            f"deff {row['deff']:.4g}; n {row['n']}; {result.ci_method} "
            f"{int(result.level * 100)}% CI; definition {row['definition']}"
        )
        writer.writerow([
            dataflow, "A", "N", series[row["basis"]], ref_area, sex,
            age_codes[row["age_group"]], urban, time_period, f"{row['estimate']:.6g}", unit,
            "0", f"{row['ci_low']:.6g}", f"{row['ci_high']:.6g}", "C", source, comment,
        ])
    return buf.getvalue()


def to_sdmx_csv(
    result: DomainResult, *, ref_area: str = "", time_period: str = "", source: str = ""
) -> str:
    """SDMX-CSV text for the total, sex, age and urban/rural rows (see :func:`sdmx_notes`)."""
    return _write(result, dataflow=DATAFLOW, series=SERIES, age_codes=AGE_CODES, unit="PT",
                  se_unit="pp", ref_area=ref_area, time_period=time_period, source=source)


def forced_labour_sdmx_notes(result: DomainResult) -> list[str]:
    """What the forced labour SDMX-CSV leaves out, for the user."""
    return sdmx_notes(result, FL_SERIES, who="person")


def forced_labour_sdmx_csv(
    result: DomainResult, *, ref_area: str = "", time_period: str = "", source: str = ""
) -> str:
    """SDMX-CSV text of a forced labour result's total, sex and age group rows, per 1,000
    persons (see the module text and :func:`forced_labour_sdmx_notes`)."""
    return _write(result, dataflow=FL_DATAFLOW, series=FL_SERIES, age_codes=FL_AGE_CODES,
                  unit=FL_UNIT, se_unit="per 1,000", ref_area=ref_area,
                  time_period=time_period, source=source)
