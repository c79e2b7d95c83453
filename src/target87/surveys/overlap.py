"""Hidden victims of human trafficking on the platform: list-overlap tables, multiple systems
estimation runs over ``target87.measure.mse``, and the draft observation made from a run.

A country's lists of identified victims (police, NGOs, social services...) are uploaded as one
table: one 0/1 column per list and a ``count`` column. The table is checked before anything is
stored; the estimate runs as a background job (the same runs, jobs and progress as the survey
estimates, ``EstimateRun`` of kind ``trafficking_mse``); the result is saved as a draft value
of the indicator ``HT_PREV_MSE`` with a method note, and goes through the draft-values review.

The statistics are the library's; this module stores what went in and what came out.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from target87.accounts.permissions import Action, require
from target87.measure import mse
from target87.measure.cli import MeasureInputError
from target87.surveys.errors import describe
from target87.surveys.models import (
    EstimateRun,
    RunKind,
    RunStatus,
    SurveyUpload,
    UploadContent,
)

#: the monitoring indicator the estimate is saved to (data/indicators.csv)
INDICATOR = "HT_PREV_MSE"
MODELS = mse.MODELS
DEFAULT_THRESHOLD = mse.DEFAULT_THRESHOLD
MAX_BOOTSTRAP = 2000
# Largest overlap table accepted: 2^k - 1 combinations of k lists, so at most 12 lists.
MAX_LISTS = 12
MAX_BYTES = 1024 * 1024

# The library's progress messages, said in each reader's language on the progress bar.
PROGRESS_MESSAGES = (
    gettext_noop("checking the independence model"),
    gettext_noop("choosing the model"),
    gettext_noop("fitting the chosen model"),
    gettext_noop("profile-likelihood interval"),
    gettext_noop("parametric bootstrap"),
    gettext_noop("reading the table"),
)


def model_label(model: str) -> str:
    return {"independence": _("Independence (main effects only)"),
            "stepwise": _("Stepwise selection of two-list interactions (p-value threshold)"),
            "bic": _("Two-list interactions chosen by BIC")}.get(model, model)


# --- reading and checking ----------------------------------------------------------------------


def read_table(data: bytes, name: str) -> mse.OverlapTable:
    """The overlap table in ``data`` (CSV bytes of the file ``name``), checked: a message
    naming the file, the line and the column for anything the estimator cannot use."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s kB; a list-overlap table has one row per "
              "combination of lists.") % {"name": name, "limit": MAX_BYTES // 1024},
            code="size")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("%(name)s is not UTF-8 text; save the table as \"CSV UTF-8\".") % {"name": name},
            code="encoding") from None
    try:
        table = mse.read_overlap_text(text, source=name)
    except csv.Error as exc:
        raise ValidationError(_("%(name)s cannot be read as CSV (%(detail)s).")
                              % {"name": name, "detail": exc}, code="csv") from None
    except MeasureInputError as exc:
        raise ValidationError(describe(exc), code=exc.code) from None
    if len(table.lists) > MAX_LISTS:
        raise ValidationError(
            _("%(name)s has %(n)s list columns; at most %(limit)s are accepted.")
            % {"name": name, "n": len(table.lists), "limit": MAX_LISTS}, code="too_many_lists")
    return table


def check_options(table: mse.OverlapTable, model: str, threshold: float, bootstrap: int,
                  seed: int) -> None:
    """Refuse options the estimator cannot use, and a table whose estimate does not exist even
    under the independence model (every model starts from it)."""
    if model not in MODELS:
        raise ValidationError(_("Unknown model: %(model)s.") % {"model": model}, code="model")
    if not 0 < threshold < 1:
        raise ValidationError(_("The p-value threshold must be between 0 and 1."),
                              code="threshold")
    if not 0 <= bootstrap <= MAX_BOOTSTRAP:
        raise ValidationError(_("Bootstrap replicates: from 0 (none) to %(max)s.")
                              % {"max": MAX_BOOTSTRAP}, code="bootstrap")
    if seed < 0:
        raise ValidationError(_("The seed must be zero or more."), code="seed")
    try:
        mse.check_model(table, [])
    except MeasureInputError as exc:
        raise ValidationError(describe(exc), code=exc.code) from None


def overlaps(table: mse.OverlapTable) -> dict:
    """What the run page shows of the table: each list's total, each pair's overlap, and the
    people on each combination of lists (most first)."""
    k = len(table.lists)
    matrix = [[table.list_total(i) if i == j else table.overlap(i, j) for j in range(k)]
              for i in range(k)]
    combos = sorted(((p, c) for p, c in table.cells.items() if c),
                    key=lambda pc: (-pc[1], pc[0]))
    return {"lists": list(table.lists), "matrix": matrix,
            "cells": [{"lists": [table.lists[i] for i in range(k) if p[i]], "pattern": list(p),
                       "count": c} for p, c in combos]}


# --- runs --------------------------------------------------------------------------------------


@transaction.atomic
def start_new(user, country, uploaded, period: int, *, model: str = "stepwise",
              threshold: float = DEFAULT_THRESHOLD, bootstrap: int = 0, seed: int = 0,
              description: str = "") -> EstimateRun:
    """Check the uploaded table and the options, store the table and queue its estimate.

    Nothing is stored when the table or the options are refused.
    """
    from target87.surveys.services import create_upload

    probe = SurveyUpload(country=country, content=UploadContent.LIST_OVERLAP, period=period)
    require(user, Action.CREATE, probe)
    uploaded.seek(0)
    table = read_table(uploaded.read(MAX_BYTES + 1), uploaded.name)
    uploaded.seek(0)
    check_options(table, model, threshold, bootstrap, seed)
    upload = create_upload(user, country, uploaded, description,
                           content=UploadContent.LIST_OVERLAP, period=period)
    return start_run(user, upload, model=model, threshold=threshold, bootstrap=bootstrap,
                     seed=seed)


@transaction.atomic
def start_run(user, upload: SurveyUpload, *, model: str = "stepwise",
              threshold: float = DEFAULT_THRESHOLD, bootstrap: int = 0,
              seed: int = 0) -> EstimateRun:
    """Queue the estimate of a stored overlap table with these options."""
    from target87.surveys.services import queue_run

    require(user, Action.CREATE, upload)
    if upload.content != UploadContent.LIST_OVERLAP:
        raise ValidationError(_("This file is not a list-overlap table."))
    check_options(table_from_upload_checked(upload), model, threshold, bootstrap, seed)
    run = EstimateRun.objects.create(
        upload=upload, kind=RunKind.TRAFFICKING_MSE,
        mapping={"lists": list(upload.columns)}, definition={},
        options={"model": model, "threshold": float(threshold), "bootstrap": int(bootstrap),
                 "seed": int(seed), "year": upload.period},
        created_by=user)
    label = _("Hidden victims of trafficking: %(file)s") % {"file": upload.original_name}
    return queue_run(run, label, user)


def table_from_upload_checked(upload: SurveyUpload) -> mse.OverlapTable:
    """The stored table, or a ValidationError (for a form) if it cannot be used."""
    with upload.file.open("rb") as fh:
        return read_table(fh.read(MAX_BYTES + 1), upload.original_name)


def run_options(run: EstimateRun) -> dict:
    options = run.options or {}
    return {"model": options.get("model", "stepwise"),
            "threshold": float(options.get("threshold", DEFAULT_THRESHOLD)),
            "bootstrap": int(options.get("bootstrap", 0)), "seed": int(options.get("seed", 0))}


def estimate_run(run: EstimateRun, report) -> tuple[list, dict]:
    """Body of the job for a run of kind ``trafficking_mse``: (rows, metadata)."""
    report(0.01, "reading the table")
    with run.upload.file.open("rb") as fh:
        text = fh.read().decode("utf-8-sig", errors="replace")
    # the library's own errors (codes and values) are kept, so each reader sees them in
    # their language
    table = mse.read_overlap_text(text, source=run.upload.original_name)
    options = run_options(run)
    result = mse.estimate(table, model=options["model"], threshold=options["threshold"],
                          bootstrap=options["bootstrap"], seed=options["seed"],
                          progress=report)
    meta = {"overlaps": overlaps(table), "confidence": result.confidence,
            "year": run.upload.period}
    return [result.as_dict()], meta


def result(run: EstimateRun) -> dict:
    return run.rows[0] if run.rows else {}


# --- the draft observation ---------------------------------------------------------------------


def _figure(value) -> str:
    return "—" if value is None else f"{float(value):,.0f}"


def method_note(run: EstimateRun) -> str:
    """How the figure was made, enough to reproduce it (kept with the observation)."""
    r = result(run)
    options = run_options(run)
    level = int(round(100 * float(r.get("confidence", mse.CONFIDENCE))))
    lists = ", ".join(r.get("lists", []))
    model = {"independence": "independence model (main effects only)",
             "stepwise": f"stepwise selection of two-list interactions (AIC-best pair added "
                         f"while its p-value is below {options['threshold']:g})",
             "bic": "two-list interactions chosen by forward BIC search"}[options["model"]]
    version = (run.metadata.get("software") or {}).get("target87", "unknown")
    parts = [
        f"Total number of victims of human trafficking, detected and undetected (SDG 16.2.2), "
        f"estimated by multiple systems estimation from {len(r.get('lists', []))} lists of "
        f"identified victims ({lists}) in {run.upload.original_name} (SHA-256 "
        f"{run.upload.sha256[:16]}…, estimate run #{run.pk}).",
        f"Observed on at least one list: {_figure(r.get('observed'))}; estimated unobserved: "
        f"{_figure(r.get('unobserved'))}; estimate {_figure(r.get('estimate'))}.",
        f"Model: log-linear Poisson model of the incomplete contingency table, {model}; "
        f"terms: {' + '.join(r.get('terms', []))}. Models whose maximum-likelihood estimate "
        f"does not exist or is not identifiable are never chosen.",
        f"{level}% profile-likelihood interval: {_figure(r.get('ci_low'))} to "
        f"{_figure(r.get('ci_high'))}.",
    ]
    if r.get("bootstrap_replicates") is not None:
        parts.append(
            f"Parametric bootstrap ({r['bootstrap_replicates']} replicates, "
            f"{r.get('bootstrap_left_out', 0)} without an estimate left out, seed "
            f"{r.get('bootstrap_seed')}): {_figure(r.get('bootstrap_low'))} to "
            f"{_figure(r.get('bootstrap_high'))}.")
    parts.append(f"Software: target87 {version} (target87.measure.mse.estimate, statsmodels "
                 f"Poisson GLM).")
    return " ".join(parts)


@transaction.atomic
def save_as_observation(run: EstimateRun, user, source: str = ""):
    """Save the run's estimate as the draft value of ``HT_PREV_MSE`` for the table's year.

    An observation already submitted or approved is never changed: the message says so and
    nothing is saved.
    """
    from target87.monitoring.services import save_observation
    from target87.surveys.services import rounded

    require(user, Action.CHANGE, run)
    if run.kind != RunKind.TRAFFICKING_MSE:
        raise ValidationError(_("This estimate is not a multiple systems estimate."))
    if run.status != RunStatus.FINISHED:
        raise ValidationError(_("Only a finished estimate can be saved."))
    r = result(run)
    period = run.upload.period
    source = (source.strip() or run.upload.description or run.upload.original_name)[:300]
    try:
        obs = save_observation(
            run.upload.country, INDICATOR, period, rounded(r["estimate"], "value"), {},
            ci_low=rounded(r["ci_low"], "ci_low"), ci_high=rounded(r["ci_high"], "ci_high"),
            source=source,
            method_note=method_note(run), user=user)
    except ValidationError as exc:
        raise ValidationError(_("%(code)s (%(year)s): %(error)s")
                              % {"code": INDICATOR, "year": period,
                                 "error": "; ".join(exc.messages)}) from None
    run.observations.add(obs)
    run.saved_period = period
    run.save(update_fields=["saved_period"])
    return obs


def result_csv(run: EstimateRun) -> str:
    fields = ["observed", "estimate", "unobserved", "ci_low", "ci_high", "confidence",
              "method", "threshold", "terms", "lists", "bootstrap_low", "bootstrap_high",
              "bootstrap_replicates", "bootstrap_left_out", "bootstrap_seed"]
    r = result(run)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(fields)
    writer.writerow(["+".join(r[f]) if isinstance(r.get(f), list) else
                     ("" if r.get(f) is None else r[f]) for f in fields])
    return buf.getvalue()
