"""Errors of ``target87.measure`` said in the reader's language.

The library raises ``MeasureInputError(code, template, **params)`` with an English template;
this module keeps, per code, the same template marked for translation, and fills the
translation with the error's values. A code not listed here keeps the library's English text.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext, gettext_noop, ngettext

UNEXPECTED = "unexpected"

#: code -> English template (the msgid); identical to the template the library raises with.
TEMPLATES: dict[str, str] = {
    # readers
    "column_not_found": gettext_noop("column %(column)r not found in %(source)s"),
    "column_not_in_file": gettext_noop(
        "%(file)s: column %(columns)s not found (the file has %(n_columns)s columns, "
        "e.g. %(examples)s)"),
    "columns_not_found": gettext_noop(
        "%(file)s: columns %(columns)s not found (the file has %(n_columns)s columns, "
        "e.g. %(examples)s)"),
    "file_not_found": gettext_noop("file not found: %(path)s"),
    "parquet_unreadable": gettext_noop(
        "%(file)s: expected a Parquet file, but it cannot be read (%(detail)s)"),
    "csv_not_utf8": gettext_noop(
        "%(file)s: expected UTF-8 encoded CSV text, but byte %(byte)s is not valid UTF-8; "
        "save the file as \"CSV UTF-8\""),
    "csv_no_header": gettext_noop("%(file)s: expected a CSV header row, but %(detail)s"),
    "csv_unreadable": gettext_noop(
        "%(file)s: expected UTF-8 CSV with one value per column in each row, but it "
        "cannot be read (%(detail)s)"),
    "sav_unreadable": gettext_noop(
        "%(file)s: expected an SPSS (.sav) file, but it cannot be read (%(detail)s)"),
    "dta_unreadable": gettext_noop(
        "%(file)s: expected a Stata (.dta) file, but it cannot be read (%(detail)s)"),
    "file_unreadable": gettext_noop("cannot read %(file)s: %(detail)s"),
    "too_many_columns": gettext_noop(
        "%(file)s has %(n)s columns; at most %(limit)s are accepted (setting %(setting)s)"),
    "too_many_rows": gettext_noop(
        "%(file)s has %(n)s rows; at most %(limit)s are accepted (setting %(setting)s)"),
    "too_large_expanded": gettext_noop(
        "%(file)s expands to %(size)s MB when read; at most %(limit)s MB are accepted "
        "(setting %(setting)s)"),
    "csv_header_too_long": gettext_noop(
        "%(file)s: the header line is longer than %(limit)s bytes, more than %(columns)s "
        "columns can need (setting %(setting)s)"),
    "job_time_limit": gettext_noop(
        "the estimate ran longer than %(limit)s seconds and was stopped (setting "
        "%(setting)s)"),
    "job_memory_limit": gettext_noop(
        "the estimate would need about %(needed)s MB of memory for %(rows)s rows and "
        "%(columns)s columns; at most %(limit)s MB are allowed (setting %(setting)s)"),
    # survey design
    "no_rows": gettext_noop("the data have no rows"),
    "design_column_not_numeric": gettext_noop(
        "column %(column)r must be numeric; non-numeric values at %(rows)s"),
    "design_column_missing": gettext_noop("column %(column)r is missing at %(rows)s"),
    "weight_not_finite": gettext_noop("weight column %(column)r is not finite at %(rows)s"),
    "weight_negative": gettext_noop("weight column %(column)r is negative at %(rows)s"),
    "stratum_missing": gettext_noop("stratum column %(column)r is missing at %(rows)s"),
    "psu_missing": gettext_noop("PSU column %(column)r is missing at %(rows)s"),
    "fpc_not_positive": gettext_noop("fpc column %(column)r must be positive; see %(rows)s"),
    "fpc_varies": gettext_noop("fpc column %(column)r varies within a stratum at %(rows)s"),
    "fpc_too_small": gettext_noop(
        "fpc column %(column)r is smaller than the number of sampled PSUs in "
        "stratum %(stratum)r"),
    "single_psu_stratum": gettext_noop(
        "stratum column %(column)r: %(count)s stratum(s) with a single PSU (%(strata)s) at "
        "%(rows)s. Choose a lonely-PSU option (certainty, adjust or remove) or merge strata."),
    # child labour
    "column_not_numeric": gettext_noop(
        "%(what)s column %(column)r must be numeric; found %(value)r at %(rows)s"),
    "hours_negative": gettext_noop("%(what)s column %(column)r has negative hours at %(rows)s"),
    "age_missing": gettext_noop("age column %(column)r is missing at %(rows)s"),
    "age_out_of_range": gettext_noop(
        "age column %(column)r is outside 5-17 (or not whole years), e.g. %(value)g, "
        "at %(rows)s"),
    "weight_missing": gettext_noop("weight column %(column)r is missing at %(rows)s"),
    "no_children": gettext_noop("no child aged 5-17 is counted in the data"),
    "hazard_columns_unmapped": gettext_noop(
        "the definition includes hazardous conditions but the mapping has no hazard columns"),
    "hazard_columns_absent": gettext_noop(
        "hazardous-work rows need the hazard items: none of the mapping's hazard "
        "columns (%(columns)s) is in the data"),
    "mapping_key_required": gettext_noop("mapping: %(key)r is required"),
    "mapping_econ_hours_required": gettext_noop(
        "mapping: 'econ_hours' (hours of economic activity) is required"),
    # forced labour (target87.measure.forced_labour)
    "fl_definition_columns_invalid": gettext_noop(
        "definition %(key)r must be a list of column names"),
    "fl_involuntary_required": gettext_noop(
        "give at least one column indicating involuntary work (--involuntary)"),
    "fl_coercion_required": gettext_noop(
        "give at least one column indicating coercion (--coercion)"),
    "fl_rule_unknown": gettext_noop("%(key)s must be one of %(choices)s; got %(value)r"),
    "fl_child_rule_unknown": gettext_noop(
        "child_rule must be one of %(choices)s; got %(value)r"),
    "fl_definition_keys_unknown": gettext_noop(
        "definition: unknown key(s) %(keys)s; known keys are %(known)s"),
    "fl_definition_invalid": gettext_noop(
        "the forced labour definition must be a mapping of columns"),
    "fl_design_keys_unknown": gettext_noop(
        "design: unknown key(s) %(keys)s; known keys are %(known)s"),
    "fl_indicator_not_yes_no": gettext_noop(
        "indicator column %(column)r must hold yes/no answers (1 yes, 0 or 2 no, or the words "
        "yes/no); found %(value)r at %(rows)s"),
    "fl_columns_missing": gettext_noop("%(source)s: column(s) %(columns)s not found"),
    "fl_age_missing": gettext_noop("age column %(column)r is missing or negative at %(rows)s"),
    "level_invalid": gettext_noop("level must be between 0 and 1"),
    # list-overlap tables and multiple systems estimation (target87.measure.mse)
    "mse_file_unreadable": gettext_noop("%(file)s: cannot be read (%(reason)s)"),
    "mse_file_not_utf8": gettext_noop("%(file)s: is not UTF-8 text"),
    "mse_empty_table": gettext_noop("%(file)s: the table is empty"),
    "mse_no_rows": gettext_noop("%(file)s: the table has no rows"),
    "mse_all_zero": gettext_noop("%(file)s: every count is zero"),
    "mse_count_missing": gettext_noop("%(file)s: no column named 'count'"),
    "mse_list_unnamed": gettext_noop("%(file)s: list column %(position)s has no name"),
    "mse_list_repeated": gettext_noop("%(file)s: column %(column)r appears twice"),
    "mse_too_few_lists": gettext_noop(
        "%(file)s: needs at least two list columns besides 'count', found %(found)s"),
    "mse_row_too_long": gettext_noop("%(file)s, line %(line)s: more values than columns"),
    "mse_list_not_binary": gettext_noop(
        "%(file)s, line %(line)s, column %(column)r: expected 0 or 1, got %(value)r"),
    "mse_count_not_number": gettext_noop(
        "%(file)s, line %(line)s, column 'count': expected a whole number, got %(value)r"),
    "mse_count_not_whole": gettext_noop(
        "%(file)s, line %(line)s, column 'count': expected a whole number, got %(value)r"),
    "mse_count_negative": gettext_noop(
        "%(file)s, line %(line)s, column 'count': a count cannot be negative, got %(value)r"),
    "mse_row_on_no_list": gettext_noop(
        "%(file)s, line %(line)s: a row on no list is the figure to estimate and cannot be "
        "given"),
    "mse_list_empty": gettext_noop("%(file)s, column %(column)r: nobody is on this list"),
    "mse_not_identifiable": gettext_noop(
        "model %(terms)s: its parameters are not identifiable from these lists (more terms "
        "than the table can separate)"),
    "mse_estimate_not_exist": gettext_noop(
        "model %(terms)s: the estimate does not exist (it is infinite or undefined) because "
        "nobody is on both %(lists)s"),
    "mse_estimate_not_exist_overlaps": gettext_noop(
        "model %(terms)s: the estimate does not exist (it is infinite or undefined) for these "
        "overlaps"),
    "mse_interval_unbounded": gettext_noop(
        "model %(terms)s: the %(side)s end of the interval is unbounded"),
    "mse_bootstrap_too_few": gettext_noop(
        "bootstrap: expected at least 1 replicate, got %(value)s"),
    "mse_bootstrap_no_estimate": gettext_noop(
        "bootstrap: no replicate had an estimate for model %(terms)s"),
    "mse_model_unknown": gettext_noop("model %(model)r: expected one of %(models)s"),
    "mse_threshold_out_of_range": gettext_noop(
        "threshold %(value)s: expected a p-value between 0 and 1"),
    # the platform's own: a failure that is not an input error
    UNEXPECTED: gettext_noop("Unexpected error (%(kind)s): %(text)s"),
}

#: English words the library puts into messages as values, said in the reader's language.
WORDS: dict[str, str] = {
    "the data": gettext_noop("the data"),
    "none mapped": gettext_noop("none mapped"),
    "age": gettext_noop("age"),
    "weight": gettext_noop("weight"),
    "fpc": gettext_noop("fpc"),
    "population filter": gettext_noop("population filter"),
    "economic activity": gettext_noop("economic activity"),
    "economic activity hours": gettext_noop("economic activity hours"),
    "household chores": gettext_noop("household chores"),
    "household chores hours": gettext_noop("household chores hours"),
    "hazardous conditions": gettext_noop("hazardous conditions"),
}

_WORD_PARAMS = ("what", "source", "columns")


def _rows(numbers, count: int) -> str:
    listed = ", ".join(str(n) for n in numbers)
    if count > len(numbers):
        return gettext("rows %(numbers)s (first %(shown)s of %(total)s)") % {
            "numbers": listed, "shown": len(numbers), "total": count}
    return ngettext("row %(numbers)s", "rows %(numbers)s", count) % {"numbers": listed}


def _localised(params: Mapping) -> dict:
    out = dict(params)
    if "row_numbers" in out and "row_count" in out:
        out["rows"] = _rows(out["row_numbers"], int(out["row_count"]))
    for key in _WORD_PARAMS:
        value = out.get(key)
        if isinstance(value, str) and value in WORDS:
            out[key] = gettext(WORDS[value])
    return out


def describe_code(code: str | None, params: Mapping | None, fallback: str) -> str:
    """The message for ``code`` in the active language, or ``fallback`` (the English text)
    when the code is unknown here or its values do not fit the template."""
    template = TEMPLATES.get(code or "")
    if template is None:
        return fallback
    try:
        return gettext(template) % _localised(params or {})
    except (KeyError, TypeError, ValueError):
        # A stored error from an older library version may lack a value: keep its text.
        return fallback


def describe_known(code: str | None, params: Mapping | None) -> str | None:
    """The message of a code listed here in the active language, else ``None`` (for the
    platform's job pages, which know only their own reasons)."""
    if not code or code not in TEMPLATES:
        return None
    return describe_code(code, params, "") or None


def describe(exc: BaseException) -> str:
    """``exc`` (a ``MeasureInputError`` or any other error) said in the active language."""
    return describe_code(getattr(exc, "code", None), getattr(exc, "params", None), str(exc))


def error_detail(exc: BaseException) -> tuple[str, dict]:
    """``(code, params)`` of ``exc`` to store with a failed run (``("", {})`` if it has none)."""
    code = getattr(exc, "code", None)
    if not code:
        return "", {}
    return code, dict(getattr(exc, "params", None) or {})
