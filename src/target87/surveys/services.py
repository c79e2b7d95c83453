"""Survey estimates on the platform: uploads, estimate runs over ``target87.measure``, and
draft observations of the prevalence indicators made from a run's result.

The statistics are the library's (``child_labour_prevalence``); this module stores what went
in and what came out, and never recomputes a figure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import time
from decimal import ROUND_HALF_EVEN, Decimal
from importlib import metadata as importlib_metadata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from target87.accounts.permissions import Action, require
from target87.measure.child_labour import (
    DEFINITIONS,
    TOTAL,
    ChildLabourResult,
    Definition,
    VariableMapping,
    child_labour_prevalence,
    classify,
    get_definition,
    get_mapping,
)
from target87.measure.cli import MeasureInputError
from target87.measure.readers import (
    ReaderError,
    Table,
    TableLimits,
    check_table,
    detect_format,
    list_columns,
)
from target87.surveys import events
from target87.surveys.errors import TEMPLATES, UNEXPECTED, describe, error_detail
from target87.surveys.models import (
    EstimateRun,
    RunKind,
    RunStatus,
    SurveyUpload,
    UploadContent,
)

logger = logging.getLogger(__name__)

# Uploads larger than this are refused (override with SURVEYS_MAX_UPLOAD_BYTES).
DEFAULT_MAX_UPLOAD_BYTES = 500 * 1024 * 1024
PREVIEW_ROWS = 10
# Indicator codes of the monitoring framework for each production boundary.
# basis of a result row -> monitoring indicator (briefing pack annex; SDG series for 8.7.1)
INDICATORS = {"sna": "CL_PREV_ECON", "general": "CL_PREV_ECON_CHORES",
              "hazardous": "CL_PREV_HAZARDOUS"}
BASES = ("both", "sna", "general")
CI_METHODS = ("logit", "korn-graubard")
LONELY_PSU = ("error", "certainty", "adjust", "remove")


def max_upload_bytes() -> int:
    return int(getattr(settings, "SURVEYS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def table_limits() -> TableLimits:
    """The largest table an upload may hold (settings SURVEYS_MAX_COLUMNS, SURVEYS_MAX_ROWS,
    SURVEYS_MAX_EXPANDED_BYTES), checked before the file is read."""
    return TableLimits(
        max_columns=int(getattr(settings, "SURVEYS_MAX_COLUMNS", 2000)),
        max_rows=int(getattr(settings, "SURVEYS_MAX_ROWS", 50_000_000)),
        max_expanded_bytes=int(getattr(settings, "SURVEYS_MAX_EXPANDED_BYTES", 16 * 1024**3)),
        columns_setting="SURVEYS_MAX_COLUMNS",
        rows_setting="SURVEYS_MAX_ROWS",
        expanded_setting="SURVEYS_MAX_EXPANDED_BYTES",
    )


def software_version() -> str:
    try:
        return importlib_metadata.version("target87")
    except importlib_metadata.PackageNotFoundError:  # running from a source tree
        return "unknown"


# --- uploads ---------------------------------------------------------------------------------


def _head(uploaded, n: int = 65536) -> bytes:
    uploaded.seek(0)
    data = uploaded.read(n)
    uploaded.seek(0)
    return data


def sniff_format(uploaded) -> str:
    """The file's format from its name, confirmed by its first bytes.

    A file whose content does not match its extension is refused: a spreadsheet renamed
    ``.csv`` or a ZIP archive renamed ``.sav`` would otherwise fail later, in the worker.
    """
    name = uploaded.name or ""
    try:
        fmt = detect_format(name)
    except ReaderError:
        raise ValidationError(
            _("%(name)s: unsupported file type; upload CSV (.csv), Parquet (.parquet), SPSS "
              "(.sav) or Stata (.dta).") % {"name": name}, code="type") from None
    head = _head(uploaded)
    ok = {
        "sav": head[:4] in (b"$FL2", b"$FL3"),
        "parquet": head[:4] == b"PAR1",
        # Stata 117+ starts with an XML-like tag; 104-115 with the release byte.
        "dta": head.startswith(b"<stata_dta>") or (len(head) > 1 and head[0] in range(104, 120)
                                                   and head[1] in (1, 2)),
        "csv": b"\x00" not in head and _is_text(head),
    }[fmt]
    if not ok:
        raise ValidationError(
            _("%(name)s does not look like a %(format)s file (its content does not match its "
              "extension).") % {"name": name, "format": fmt.upper()}, code="type")
    return fmt


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


def check_upload(uploaded) -> str:
    """Size and type checks; returns the format."""
    if uploaded.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": uploaded.name}, code="empty")
    limit = max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; the largest file accepted is %(limit)s MB.")
            % {"name": uploaded.name, "size": f"{uploaded.size / 2**20:.1f}",
               "limit": f"{limit / 2**20:.0f}"}, code="size")
    return sniff_format(uploaded)


@transaction.atomic
def create_upload(user, country, uploaded, description: str = "", *,
                  content: str = UploadContent.MICRODATA, period: int | None = None
                  ) -> SurveyUpload:
    """Store an uploaded file for ``country`` after checking size, type and readability."""
    upload = SurveyUpload(country=country, uploaded_by=user, description=description.strip(),
                          content=content, period=period)
    require(user, Action.CREATE, upload)
    fmt = check_upload(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    upload.original_name = Path(uploaded.name).name[:255]
    upload.size = uploaded.size
    upload.format = fmt
    upload.sha256 = digest.hexdigest()
    upload.file.save(upload.original_name, uploaded, save=False)
    try:
        # Columns, rows and expanded size from the header or metadata, before any reading.
        check_table(upload.file.path, format=fmt, limits=table_limits())
        upload.columns = list_columns(upload.file.path, format=fmt)
    except MeasureInputError as exc:  # ReaderError: damaged Parquet, SPSS, Stata or CSV
        _discard_file(upload)
        raise ValidationError(describe(exc), code="unreadable") from None
    except Exception:
        # Whatever went wrong, a refused upload must not leave its microdata on disk.
        _discard_file(upload)
        raise
    if not upload.columns:
        _discard_file(upload)
        raise ValidationError(_("%(name)s has no columns.") % {"name": upload.original_name},
                              code="unreadable")
    upload.save()
    return upload


def _discard_file(upload: SurveyUpload) -> None:
    """Delete a refused upload's stored file and the random directory made for it."""
    name = upload.file.name
    storage = upload.file.storage
    upload.file.delete(save=False)
    folder = str(Path(name).parent)
    if folder in ("", "."):
        return
    try:
        directories, files = storage.listdir(folder)
        if not directories and not files:
            Path(storage.path(folder)).rmdir()
    except (NotImplementedError, OSError):
        pass  # remote storage has no directories to remove


def resolve_columns(upload: SurveyUpload, names) -> dict[str, str | None]:
    """The file's own spelling of each requested column (matched as the reader does:
    exactly, then ignoring case), or ``None`` where the file lacks it."""
    actual = list(upload.columns)
    lower = {c.lower(): c for c in actual}
    return {n: (n if n in actual else lower.get(n.lower())) for n in names}


def read_preview(upload: SurveyUpload, columns, n: int = PREVIEW_ROWS) -> Table:
    """The first ``n`` rows of ``columns`` (the file's spelling) as a Table."""
    import numpy as np

    path = upload.file.path
    columns = list(dict.fromkeys(columns))
    if upload.format == "csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            index = {c: header.index(c) for c in columns}
            rows = []
            for row in reader:
                if len(rows) >= n:
                    break
                rows.append(row)
        data = {}
        for c in columns:
            values = [r[index[c]].strip() if index[c] < len(r) else "" for r in rows]
            try:
                data[c] = np.array([float(v) if v not in ("", "NA", "NaN", ".") else np.nan
                                    for v in values])
            except ValueError:
                data[c] = np.array([v or None for v in values], dtype=object)
        return Table(data, source=upload.original_name, format="csv")
    if upload.format == "parquet":
        import pyarrow.parquet as pq

        from target87.measure.readers import _arrow_to_numpy

        batch = next(pq.ParquetFile(path).iter_batches(batch_size=n, columns=columns), None)
        if batch is None:
            return Table({c: np.array([]) for c in columns}, source=upload.original_name)
        return Table({c: _arrow_to_numpy(batch.column(c)) for c in columns},
                     source=upload.original_name, format="parquet")
    import pyreadstat

    reader = pyreadstat.read_sav if upload.format == "sav" else pyreadstat.read_dta
    try:
        data, meta = reader(path, usecols=columns, row_limit=n, output_format="dict")
    except Exception as exc:  # pyreadstat raises several types for damaged files
        raise ReaderError("file_unreadable", "cannot read %(file)s: %(detail)s",
                          file=upload.original_name, detail=str(exc)) from None
    out = {}
    for c in columns:
        arr = np.asarray(data[c])
        out[c] = arr.astype(np.float64) if arr.dtype.kind in "iufb" else np.array(
            [None if v in (None, "") else v for v in arr], dtype=object)
    labels = {k: dict(v) for k, v in (meta.variable_value_labels or {}).items() if k in out}
    return Table(out, value_labels=labels, source=upload.original_name, format=upload.format)


def _cell(table: Table, column: str, value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    label = table.label(column, value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value} ({label})" if label else str(value)


def mapping_preview(upload: SurveyUpload, mapping: VariableMapping,
                    definition: Definition, n: int = PREVIEW_ROWS) -> dict:
    """The first rows of the mapped columns, with the definition applied to them.

    Returns ``{"columns": [(role, file column)], "rows": [{"cells", "flags": (sna, general)}],
    "missing": [...], "classified": bool, "problem": message or ""}``.
    """
    roles: list[tuple[str, str]] = [("age", mapping.age), ("sex", mapping.sex or ""),
                                    ("weight", mapping.weight), ("PSU", mapping.psu or ""),
                                    ("stratum", mapping.strata or "")]
    roles += [(_("economic activity"), c) for c in mapping.econ_any]
    roles += [(_("hours of economic activity"), c) for c in mapping.econ_hours]
    roles += [(_("household chores"), c) for c in mapping.chores_any]
    roles += [(_("hours of household chores"), c) for c in mapping.chores_hours]
    roles += [(_("hazardous conditions"), c) for c in mapping.hazard]
    roles += [(_("children counted"), c) for c, _v in mapping.population]
    roles = [(r, c) for r, c in roles if c]
    resolved = resolve_columns(upload, [c for _r, c in roles])
    required = set(mapping.columns()) - set(mapping.optional)
    missing = [c for c, actual in resolved.items() if actual is None and c in required]
    shown = [(r, c) for r, c in roles if resolved[c]]
    result = {"columns": [(r, resolved[c]) for r, c in shown], "rows": [], "missing": missing,
              "classified": False, "problem": ""}
    if not shown:
        return result
    try:
        table = read_preview(upload, [resolved[c] for _r, c in shown], n)
    except (ReaderError, MeasureInputError, OSError, ValueError) as exc:
        result["problem"] = describe(exc)
        return result
    # The library expects the mapping's spelling of each column.
    table.columns = {c: table.columns[resolved[c]] for _r, c in shown}
    table.value_labels = {c: table.value_labels[resolved[c]] for _r, c in shown
                          if resolved[c] in table.value_labels}
    for i in range(table.n_rows):
        result["rows"].append({"cells": [_cell(table, c, table.columns[c][i]) for _r, c in shown],
                               "flags": None})
    if not missing and table.n_rows:
        try:
            cls = classify(table, mapping, definition, out_of_range="exclude")
        except MeasureInputError as exc:
            result["problem"] = describe(exc)
        else:
            result["classified"] = True
            for row, s, g, p in zip(result["rows"], cls.sna, cls.general, cls.in_population,
                                    strict=True):
                row["flags"] = (bool(s), bool(g)) if p else (None, None)
    return result


# --- runs ------------------------------------------------------------------------------------


def build_definition(preset: str, comparison: str, chores_threshold=None,
                     include_hazard: bool = False) -> Definition:
    """A definition from a preset with the settings that differ from it."""
    base = get_definition(preset)
    changes: dict = {"preset": preset}
    if comparison != base.comparison:
        changes["comparison"] = comparison
    if include_hazard != base.include_hazard:
        changes["include_hazard"] = include_hazard
    if chores_threshold is not None and any(float(h) != float(chores_threshold)
                                            for _a, _b, h in base.chores):
        changes["chores"] = [[a, b, float(chores_threshold)] for a, b, _h in base.chores]
    return Definition.from_dict(changes) if len(changes) > 1 else base


def definition_presets() -> list[tuple[str, str]]:
    return [(key, d.title) for key, d in DEFINITIONS.items()]


@transaction.atomic
def start_run(user, upload: SurveyUpload, mapping: VariableMapping, definition: Definition,
              *, basis: str = "both", ci: str = "logit", lonely_psu: str = "error",
              by=(), hazardous: bool = False) -> EstimateRun:
    """Record a run and queue it for the worker; returns the run (status ``queued``)."""
    require(user, Action.CREATE, upload)
    if basis not in BASES or ci not in CI_METHODS or lonely_psu not in LONELY_PSU:
        raise ValidationError(_("Unknown estimation option."))
    run = EstimateRun.objects.create(
        upload=upload,
        mapping=mapping.to_dict(),
        definition=definition.to_dict(),
        options={"basis": basis, "ci": ci, "lonely_psu": lonely_psu, "by": list(by),
                 "level": 0.95, "hazardous": bool(hazardous)},
        created_by=user,
    )
    label = _("Child labour estimate: %(file)s") % {"file": upload.original_name}
    return queue_run(run, label, user)


def queue_run(run: EstimateRun, label: str, user) -> EstimateRun:
    """Queue a recorded run (of any kind) for the worker, with its progress record."""
    from target87.core.jobs import enqueue_with_progress
    from target87.surveys.tasks import run_estimate

    run.result_id = enqueue_with_progress(run_estimate, label[:200], owner=user, total=100,
                                          url=reverse("surveys:run", args=[run.pk]),
                                          run_id=run.pk)
    run.save(update_fields=["result_id"])
    return run


def execute_run(run_id: int, result_id: str) -> str:
    """Body of the background task: estimate, then store the rows or the reason it failed.

    A failed run only records its error; earlier runs and observations are untouched.
    """
    from target87.core import progress

    run = EstimateRun.objects.select_related("upload").get(pk=run_id)
    if run.is_done:  # delivered again after it ended: what it recorded stands
        return run.status
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.result_id = run.result_id or result_id
    run.save(update_fields=["status", "started_at", "result_id"])

    started = time.monotonic()
    seconds_limit = int(getattr(settings, "SURVEYS_MAX_JOB_SECONDS", 3600))

    def report(fraction: float, message: str) -> None:
        if time.monotonic() - started > seconds_limit:
            raise MeasureInputError(
                "job_time_limit",
                "the estimate ran longer than %(limit)s seconds and was stopped (setting "
                "%(setting)s)", limit=seconds_limit, setting="SURVEYS_MAX_JOB_SECONDS")
        progress.report(result_id, min(99, int(round(fraction * 100))), total=100,
                        message=message)

    try:
        rows, meta = estimator(run.kind)(run, report)
    except (MeasureInputError, FileNotFoundError) as exc:
        code, params = error_detail(exc)
        return _fail(run, result_id, str(exc), code, params)
    except Exception as exc:  # never leave a run "running": record it, log the traceback
        logger.exception("estimate run %s failed", run_id)
        params = {"kind": type(exc).__name__, "text": str(exc)[:500]}
        return _fail(run, result_id, TEMPLATES[UNEXPECTED] % params, UNEXPECTED, params)
    meta["software"] = {"target87": software_version()}
    meta["file"] = {"name": run.upload.original_name, "sha256": run.upload.sha256,
                    "format": run.upload.format}
    # An undefined figure (say the design effect of a group where no child is in child
    # labour, 0/0) is stored as null: JSON has no NaN, and the database refuses it.
    run.rows = _json_safe(rows)
    run.metadata = _json_safe(meta)
    run.status = RunStatus.FINISHED
    run.error = ""
    run.error_code, run.error_params = "", {}
    run.finished_at = timezone.now()
    run.save(update_fields=["rows", "metadata", "status", "error", "error_code", "error_params",
                            "finished_at"])
    progress.report(result_id, 100, total=100, message=_("done"))
    events.run_ended(run)
    return run.status


def estimate_child_labour(run: EstimateRun, report) -> tuple[list, dict]:
    """The child-labour estimate of ``run``: (result rows, metadata)."""
    options = run.options or {}
    check_job_memory(run)
    result = child_labour_prevalence(
        run.upload.file.path,
        VariableMapping.from_dict(run.mapping),
        definition=Definition.from_dict(run.definition),
        by=options.get("by") or (),
        basis=options.get("basis", "both"),
        ci=options.get("ci", "logit"),
        level=float(options.get("level", 0.95)),
        lonely_psu=options.get("lonely_psu", "error"),
        hazard=bool(options.get("hazardous")),
        progress=report,
    )
    meta = result.metadata()
    meta["group_columns"] = result.group_columns
    meta["value_labels"] = {col: {str(_plain(k)): str(v) for k, v in labels.items()}
                            for col, labels in result.value_labels.items()}
    return result.rows, meta


def estimator(kind: str):
    """The function that estimates a run of ``kind``: ``f(run, report) -> (rows, metadata)``,
    ``report(fraction, message)`` telling the job's progress."""
    from target87.surveys import forced, overlap

    return {RunKind.CHILD_LABOUR: estimate_child_labour,
            RunKind.TRAFFICKING_MSE: overlap.estimate_run,
            RunKind.FORCED_LABOUR: forced.estimate_run}[kind]


# Bytes a run holds per child and column read: the column itself, its classification,
# design arrays and the sums built from them (measured: about 260 bytes per child for the
# ten columns of a MICS mapping, benchmarks/README.md).
JOB_BYTES_PER_VALUE = 8 * 4


def check_job_memory(run: EstimateRun) -> None:
    """Refuse, before reading the data, a run whose columns would need more memory than
    SURVEYS_MAX_JOB_MEMORY_BYTES (rows from the file's metadata x columns read)."""
    limit = int(getattr(settings, "SURVEYS_MAX_JOB_MEMORY_BYTES", 8 * 1024**3))
    upload = run.upload
    shape = check_table(upload.file.path, format=upload.format, limits=table_limits())
    if run.kind == RunKind.FORCED_LABOUR:
        read = set((run.mapping.get("design") or {}).values()) - {None, ""}
        read |= set(run.definition.get("involuntary", [])) | set(run.definition.get("coercion", []))
        read |= set(run.definition.get("child_indicators", []))
    else:
        read = set(VariableMapping.from_dict(run.mapping).columns())
    columns = len(read | set((run.options or {}).get("by") or ()))
    needed = (shape.rows or 0) * max(columns, 1) * JOB_BYTES_PER_VALUE
    if needed > limit:
        raise MeasureInputError(
            "job_memory_limit",
            "the estimate would need about %(needed)s MB of memory for %(rows)s rows and "
            "%(columns)s columns; at most %(limit)s MB are allowed (setting %(setting)s)",
            needed=needed // 2**20, rows=shape.rows, columns=columns, limit=limit // 2**20,
            setting="SURVEYS_MAX_JOB_MEMORY_BYTES")


def _plain(value):
    if hasattr(value, "item"):  # NumPy scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _json_safe(value):
    """``value`` as plain JSON data: NumPy scalars made Python numbers, whole floats ints,
    and NaN or infinite numbers ``None``."""
    if isinstance(value, dict):
        return {str(_plain(k)): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "tolist"):  # NumPy arrays and scalars
        return _json_safe(value.tolist())
    if isinstance(value, float):
        return _plain(value) if math.isfinite(value) else None
    if value is None or isinstance(value, bool | int | str):
        return value
    return _json_safe(json.loads(json.dumps(value, default=str)))


def _fail(run: EstimateRun, result_id: str, message: str, code: str = "",
          params: dict | None = None) -> str:
    """Record the failure: the English text, and its code and values so that each reader
    sees it in their own language (the worker's language is nobody's in particular)."""
    from target87.core import progress

    run.status = RunStatus.FAILED
    run.error = message or _("The estimate failed.")
    run.error_code = code
    run.error_params = params or {}
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "error_code", "error_params", "finished_at"])
    progress.fail(result_id, run.error, code, params)
    events.run_ended(run)
    return run.status


# --- the job's ends, as the jobs machinery reports them (target87.core.jobs) -----------------


def job_failed(result_id: str, kwargs: dict, failure) -> None:
    """The estimate's task raised or its worker was lost: the run ends failed, with the
    reason; whatever earlier runs saved is untouched."""
    run = EstimateRun.objects.filter(pk=kwargs.get("run_id")).first()
    if run is None or run.is_done:
        return
    _fail(run, result_id, failure.text, failure.code, failure.params)


def job_requeued(result_id: str, kwargs: dict) -> None:
    """The worker running the estimate stopped; the run waits for the next worker."""
    EstimateRun.objects.filter(pk=kwargs.get("run_id")).exclude(
        status__in=[RunStatus.FINISHED, RunStatus.FAILED]).update(
        status=RunStatus.QUEUED, started_at=None)


def retry_run(user, run: EstimateRun) -> EstimateRun:
    """Run a failed estimate again: a new run with the same file, mapping, definition and
    options. The failed run stays as it was, with its reason."""
    if run.status != RunStatus.FAILED:
        raise ValidationError(_("Only a failed estimate can be run again."))
    if run.kind == RunKind.TRAFFICKING_MSE:
        from target87.surveys import overlap

        return overlap.start_run(user, run.upload, **overlap.run_options(run))
    if run.kind == RunKind.FORCED_LABOUR:
        from target87.surveys import forced

        return forced.retry(user, run)
    return start_run(
        user, run.upload, VariableMapping.from_dict(run.mapping),
        Definition.from_dict(run.definition), basis=run.options.get("basis", "both"),
        ci=run.options.get("ci", "logit"), lonely_psu=run.options.get("lonely_psu", "error"),
        by=run.options.get("by") or (), hazardous=bool(run.options.get("hazardous")))


def job_retry(user, result_id: str, kwargs: dict) -> str:
    run = EstimateRun.objects.select_related("upload").filter(pk=kwargs.get("run_id")).first()
    if run is None:
        raise ValidationError(_("This estimate no longer exists."))
    return reverse("surveys:run", args=[retry_run(user, run).pk])


# --- results ---------------------------------------------------------------------------------


def _number_key(key: str):
    try:
        f = float(key)
    except ValueError:
        return key
    return int(f) if f.is_integer() else f


def result_object(run: EstimateRun) -> ChildLabourResult:
    """The library's result object rebuilt from a finished run (for SDMX output)."""
    meta = run.metadata
    labels = {col: {_number_key(k): v for k, v in values.items()}
              for col, values in (meta.get("value_labels") or {}).items()}
    # The library works with NaN where the stored rows say null (an undefined figure).
    rows = [{k: (math.nan if v is None and k in NUMBER_FIELDS else v) for k, v in row.items()}
            for row in run.rows]
    return ChildLabourResult(
        rows=rows,
        definition=Definition.from_dict(meta["definition"]),
        mapping=get_mapping(run.mapping),
        design=meta.get("design", {}),
        group_columns=meta.get("group_columns", ["sex", "age_group"]),
        value_labels=labels,
        notes=meta.get("notes", []),
        ci_method=meta.get("ci_method", "logit"),
        level=float(meta.get("level", 0.95)),
    )


def value_label(run: EstimateRun, column: str, code) -> str | None:
    """The file's label of ``code`` in ``column`` (``None`` if the file has none)."""
    labels = (run.metadata.get("value_labels") or {}).get(column) or {}
    return labels.get(str(_plain(code)))


def group_label(run: EstimateRun, column: str, code) -> str:
    if code == TOTAL:
        return _("Total")
    label = value_label(run, column, code)
    return label if label else str(code)


def sex_label(run: EstimateRun, code, result: ChildLabourResult | None = None) -> str:
    """"Girls" or "Boys" when the file's label or coding says which (labels first, else
    MICS's 1 = male, 2 = female); otherwise the file's own label, or "Sex: code"."""
    from target87.measure.sdmx import sex_code

    which = sex_code(result or result_object(run), code)
    if which == "F":
        return _("Girls")
    if which == "M":
        return _("Boys")
    label = value_label(run, "sex", code)
    return label or _("Sex: %(v)s") % {"v": code}


def basis_label(basis: str) -> str:
    return {"sna": _("SNA production boundary"),
            "general": _("General production boundary"),
            "hazardous": _("Hazardous work")}.get(basis, basis)


def display_rows(run: EstimateRun) -> list[dict]:
    """Result rows with a readable description of the group."""
    group_cols = run.metadata.get("group_columns", ["sex", "age_group"])
    result = None  # rebuilt once, when a sex group needs the file's labels
    out = []
    for row in run.rows:
        parts = []
        for col in group_cols:
            if row.get(col, TOTAL) == TOTAL:
                continue
            if col == "sex":
                result = result or result_object(run)
                parts.append(sex_label(run, row[col], result))
            elif col == "age_group":
                parts.append(_("Age %(v)s") % {"v": row[col]})
            else:
                label = value_label(run, col, row[col])
                parts.append(label or f"{col}: {row[col]}")
        out.append({**row, "group": ", ".join(parts) or _("Total, 5-17"),
                    "basis_label": basis_label(row["basis"]),
                    "basis_short": _("SNA") if row["basis"] == "sna" else _("General"),
                    "is_cross": len(parts) > 1})
    return out


def chart_spec(run: EstimateRun) -> dict:
    """Estimates with their confidence intervals by group and basis (Vega-Lite)."""
    from target87.core.charts import base_spec

    # a group without a defined estimate has nothing to draw; the table says "not defined"
    rows = [r for r in display_rows(run) if not r["is_cross"] and r["estimate"] is not None]
    groups = list(dict.fromkeys(r["group"] for r in rows))
    values = [{"group": r["group"], "basis": r["basis_label"], "estimate": r["estimate"],
               "ci_low": r["ci_low"], "ci_high": r["ci_high"]} for r in rows]
    level = int(round(100 * float(run.metadata.get("level", 0.95))))
    y = {"field": "group", "type": "nominal", "sort": groups, "title": None}
    order = [basis_label(b) for b in ("sna", "general", "hazardous")]
    color = {"field": "basis", "type": "nominal", "title": None,
             "scale": {"domain": order, "range": ["#c0392b", "#1f5c99", "#7a5195"]},
             "legend": {"orient": "top", "labelLimit": 400}}
    return base_spec(
        title=_("Children in child labour, %% with %(level)s%% confidence intervals")
        % {"level": level},
        width=720,
        height={"step": 18},
        data={"values": values},
        encoding={"y": y, "yOffset": {"field": "basis", "type": "nominal", "sort": order},
                  "color": color},
        layer=[
            {"mark": {"type": "rule", "strokeWidth": 2},
             "encoding": {"x": {"field": "ci_low", "type": "quantitative",
                                "title": _("percent of children")},
                          "x2": {"field": "ci_high"}}},
            {"mark": {"type": "point", "filled": True, "size": 50},
             "encoding": {"x": {"field": "estimate", "type": "quantitative"},
                          "tooltip": [{"field": "group"}, {"field": "basis"},
                                      {"field": "estimate", "format": ".1f"},
                                      {"field": "ci_low", "format": ".1f"},
                                      {"field": "ci_high", "format": ".1f"}]}},
        ],
    )


def chart_alt_text(run: EstimateRun) -> str:
    parts = []
    for r in display_rows(run):
        if r["is_cross"]:
            continue
        if None in (r["estimate"], r["ci_low"], r["ci_high"]):
            parts.append(_("%(group)s, %(basis)s: not defined")
                         % {"group": r["group"], "basis": r["basis_label"]})
            continue
        parts.append(
            _("%(group)s, %(basis)s: %(est).1f%% (%(low).1f to %(high).1f)")
            % {"group": r["group"], "basis": r["basis_label"], "est": r["estimate"],
               "low": r["ci_low"], "high": r["ci_high"]})
    return "; ".join(parts) + "."


CSV_FIELDS = ["basis", "estimate", "se", "ci_low", "ci_high", "df", "deff", "n", "population",
              "number", "number_se", "definition"]
# the figures of a result row; an undefined one is stored as null
NUMBER_FIELDS = frozenset(CSV_FIELDS) - {"basis", "definition"}


def rows_csv(run: EstimateRun) -> str:
    group_cols = run.metadata.get("group_columns", ["sex", "age_group"])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(group_cols + CSV_FIELDS)
    for row in run.rows:
        writer.writerow([row.get(c, TOTAL) for c in group_cols]
                        + ["" if row.get(f) is None else row[f] for f in CSV_FIELDS])
    return buf.getvalue()


def rows_json(run: EstimateRun) -> str:
    return json.dumps({"metadata": run.metadata, "rows": run.rows}, indent=2, ensure_ascii=False)


def rows_sdmx(run: EstimateRun, period: int | None = None) -> str:
    from target87.measure.sdmx import to_sdmx_csv

    return to_sdmx_csv(result_object(run), ref_area=run.upload.country.m49,
                       time_period=str(period or run.saved_period or ""),
                       source=run.upload.description or run.upload.original_name)


# --- draft observations ----------------------------------------------------------------------


def method_note(run: EstimateRun) -> str:
    """Everything needed to reproduce the figures, as a paragraph for the observation."""
    meta = run.metadata
    design = meta.get("design", {})
    mapping = run.mapping
    options = run.options or {}
    cols = ", ".join(f"{k}={v if isinstance(v, str) else '+'.join(map(str, v))}"
                     for k, v in mapping.items()
                     if k in ("age", "sex", "weight", "psu", "strata", "fpc", "econ_any",
                              "econ_hours", "chores_any", "chores_hours", "hazard") and v)
    design_text = (
        f"{design.get('observations')} observations, "
        f"{design.get('strata') if design.get('strata') is not None else 'no'} strata, "
        f"{design.get('psus') if design.get('psus') is not None else 'no'} PSUs, "
        f"df {design.get('df')}, {design.get('variance', 'Taylor linearisation')}, "
        f"lonely PSU: {design.get('lonely_psu')}, finite population correction: "
        f"{'yes' if design.get('fpc') else 'no'}"
    )
    level = int(round(100 * float(meta.get("level", 0.95))))
    parts = [
        f"SDG 8.7.1 estimated from household survey microdata ({run.upload.original_name}, "
        f"SHA-256 {run.upload.sha256[:16]}…, estimate run #{run.pk}).",
        f"Definition: {meta.get('definition', {}).get('description', '')} "
        f"[{meta.get('definition', {}).get('id', '')}]",
        f"Variables: {cols}; mapping {mapping.get('name', 'custom')}.",
        f"Design: {design_text}.",
        f"Confidence intervals: {meta.get('ci_method')} {level}%; standard errors in "
        f"percentage points; number = weighted children in child labour.",
    ]
    if options.get("by"):
        parts.append(f"Also estimated by: {', '.join(options['by'])}.")
    if meta.get("notes"):
        parts.append("Notes: " + "; ".join(meta["notes"]) + ".")
    version = meta.get("software", {}).get("target87") or software_version()
    parts.append(f"Software: target87 {version} (target87.measure.child_labour_prevalence).")
    return " ".join(parts)


_PLACES = {"value": 4, "se": 6, "ci_low": 4, "ci_high": 4, "numerator": 2, "denominator": 2}


def rounded(value, field: str) -> Decimal | None:
    """A result figure at the precision the observation stores (``None`` if undefined)."""
    if value is None:
        return None
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-_PLACES[field]),
                                                rounding=ROUND_HALF_EVEN)


def observation_rows(run: EstimateRun) -> list[tuple[str, dict, dict]]:
    """(indicator code, disaggregation, row) for the rows the monitoring framework takes:
    overall, by sex, by age group and by sex and age group; other groupings stay in the run."""
    from target87.measure.sdmx import sex_code

    result = result_object(run)
    extra = [c for c in result.group_columns if c not in ("sex", "age_group")]
    out = []
    for row in run.rows:
        if any(row.get(c, TOTAL) != TOTAL for c in extra):
            continue
        if row.get("estimate") is None:  # no child in the group: no figure to report
            continue
        dis = {}
        if row.get("sex", TOTAL) != TOTAL:
            code = sex_code(result, row["sex"])
            if code not in ("F", "M"):
                continue
            dis["sex"] = "female" if code == "F" else "male"
        if row.get("age_group", TOTAL) != TOTAL:
            dis["age"] = row["age_group"]
        if row["basis"] in INDICATORS:
            out.append((INDICATORS[row["basis"]], dis, row))
    return out


@transaction.atomic
def save_as_observations(run: EstimateRun, user, period: int, source: str = "") -> list:
    """Write the run's overall, sex and age rows as draft observations for ``period``.

    All or nothing: if one observation cannot be written (say it was already submitted),
    none is, and the message says which.
    """
    from target87.monitoring.services import save_observation

    require(user, Action.CHANGE, run)
    if run.status != RunStatus.FINISHED:
        raise ValidationError(_("Only a finished estimate can be saved."))
    note = method_note(run)
    source = source.strip() or run.upload.description or run.upload.original_name
    saved = []
    for code, dis, row in observation_rows(run):
        try:
            obs = save_observation(
                run.upload.country, code, period, rounded(row["estimate"], "value"), dis,
                se=rounded(row["se"], "se"), ci_low=rounded(row["ci_low"], "ci_low"),
                ci_high=rounded(row["ci_high"], "ci_high"),
                numerator=rounded(row["number"], "numerator"),
                denominator=rounded(row["population"], "denominator"),
                source=source[:300], method_note=note, user=user,
            )
        except ValidationError as exc:
            where = ", ".join(f"{k}={v}" for k, v in dis.items()) or _("total")
            raise ValidationError(
                _("%(code)s (%(where)s): %(error)s")
                % {"code": code, "where": where, "error": "; ".join(exc.messages)}
            ) from None
        saved.append(obs)
    run.observations.add(*saved)
    run.saved_period = period
    run.save(update_fields=["saved_period"])
    return saved
