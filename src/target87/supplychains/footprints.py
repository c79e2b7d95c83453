"""Footprint runs: an uploaded MRIO system and satellite account, computed as a background
job (``target87.measure.io_analysis``), stored with their sources and a method note; and the
views over them: the share of each region's child labour embodied in exports, by sector and
by destination, and where a country-sector's exported child labour is consumed."""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from target87.accounts.permissions import Action, require
from target87.supplychains.models import (
    FootprintAccount,
    FootprintFlow,
    FootprintRun,
    RunStatus,
)

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024
UNEXPECTED = "unexpected"

#: The published reference figures: share of child labour linked to exports, by region.
REFERENCE_CITATION = ("ILO, OECD, IOM, UNICEF, “Ending child labour, forced labour and human "
                      "trafficking in global supply chains”, 2019")
REFERENCE_SHARES = (
    (gettext_lazy("Eastern and South-Eastern Asia"), 26),
    (gettext_lazy("Latin America and the Caribbean"), 22),
    (gettext_lazy("Central and Southern Asia"), 12),
    (gettext_lazy("Sub-Saharan Africa"), 12),
    (gettext_lazy("Northern Africa and Western Asia"), 9),
)
#: The same figures keyed by the SDG regional grouping they are published for (the names
#: of ``target87.countries.regions.SDG_REGIONS``).
REFERENCE_BY_SDG_REGION = {
    "Eastern and South-Eastern Asia": 26,
    "Latin America and the Caribbean": 22,
    "Central and Southern Asia": 12,
    "Sub-Saharan Africa": 12,
    "Northern Africa and Western Asia": 9,
}
NOT_ASSIGNED = ""
#: Codes of the common MRIO tables that look like country codes but are groups of countries:
#: the OECD ICIO's rest of the world, and EXIOBASE 3's five rest-of-the-world regions (WA
#: Asia and Pacific, WE Europe, WF Africa, WL America, WM Middle East; WF is also Wallis and
#: Futuna's ISO 3166 alpha-2 code).
NOT_COUNTRY_CODES = frozenset({"ROW", "WA", "WE", "WF", "WL", "WM"})

METHOD_NOTE = gettext_noop(
    "Multi-regional input-output analysis: the child labour of each producing region and "
    "sector (the satellite account) is traced through the Leontief system (I − A) x = y to "
    "the final demand that it serves. The part consumed by final demand in another region is "
    "embodied in exports; the direct part is sold straight to final demand, the indirect "
    "part passes through intermediate supply. The system is factored once and solved for "
    "every consuming region; the inverse is never formed.")


def max_upload_bytes() -> int:
    return int(getattr(settings, "SUPPLYCHAINS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _check_file(uploaded, kinds: tuple[str, ...]) -> str:
    name = Path(uploaded.name or "").name
    if not uploaded.size:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    limit = max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; the largest file accepted is %(limit)s MB (setting "
              "SUPPLYCHAINS_MAX_UPLOAD_BYTES).") % {
                "name": name, "size": f"{uploaded.size / 2**20:.1f}",
                "limit": f"{limit / 2**20:.0f}"})
    uploaded.seek(0)
    head = uploaded.read(4096)
    uploaded.seek(0)
    suffix = Path(name).suffix.lower()
    if suffix == ".zip" and "zip" in kinds:
        uploaded.seek(0)
        if head[:4] != b"PK\x03\x04" or not zipfile.is_zipfile(uploaded):
            uploaded.seek(0)
            raise ValidationError(_("%(name)s is not a readable ZIP archive.") % {"name": name})
        uploaded.seek(0)
        return "zip"
    if suffix == ".csv" and "csv" in kinds:
        if b"\x00" in head:
            raise ValidationError(_("%(name)s is not a text CSV file.") % {"name": name})
        return "csv"
    expected = " or ".join(f".{k}" for k in kinds)
    raise ValidationError(_("%(name)s: expected a %(expected)s file.") % {
        "name": name, "expected": expected})


def _sha256(uploaded) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def start_run(user, *, mrio, satellite, stressor: str, mrio_source: str,
              satellite_source: str) -> FootprintRun:
    """Store the two files and queue the footprint job; refused files leave nothing."""
    run = FootprintRun(stressor=stressor.strip(), mrio_source=mrio_source.strip(),
                       satellite_source=satellite_source.strip(), created_by=user)
    require(user, Action.CREATE, run)
    errors = {}
    for field, uploaded, kinds in (("mrio", mrio, ("zip", "csv")),
                                   ("satellite", satellite, ("csv",))):
        try:
            _check_file(uploaded, kinds)
        except ValidationError as exc:
            errors[field] = exc.messages
    if not run.stressor:
        errors["stressor"] = [_("Name the satellite column that holds child labour.")]
    if errors:
        raise ValidationError(errors)
    run.mrio_name = Path(mrio.name).name[:255]
    run.mrio_sha256 = _sha256(mrio)
    run.satellite_name = Path(satellite.name).name[:255]
    run.satellite_sha256 = _sha256(satellite)
    run.method_note = METHOD_NOTE
    with transaction.atomic():
        run.mrio_file.save(run.mrio_name, mrio, save=False)
        run.satellite_file.save(run.satellite_name, satellite, save=False)
        run.save()
        _enqueue(user, run)
    return run


def _enqueue(user, run: FootprintRun) -> None:
    from target87.core.jobs import enqueue_with_progress
    from target87.supplychains.tasks import compute_footprint

    label = _("Footprint: %(file)s") % {"file": run.mrio_name}
    run.result_id = enqueue_with_progress(
        compute_footprint, label[:200], owner=user, total=100,
        url=reverse("supplychains:run", args=[run.pk]), run_id=run.pk)
    run.save(update_fields=["result_id"])


def retry_run(user, run: FootprintRun) -> FootprintRun:
    """Run a failed footprint again: a new run over the same stored files, stressor and
    sources. The failed run stays as it was, with its reason."""
    require(user, Action.CREATE, run)
    if run.status != RunStatus.FAILED:
        raise ValidationError(_("Only a failed footprint can be run again."))
    for stored in (run.mrio_file, run.satellite_file):
        if not stored.name or not stored.storage.exists(stored.name):
            raise ValidationError(_("The files of this run are no longer kept; upload them "
                                    "again."))
    fields = ("mrio_file", "mrio_name", "mrio_sha256", "mrio_source", "satellite_file",
              "satellite_name", "satellite_sha256", "satellite_source", "stressor")
    new = FootprintRun(created_by=user, method_note=METHOD_NOTE,
                       **{name: getattr(run, name) for name in fields})
    with transaction.atomic():
        new.save()
        _enqueue(user, new)
    return new


def job_retry(user, result_id: str, kwargs: dict) -> str:
    """The jobs page's Retry (``target87.core.jobs.retry``): a new run, its page's url."""
    run = FootprintRun.objects.filter(pk=kwargs.get("run_id")).first()
    if run is None:
        raise ValidationError(_("This footprint run no longer exists."))
    return retry_run(user, run).get_absolute_url()


def execute_run(run_id: int, result_id: str) -> str:
    """Body of the background job: read, compute, store; or record why it failed. A failed
    run stores no figure, and earlier runs are untouched."""
    from target87.core import progress
    from target87.measure.cli import MeasureInputError
    from target87.measure.io_analysis import footprint, read_mrio, read_satellite

    run = FootprintRun.objects.get(pk=run_id)
    if run.is_done:
        return run.status
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.result_id = run.result_id or result_id
    run.save(update_fields=["status", "started_at", "result_id"])

    def report(fraction: float) -> None:
        progress.report(result_id, 10 + min(79, int(fraction * 80)), total=100,
                        message=_("computing"))

    try:
        progress.report(result_id, 2, total=100, message=_("reading the MRIO system"))
        mrio = read_mrio(run.mrio_file.path)
        progress.report(result_id, 8, total=100, message=_("reading the satellite account"))
        satellite = read_satellite(run.satellite_file.path, mrio)
        result = footprint(mrio, satellite, stressors=[run.stressor], progress=report)
        rows = list(result.rows(run.stressor, skip_zero=True))
        summary = list(result.summary(run.stressor))
    except MeasureInputError as exc:
        params = {k: _readable(run, v) if isinstance(v, str) else v
                  for k, v in (getattr(exc, "params", None) or {}).items()}
        try:  # the English text from the stored values, so that it can be said again
            english = exc.template % params if exc.code else _readable(run, str(exc))
        except (KeyError, TypeError, ValueError):
            english = _readable(run, str(exc))
        return _fail(run, result_id, english, exc.code or "", params)
    except Exception as exc:  # never leave a run "running": record why, log the traceback
        from target87.core.jobs import REASONS

        logger.exception("footprint run %s failed", run_id)
        params = {"kind": type(exc).__name__, "text": _readable(run, str(exc))[:500]}
        return _fail(run, result_id, REASONS[UNEXPECTED] % params, UNEXPECTED, params)
    progress.report(result_id, 92, total=100, message=_("storing the results"))
    with transaction.atomic():
        FootprintFlow.objects.bulk_create(
            [FootprintFlow(run=run, consumer=str(r["consumer"]), producer=str(r["producer"]),
                           sector=str(r["sector"]), value=float(r["value"]),
                           direct=float(r["direct"]), indirect=float(r["indirect"]))
             for r in rows if r["value"]], batch_size=5000)
        FootprintAccount.objects.bulk_create(
            [FootprintAccount(run=run, region=str(r["region"]),
                              production=float(r["production"]),
                              consumption=float(r["consumption"]),
                              exports=float(r["exports"]), imports=float(r["imports"]))
             for r in summary], batch_size=5000)
        run.regions = [str(r) for r in result.regions]
        run.sectors = [str(sec) for sec in result.sectors]
        run.status = RunStatus.FINISHED
        run.error, run.error_code, run.error_params = "", "", {}
        run.finished_at = timezone.now()
        run.save(update_fields=["regions", "sectors", "status", "error", "error_code",
                                "error_params", "finished_at"])
    progress.report(result_id, 100, total=100, message=_("done"))
    return run.status


def _readable(run: FootprintRun, message: str) -> str:
    """The message with the stored files named as they were uploaded."""
    for field, name in ((run.mrio_file, run.mrio_name), (run.satellite_file, run.satellite_name)):
        try:
            message = message.replace(field.path, name)
        except (ValueError, NotImplementedError):
            pass
    return message


def _fail(run: FootprintRun, result_id: str, message: str, code: str = "",
          params: dict | None = None) -> str:
    """Record the failure: the English text, and its code and values so that each reader
    sees it in their own language (the worker's language is nobody's in particular)."""
    from target87.core import progress

    run.status = RunStatus.FAILED
    run.error = message or "The footprint failed."
    run.error_code = code
    run.error_params = params or {}
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "error_code", "error_params", "finished_at"])
    progress.fail(result_id, run.error, code, params)
    return run.status


def job_failed(result_id: str, kwargs: dict, failure) -> None:
    run = FootprintRun.objects.filter(pk=kwargs.get("run_id")).first()
    if run is not None and not run.is_done:
        _fail(run, result_id, failure.text, failure.code, failure.params)


def job_requeued(result_id: str, kwargs: dict) -> None:
    FootprintRun.objects.filter(pk=kwargs.get("run_id")).exclude(
        status__in=[RunStatus.FINISHED, RunStatus.FAILED]).update(
        status=RunStatus.QUEUED, started_at=None)


def set_published(user, run: FootprintRun, published: bool) -> None:
    require(user, Action.PUBLISH, run)
    if published and run.status != RunStatus.FINISHED:
        raise ValidationError(_("Only a finished run can be published."))
    with transaction.atomic():
        if published:  # one published run at a time: the page shows one set of results
            FootprintRun.objects.exclude(pk=run.pk).filter(is_published=True).update(
                is_published=False)
        run.is_published = published
        run.save(update_fields=["is_published"])


def published_run() -> FootprintRun | None:
    return FootprintRun.objects.filter(is_published=True, status=RunStatus.FINISHED).first()


# --- views over a run's results --------------------------------------------------------------


def export_shares(run: FootprintRun) -> list[dict]:
    """Each producing region: its child labour, the part embodied in exports and the share."""
    rows = []
    for a in run.accounts.all():
        rows.append({"region": a.region, "production": a.production, "exports": a.exports,
                     "share": a.export_share})
    rows.sort(key=lambda r: -(r["share"] or 0))
    return rows


def exports_by_sector(run: FootprintRun, region: str) -> list[dict]:
    """A region's child labour embodied in exports, by producing sector (share of its own
    child labour)."""
    production = run.accounts.filter(region=region).values_list("production", flat=True).first()
    totals: dict[str, float] = defaultdict(float)
    for sector, value in run.flows.filter(producer=region).exclude(consumer=region).values_list(
            "sector", "value"):
        totals[sector] += value
    return sorted(({"sector": s, "exports": v,
                    "share": v / production * 100 if production else None}
                   for s, v in totals.items()), key=lambda r: -r["exports"])


def exports_by_destination(run: FootprintRun, region: str, sector: str = "") -> list[dict]:
    """Where a region's (or a country-sector's) exported child labour is consumed: the
    commercial interest and the levers of change."""
    flows = run.flows.filter(producer=region).exclude(consumer=region)
    if sector:
        flows = flows.filter(sector=sector)
    totals: dict[str, float] = defaultdict(float)
    for consumer, value in flows.values_list("consumer", "value"):
        totals[consumer] += value
    whole = sum(totals.values())
    return sorted(({"consumer": c, "value": v, "share": v / whole * 100 if whole else None}
                   for c, v in totals.items()), key=lambda r: -r["value"])


def sdg_regions_of(codes) -> dict[str, str]:
    """The SDG region of each MRIO region code that names a country (ISO 3166 alpha-3, as
    OECD ICIO tables do, or alpha-2, as EXIOBASE does; case ignored); ``NOT_ASSIGNED`` for
    the others (rest of the world, groups of countries, model regions such as "reg1")."""
    from target87.countries.models import Country

    known: dict[str, str] = {}
    for iso3, iso2, region in Country.objects.values_list("iso3", "iso2", "sdg_region"):
        known[iso3.upper()] = region
        known[iso2.upper()] = region
    for code in NOT_COUNTRY_CODES:
        known.pop(code, None)
    return {code: known.get(str(code).strip().upper(), NOT_ASSIGNED) for code in codes}


def shares_by_sdg_region(run: FootprintRun) -> list[dict]:
    """The run's accounts grouped into the SDG regions of the 2019 report: each group's child
    labour, the part embodied in exports (its MRIO regions' exports added up) and the share,
    beside the published share where there is one. MRIO regions that are not countries make
    a last group, not assigned; a last row gives all regions together."""
    from target87.countries.models import SDGRegion

    accounts = list(run.accounts.all())
    assigned = sdg_regions_of(a.region for a in accounts)
    # the report's regions in its order, then the others, then those not assigned
    order = [*REFERENCE_BY_SDG_REGION,
             *(k for k in SDGRegion.values if k not in REFERENCE_BY_SDG_REGION), NOT_ASSIGNED]
    groups: dict[str, list] = {key: [] for key in order}
    for a in accounts:
        groups[assigned[a.region]].append(a)
    labels = dict(SDGRegion.choices)
    labels[NOT_ASSIGNED] = gettext_lazy("Not assigned to an SDG region")

    def row(key, label, members, reference=None):
        production = sum(a.production for a in members)
        exports = sum(a.exports for a in members)
        return {"key": key, "label": str(label), "regions": sorted(a.region for a in members),
                "production": production, "exports": exports,
                "share": exports / production * 100 if production else None,
                "reference": reference}

    rows = [row(key, labels[key], members, REFERENCE_BY_SDG_REGION.get(key))
            for key, members in groups.items() if members or key in REFERENCE_BY_SDG_REGION]
    rows.append(row("all", gettext_lazy("All regions"), accounts))
    return rows
