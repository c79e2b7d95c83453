"""Forced labour from survey microdata on the platform: the mapping of a file's involuntary-
work and coercion questions, runs over ``target87.measure.forced_labour`` (the same uploads,
runs, jobs and progress as the child-labour estimates, ``EstimateRun`` of kind
``forced_labour``), and draft observations of ``FL_PREV_ESTIMATES`` made from a run.

The statistics are the library's (ICLS 2018 statistical definition); this module stores what
went in and what came out.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from target87.accounts.permissions import Action, require
from target87.measure import forced_labour as fl
from target87.measure.cli import MeasureInputError
from target87.measure.readers import ReaderError
from target87.surveys.errors import describe
from target87.surveys.models import EstimateRun, RunKind, RunStatus, SurveyUpload

#: the monitoring indicator the estimates are saved to (percent; the library gives per 1,000)
INDICATOR = "FL_PREV_ESTIMATES"
TOTAL = fl.TOTAL

PROGRESS_MESSAGES = (gettext_noop("computing intervals"), gettext_noop("done"))


def build(involuntary, coercion, *, involuntary_rule="any", coercion_rule="any",
          child_rule="coercion", child_indicators=(), weight=None, strata=None, psu=None,
          age=None, sex=None):
    """The library's definition and design columns, or a ValidationError in the reader's
    language."""
    try:
        definition = fl.ForcedLabourDefinition(
            involuntary=tuple(involuntary), coercion=tuple(coercion),
            involuntary_rule=involuntary_rule, coercion_rule=coercion_rule,
            child_rule=child_rule, child_indicators=tuple(child_indicators))
        design = fl.DesignColumns(weight=weight or None, strata=strata or None,
                                  psu=psu or None, age=age or None, sex=sex or None)
    except MeasureInputError as exc:
        raise ValidationError(describe(exc), code=exc.code) from None
    return definition, design


def _check_columns(upload: SurveyUpload, names) -> None:
    from target87.surveys.services import resolve_columns

    missing = [n for n, actual in resolve_columns(upload, names).items() if actual is None]
    if missing:
        raise ValidationError(_("%(file)s has no column %(columns)s.")
                              % {"file": upload.original_name, "columns": ", ".join(missing)},
                              code="columns")


def preview(upload: SurveyUpload, definition, design, n: int = 10) -> dict:
    """The first ``n`` rows of the mapped columns with the definition applied to them:
    ``{"columns": [...], "rows": [{"cells", "flags": (involuntary, coercion, forced)}],
    "problem": message or ""}``."""
    import numpy as np

    from target87.surveys.services import _cell, read_preview, resolve_columns

    wanted = list(dict.fromkeys([*design.columns(), *definition.columns()]))
    resolved = resolve_columns(upload, wanted)
    out = {"columns": wanted, "rows": [], "problem": ""}
    if any(v is None for v in resolved.values()):
        out["problem"] = _("%(file)s has no column %(columns)s.") % {
            "file": upload.original_name,
            "columns": ", ".join(c for c, v in resolved.items() if v is None)}
        return out
    try:
        table = read_preview(upload, [resolved[c] for c in wanted], n)
        table.columns = {c: table.columns[resolved[c]] for c in wanted}
        table.value_labels = {c: table.value_labels[resolved[c]] for c in wanted
                              if resolved[c] in table.value_labels}
        age = (np.asarray(table.columns[design.age], dtype=float) if design.age else None)
        cls = fl.classify(table, definition, age)
    except (MeasureInputError, ReaderError, OSError, ValueError) as exc:
        out["problem"] = describe(exc)
        return out
    for i in range(table.n_rows):
        out["rows"].append({
            "cells": [_cell(table, c, table.columns[c][i]) for c in wanted],
            "flags": (bool(cls.involuntary[i]), bool(cls.coercion[i]),
                      bool(cls.forced_labour[i]))})
    return out


@transaction.atomic
def start_run(user, upload: SurveyUpload, definition, design, *, by=(), ci: str = "logit",
              lonely_psu: str = "error") -> EstimateRun:
    """Record a forced-labour run over ``upload`` and queue it for the worker."""
    from target87.surveys.services import CI_METHODS, LONELY_PSU, queue_run

    require(user, Action.CREATE, upload)
    if ci not in CI_METHODS or lonely_psu not in LONELY_PSU:
        raise ValidationError(_("Unknown estimation option."))
    _check_columns(upload, [*design.columns(), *definition.columns(), *by])
    run = EstimateRun.objects.create(
        upload=upload, kind=RunKind.FORCED_LABOUR,
        mapping={"design": design.to_dict()}, definition=definition.to_dict(),
        options={"by": list(by), "ci": ci, "lonely_psu": lonely_psu, "level": 0.95},
        created_by=user)
    label = _("Forced labour estimate: %(file)s") % {"file": upload.original_name}
    return queue_run(run, label, user)


def retry(user, run: EstimateRun) -> EstimateRun:
    options = run.options or {}
    return start_run(user, run.upload, fl.ForcedLabourDefinition.from_dict(run.definition),
                     fl.DesignColumns.from_dict(run.mapping.get("design") or {}),
                     by=options.get("by") or (), ci=options.get("ci", "logit"),
                     lonely_psu=options.get("lonely_psu", "error"))


def estimate_run(run: EstimateRun, report) -> tuple[list, dict]:
    """Body of the job for a run of kind ``forced_labour``: (rows, metadata)."""
    from target87.surveys.services import _plain, check_job_memory

    options = run.options or {}
    check_job_memory(run)
    result = fl.estimate_forced_labour(
        run.upload.file.path, fl.ForcedLabourDefinition.from_dict(run.definition),
        fl.DesignColumns.from_dict(run.mapping.get("design") or {}),
        by=options.get("by") or (), ci=options.get("ci", "logit"),
        level=float(options.get("level", 0.95)),
        lonely_psu=options.get("lonely_psu", "error"), progress=report)
    meta = result.metadata()
    meta["group_columns"] = result.group_columns
    meta["value_labels"] = {col: {str(_plain(k)): str(v) for k, v in labels.items()}
                            for col, labels in result.value_labels.items()}
    return result.rows, meta


# --- results -----------------------------------------------------------------------------------


def _label(run: EstimateRun, column: str, code) -> str | None:
    from target87.surveys.services import _plain

    labels = (run.metadata.get("value_labels") or {}).get(column) or {}
    return labels.get(str(_plain(code)))


def sex_of(run: EstimateRun, code) -> str | None:
    """``"female"`` or ``"male"`` from the file's label (else 1 = male, 2 = female)."""
    label = (_label(run, "sex", code) or "").strip().lower()
    if label.startswith(("f", "wom", "girl")):
        return "female"
    if label.startswith(("m", "man", "men", "boy")):
        return "male"
    if not label:
        return {"1": "male", "2": "female"}.get(str(code).split(".")[0])
    return None


def display_rows(run: EstimateRun) -> list[dict]:
    group_cols = run.metadata.get("group_columns", ["sex", "age_group"])
    out = []
    for row in run.rows:
        parts = []
        for col in group_cols:
            value = row.get(col, TOTAL)
            if value == TOTAL:
                continue
            if col == "sex":
                sex = sex_of(run, value)
                parts.append({"female": _("Women and girls"), "male": _("Men and boys")}.get(
                    sex, _label(run, col, value) or _("Sex: %(v)s") % {"v": value}))
            elif col == "age_group":
                parts.append(_("Age %(v)s") % {"v": value})
            else:
                parts.append(_label(run, col, value) or f"{col}: {value}")
        out.append({**row, "group": ", ".join(parts) or _("Total"),
                    "is_cross": len(parts) > 1})
    return out


def observation_rows(run: EstimateRun) -> list[tuple[dict, dict]]:
    """(disaggregation, row) for the rows FL_PREV_ESTIMATES takes: overall and by sex."""
    group_cols = run.metadata.get("group_columns", ["sex", "age_group"])
    out = []
    for row in run.rows:
        if row.get("estimate") is None:
            continue
        if any(row.get(c, TOTAL) != TOTAL for c in group_cols if c != "sex"):
            continue
        dis = {}
        if row.get("sex", TOTAL) != TOTAL:
            sex = sex_of(run, row["sex"])
            if sex is None:
                continue
            dis["sex"] = sex
        out.append((dis, row))
    return out


def method_note(run: EstimateRun) -> str:
    meta = run.metadata
    design = meta.get("design", {})
    cols = meta.get("columns", {})
    level = int(round(100 * float(meta.get("level", 0.95))))
    version = (meta.get("software") or {}).get("target87", "unknown")
    parts = [
        f"Forced labour estimated from survey microdata ({run.upload.original_name}, SHA-256 "
        f"{run.upload.sha256[:16]}…, estimate run #{run.pk}); the estimate per 1,000 persons "
        f"is stored as a percentage.",
        f"Definition: {meta.get('definition', {}).get('description', '')} "
        f"[{meta.get('definition', {}).get('id', '')}]",
        "Columns: " + ", ".join(f"{k}={v}" for k, v in cols.items() if v) + ".",
        f"Design: {design.get('observations')} observations, strata {design.get('strata')}, "
        f"PSUs {design.get('psus')}, df {design.get('df')}, lonely PSU "
        f"{design.get('lonely_psu')}.",
        f"Confidence intervals: {meta.get('ci_method')} {level}%; number = weighted persons "
        f"in forced labour.",
    ]
    if meta.get("notes"):
        parts.append("Notes: " + "; ".join(meta["notes"]) + ".")
    parts.append(f"Software: target87 {version} "
                 f"(target87.measure.forced_labour.estimate_forced_labour).")
    return " ".join(parts)


def _percent(value, field: str):
    from target87.surveys.services import rounded

    return None if value is None else rounded(float(value) / 10.0, field)


@transaction.atomic
def save_as_observations(run: EstimateRun, user, period: int, source: str = "") -> list:
    """The overall and by-sex rows as draft values of FL_PREV_ESTIMATES for ``period``: all
    or nothing."""
    from target87.monitoring.services import save_observation
    from target87.surveys.services import rounded

    require(user, Action.CHANGE, run)
    if run.status != RunStatus.FINISHED:
        raise ValidationError(_("Only a finished estimate can be saved."))
    note = method_note(run)
    source = (source.strip() or run.upload.description or run.upload.original_name)[:300]
    saved = []
    for dis, row in observation_rows(run):
        try:
            obs = save_observation(
                run.upload.country, INDICATOR, period, _percent(row["estimate"], "value"), dis,
                se=_percent(row.get("se"), "se"), ci_low=_percent(row.get("ci_low"), "ci_low"),
                ci_high=_percent(row.get("ci_high"), "ci_high"),
                numerator=rounded(row.get("number"), "numerator"),
                denominator=rounded(row.get("population"), "denominator"),
                source=source, method_note=note, user=user)
        except ValidationError as exc:
            where = ", ".join(f"{k}={v}" for k, v in dis.items()) or _("total")
            raise ValidationError(_("%(code)s (%(where)s): %(error)s")
                                  % {"code": INDICATOR, "where": where,
                                     "error": "; ".join(exc.messages)}) from None
        saved.append(obs)
    run.observations.add(*saved)
    run.saved_period = period
    run.save(update_fields=["saved_period"])
    return saved
