"""SDMX-CSV output of SDG 8.7.1 results.

SDMX-CSV 1.0 (https://github.com/sdmx-twg/sdmx-csv) with the dimensions of the SDG
global data structure (DSD ``SDG``, dataflow ``IAEG-SDGs:DF_SDG_GLH``): series
``SL_TLF_CHLDEA`` (SNA production boundary, "proportion of children engaged in economic
activity") and ``SL_TLF_CHLDEC`` (general production boundary, "... engaged in economic
activity and household chores"), ``SEX`` (``F``, ``M``, ``_T``) and ``AGE`` (``Y5T11``,
``Y12T14``, ``Y15T17``, ``Y5T14``, ``Y5T17``).
"""

from __future__ import annotations

import csv
import io

from target87.measure.child_labour import TOTAL, ChildLabourResult

DATAFLOW = "IAEG-SDGs:DF_SDG_GLH(1.0)"
SERIES = {"sna": "SL_TLF_CHLDEA", "general": "SL_TLF_CHLDEC"}
AGE_CODES = {"5-11": "Y5T11", "12-14": "Y12T14", "15-17": "Y15T17", "5-14": "Y5T14",
             TOTAL: "Y5T17"}
HEADER = ["DATAFLOW", "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE",
          "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "UNIT_MULT", "LOWER_BOUND",
          "UPPER_BOUND", "NATURE", "SOURCE_DETAIL", "COMMENT_OBS"]


def sex_code(result: ChildLabourResult, code) -> str | None:
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


def to_sdmx_csv(
    result: ChildLabourResult, *, ref_area: str = "", time_period: str = "", source: str = ""
) -> str:
    """SDMX-CSV text for the total, sex and age rows (other groupings have no SDG dimension)."""
    extra = [c for c in result.group_columns if c not in ("sex", "age_group")]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for row in result.rows:
        if any(row[c] != TOTAL for c in extra):
            continue
        sex = sex_code(result, row["sex"])
        if sex is None:
            continue
        comment = (
            f"SE {row['se']:.4g} pp; df {row['df']}; deff {row['deff']:.4g}; n {row['n']}; "
            f"{result.ci_method} {int(result.level * 100)}% CI; definition {row['definition']}"
        )
        writer.writerow([
            DATAFLOW, "A", "N", SERIES[row["basis"]], ref_area, sex,
            AGE_CODES[row["age_group"]], time_period, f"{row['estimate']:.6g}", "PT", "0",
            f"{row['ci_low']:.6g}", f"{row['ci_high']:.6g}", "C", source, comment,
        ])
    return buf.getvalue()
