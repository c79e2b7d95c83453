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
    from target87.core.jobs import enqueue_with_progress
    from target87.supplychains.tasks import compute_footprint

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
        label = _("Footprint: %(file)s") % {"file": run.mrio_name}
        run.result_id = enqueue_with_progress(
            compute_footprint, label[:200], owner=user, total=100,
            url=reverse("supplychains:run", args=[run.pk]), run_id=run.pk)
        run.save(update_fields=["result_id"])
    return run


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
        return _fail(run, result_id, _readable(run, str(exc)))
    except Exception as exc:  # never leave a run "running": record why, log the traceback
        logger.exception("footprint run %s failed", run_id)
        return _fail(run, result_id, _("Unexpected error (%(kind)s): %(text)s") % {
            "kind": type(exc).__name__, "text": _readable(run, str(exc))[:500]})
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
        run.error = ""
        run.finished_at = timezone.now()
        run.save(update_fields=["regions", "sectors", "status", "error", "finished_at"])
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


def _fail(run: FootprintRun, result_id: str, message: str) -> str:
    from target87.core import progress

    run.status = RunStatus.FAILED
    run.error = message or _("The footprint failed.")
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    progress.fail(result_id, run.error)
    return run.status


def job_failed(result_id: str, kwargs: dict, failure) -> None:
    run = FootprintRun.objects.filter(pk=kwargs.get("run_id")).first()
    if run is not None and not run.is_done:
        _fail(run, result_id, failure.text)


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
