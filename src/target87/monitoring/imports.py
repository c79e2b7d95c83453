"""Loading the figures custodian agencies publish.

Three layouts are read, each exactly as its publisher exports it:

- ``sdg``: the UN SDG Global Database export (UN Statistics Division): one row per
  observation with ``Goal, Target, Indicator, SeriesCode, SeriesDescription, GeoAreaCode,
  GeoAreaName, TimePeriod, Value, Time_Detail, TimeCoverage, UpperBound, LowerBound,
  BasePeriod, Source, GeoInfoUrl, FootNote`` and one bracketed column per dimension or
  attribute (``[Sex]``, ``[Age]``, ``[Location]``, ``[Nature]``, ``[Reporting Type]``,
  ``[Units]``). Areas are M49 codes; a series maps to the catalogue's indicator through its
  SDG series code.
- ``ilostat``: the ILOSTAT bulk CSV of SDG indicator 8.7.1 (``SDG_B871_SEX_AGE_RT`` and
  ``SDG_A871_SEX_AGE_RT``): ``ref_area, source, indicator, sex, classif1, time, obs_value,
  obs_status, note_classif, note_indicator, note_source``; areas are ISO alpha-3 codes and
  ILO aggregates start with ``X``.
- ``ratifications``: one row per convention and country with its date and status (the
  columns ILO NORMLEX and the UN Treaty Collection list).

Every row becomes a published ``global`` observation with its source, nature and release.
The whole file is checked first: a row with an unknown area, series, convention or year,
or a value that is not a number, is listed with its row number, and nothing is loaded.
Loading the same file again changes nothing; a changed value is saved as a revision, the
earlier value staying in the observation's history.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from target87.countries.models import Country
from target87.monitoring.models import (
    DISAGGREGATIONS,
    Convention,
    ImportKind,
    ImportStatus,
    Indicator,
    Observation,
    ObservationStatus,
    Origin,
    PublishedImport,
    ValueType,
)
from target87.monitoring.services import disaggregation_key
from target87.monitoring.xlsform import ImportRefused, RowError, read_submissions

# M49 codes of the world and the regional groupings the SDG Global Database publishes
# figures for (UN Statistics Division, "Standard country or area codes for statistical use
# (M49)" and "Regional groupings used in the SDG report and database"): rows for these are
# aggregates, not countries, and are skipped. Any other unknown code is an error.
M49_AGGREGATES = {
    1, 2, 5, 9, 11, 13, 14, 15, 17, 18, 19, 21, 29, 30, 34, 35, 39, 53, 54, 57, 61, 62,
    142, 143, 145, 150, 151, 154, 155, 199, 202, 419, 432, 513, 514, 515, 543, 722, 747,
    753,
}

# ILOSTAT indicator codes of SDG 8.7.1 -> the SDG series code the catalogue knows them by
ILOSTAT_SERIES = {
    "SDG_A871_SEX_AGE_RT": "SL_TLF_CHLDEA",  # economic activity
    "SDG_B871_SEX_AGE_RT": "SL_TLF_CHLDEC",  # economic activity and household chores
}

SDG_REQUIRED = ["SeriesCode", "GeoAreaCode", "TimePeriod", "Value"]
ILOSTAT_REQUIRED = ["ref_area", "indicator", "time", "obs_value"]
RATIFICATION_REQUIRED = ["convention", "country", "date", "status"]

SEX_VALUES = {"BOTHSEX": "", "FEMALE": "female", "MALE": "male",
              "SEX_T": "", "SEX_F": "female", "SEX_M": "male"}
LOCATION_VALUES = {"ALLAREA": "", "URBAN": "urban", "RURAL": "rural"}
IN_FORCE = {"in force", "ratified", "ratification", "accession", "succession",
            "acceptance", "approval", "definitive signature"}
NOT_IN_FORCE = {"not in force", "denounced", "abrogated"}
DATE_FORMATS = ["%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d/%m/%Y", "%d.%m.%Y"]
FOUR_PLACES = Decimal("0.0001")


@dataclass
class Figure:
    """One published figure read from a row, ready to be saved."""

    row: int
    country: Country
    indicator: Indicator
    period: int
    disaggregation: dict
    value: Decimal | None = None
    value_bool: bool | None = None
    value_year: int | None = None
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    source: str = ""
    nature: str = ""
    method_note: str = ""
    key: str = ""


@dataclass
class Parsed:
    rows: int = 0
    figures: list[Figure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0


@dataclass
class Outcome:
    rows: int = 0
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    skipped: int = 0


Report = Callable[[int, int], None]


# --- reading ---------------------------------------------------------------------------------


def _columns(filename: str, rows, required: list[str], case_insensitive=False):
    """Check the header: every required column is there (named as the publisher names it)."""
    header = set(rows[0][1]) if rows else set()
    if case_insensitive:
        header = {h.lower() for h in header}
    missing = [c for c in required if (c.lower() if case_insensitive else c) not in header]
    if not rows:
        raise ImportRefused([RowError(1, "-", _("%(file)s has no data rows.")
                                      % {"file": filename})])
    if missing:
        raise ImportRefused([RowError(1, ", ".join(missing), _(
            "%(file)s lacks the column(s) %(columns)s; expected the layout of %(layout)s."
        ) % {"file": filename, "columns": ", ".join(missing), "layout": ", ".join(required)})])


def _year(text: str) -> int | None:
    text = (text or "").strip()
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        year = int(float(text))
        if 1990 <= year <= 2100:
            return year
    return None


def _number(text: str) -> Decimal | None:
    """A finite number, or None for a text that is not one."""
    try:
        number = Decimal((text or "").strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e15"):
        return None
    return number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _optional_number(parsed: Parsed, row: int, column: str, text: str) -> Decimal | None:
    if not (text or "").strip():
        return None
    number = _number(text)
    if number is None:
        parsed.errors.append(RowError(row, column, _(
            "“%(text)s” is not a number.") % {"text": text}))
    return number


def _age(text: str) -> str | None:
    """An age band in the catalogue's form ("5-17"), "" for all ages, None if unknown."""
    text = (text or "").strip()
    if not text or text.upper() in ("ALLAGE", "AGE_TOTAL") or text.upper().endswith("_TOTAL"):
        return ""
    match = re.search(r"(\d+)\s*-\s*(\d+)\s*$", text.replace("Y", " "))
    if match:
        band = f"{int(match.group(1))}-{int(match.group(2))}"
        if band in DISAGGREGATIONS["age"]:
            return band
    return None


def _catalogue() -> tuple[dict[str, Indicator], dict[str, Country], dict[str, Country]]:
    by_series = {i.sdg_series: i for i in Indicator.objects.exclude(sdg_series="")}
    countries = list(Country.objects.all())
    by_m49 = {c.m49: c for c in countries}
    by_iso3 = {c.iso3: c for c in countries}
    return by_series, by_m49, by_iso3


def _check_disaggregation(parsed: Parsed, figure: Figure, column: str) -> bool:
    from django.core.exceptions import ValidationError

    try:
        figure.key = disaggregation_key(figure.indicator, figure.disaggregation)
    except ValidationError as exc:
        parsed.errors.append(RowError(figure.row, column, "; ".join(exc.messages)))
        return False
    return True


def parse_sdg(filename: str, content: bytes) -> Parsed:
    rows = read_submissions(filename, content)
    _columns(filename, rows, SDG_REQUIRED)
    by_series, by_m49, _by_iso3 = _catalogue()
    parsed = Parsed(rows=len(rows))
    for number, rec in rows:
        errors_before = len(parsed.errors)
        series = (rec.get("SeriesCode") or "").strip()
        indicator = by_series.get(series)
        if indicator is None:
            parsed.errors.append(RowError(number, "SeriesCode", _(
                "series %(series)s is not mapped to an indicator of the catalogue "
                "(known series: %(known)s).") % {
                    "series": series or "—", "known": ", ".join(sorted(by_series))}))
        code = (rec.get("GeoAreaCode") or "").strip()
        country = None
        if re.fullmatch(r"\d{1,3}(\.0+)?", code):
            m49 = int(float(code))
            country = by_m49.get(f"{m49:03d}")
            if country is None and m49 in M49_AGGREGATES:
                parsed.skipped += 1
                continue
        if country is None:
            parsed.errors.append(RowError(number, "GeoAreaCode", _(
                "%(code)s is not the M49 code of a country or area.") % {"code": code or "—"}))
        period = _year(rec.get("TimePeriod", ""))
        if period is None:
            parsed.errors.append(RowError(number, "TimePeriod", _(
                "“%(text)s” is not a year between 1990 and 2100.") % {
                    "text": rec.get("TimePeriod", "")}))
        value = _number(rec.get("Value", ""))
        if value is None:
            parsed.errors.append(RowError(number, "Value", _(
                "“%(text)s” is not a number.") % {"text": rec.get("Value", "")}))
        ci_low = _optional_number(parsed, number, "LowerBound", rec.get("LowerBound", ""))
        ci_high = _optional_number(parsed, number, "UpperBound", rec.get("UpperBound", ""))
        disaggregation = {}
        sex = (rec.get("[Sex]") or "").strip().upper()
        if sex:
            if sex not in SEX_VALUES:
                parsed.errors.append(RowError(number, "[Sex]", _(
                    "“%(text)s” is not a sex code (BOTHSEX, FEMALE, MALE).") % {"text": sex}))
            elif SEX_VALUES[sex]:
                disaggregation["sex"] = SEX_VALUES[sex]
        age = _age(rec.get("[Age]", ""))
        if age is None and indicator is not None:  # an unknown series has its own bands
            parsed.errors.append(RowError(number, "[Age]", _(
                "“%(text)s” is not an age band of the indicator (%(allowed)s).") % {
                    "text": rec.get("[Age]", ""), "allowed": ", ".join(DISAGGREGATIONS["age"])}))
        elif age:
            disaggregation["age"] = age
        location = (rec.get("[Location]") or "").strip().upper()
        if location:
            if location not in LOCATION_VALUES:
                parsed.errors.append(RowError(number, "[Location]", _(
                    "“%(text)s” is not a location code (ALLAREA, URBAN, RURAL).")
                    % {"text": location}))
            elif LOCATION_VALUES[location]:
                disaggregation["area"] = LOCATION_VALUES[location]
        if len(parsed.errors) > errors_before:
            continue
        figure = Figure(
            row=number, country=country, indicator=indicator, period=period,
            disaggregation=disaggregation, value=value, ci_low=ci_low, ci_high=ci_high,
            source=(rec.get("Source") or "").strip()[:300],
            nature=(rec.get("[Nature]") or rec.get("Nature") or "").strip()[:20],
            method_note=(rec.get("FootNote") or "").strip(),
        )
        if _check_disaggregation(parsed, figure, "[Sex]/[Age]/[Location]"):
            parsed.figures.append(figure)
    return parsed


def parse_ilostat(filename: str, content: bytes) -> Parsed:
    rows = read_submissions(filename, content)
    _columns(filename, rows, ILOSTAT_REQUIRED)
    by_series, _by_m49, by_iso3 = _catalogue()
    parsed = Parsed(rows=len(rows))
    for number, rec in rows:
        errors_before = len(parsed.errors)
        area = (rec.get("ref_area") or "").strip().upper()
        if area.startswith("X") and len(area) == 3:
            parsed.skipped += 1  # an ILO regional, income or world aggregate
            continue
        country = by_iso3.get(area)
        if country is None:
            parsed.errors.append(RowError(number, "ref_area", _(
                "%(code)s is not the ISO alpha-3 code of a country or area.")
                % {"code": area or "—"}))
        code = re.sub(r"_[AQM]$", "", (rec.get("indicator") or "").strip().upper())
        indicator = by_series.get(ILOSTAT_SERIES.get(code, ""))
        if indicator is None:
            parsed.errors.append(RowError(number, "indicator", _(
                "indicator %(code)s is not SDG 8.7.1 as the catalogue knows it "
                "(expected one of %(known)s).") % {
                    "code": code or "—", "known": ", ".join(sorted(ILOSTAT_SERIES))}))
        period = _year(rec.get("time", ""))
        if period is None:
            parsed.errors.append(RowError(number, "time", _(
                "“%(text)s” is not a year between 1990 and 2100.") % {"text": rec.get("time", "")}))
        value = _number(rec.get("obs_value", ""))
        if value is None:
            parsed.errors.append(RowError(number, "obs_value", _(
                "“%(text)s” is not a number.") % {"text": rec.get("obs_value", "")}))
        disaggregation = {}
        sex = (rec.get("sex") or "").strip().upper()
        if sex:
            if sex not in SEX_VALUES:
                parsed.errors.append(RowError(number, "sex", _(
                    "“%(text)s” is not a sex code (SEX_T, SEX_F, SEX_M).") % {"text": sex}))
            elif SEX_VALUES[sex]:
                disaggregation["sex"] = SEX_VALUES[sex]
        age = _age(rec.get("classif1", ""))
        if age is None and indicator is not None:
            parsed.errors.append(RowError(number, "classif1", _(
                "“%(text)s” is not an age band of the indicator (%(allowed)s).") % {
                    "text": rec.get("classif1", ""),
                    "allowed": ", ".join(DISAGGREGATIONS["age"])}))
        elif age:
            disaggregation["age"] = age
        if len(parsed.errors) > errors_before:
            continue
        source = (rec.get("source") or "").strip()
        notes = [(rec.get(n) or "").strip() for n in ("note_source", "note_indicator",
                                                      "note_classif")]
        figure = Figure(
            row=number, country=country, indicator=indicator, period=period,
            disaggregation=disaggregation, value=value,
            source=(f"ILOSTAT ({source})" if source else "ILOSTAT")[:300],
            nature=(rec.get("obs_status") or "").strip()[:20],
            method_note="; ".join(n for n in notes if n),
        )
        if _check_disaggregation(parsed, figure, "sex/classif1"):
            parsed.figures.append(figure)
    return parsed


def _convention_code(text: str, known: dict[str, Convention]) -> str | None:
    text = (text or "").strip()
    upper = text.upper().replace(" ", "")
    if upper in known:
        return upper
    match = re.match(r"^(C|P)0*(\d+)", upper) or re.match(r"^(?:NO\.?)0*(\d+)$", upper)
    if match and len(match.groups()) == 2:
        letter, n = match.groups()
        code = f"C{int(n)}" if letter == "C" else f"P{int(n):03d}"
        return code if code in known else None
    if match:
        code = f"C{int(match.group(1))}"
        return code if code in known else None
    by_name = {c.name_en.lower(): code for code, c in known.items()}
    return by_name.get(text.lower())


def _date(text: str) -> dt.date | None:
    text = (text or "").strip()
    if " " in text and re.fullmatch(r"\d{4}-\d{2}-\d{2} 00:00:00", text):
        text = text[:10]  # a date cell read from a workbook
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_ratifications(filename: str, content: bytes, as_of: int) -> Parsed:
    rows = read_submissions(filename, content)
    _columns(filename, rows, RATIFICATION_REQUIRED, case_insensitive=True)
    rows = [(n, {k.strip().lower(): v for k, v in rec.items()}) for n, rec in rows]
    conventions = {c.code: c for c in Convention.objects.all()}
    asked = {}
    for indicator in Indicator.objects.filter(value_type=ValueType.RATIFICATION):
        for code in indicator.conventions:
            asked.setdefault(code, []).append(indicator)
    countries = list(Country.objects.all())
    by_code = {c.iso3: c for c in countries} | {c.iso2: c for c in countries}
    by_name = {c.name_en.lower(): c for c in countries}
    parsed = Parsed(rows=len(rows))
    for number, rec in rows:
        errors_before = len(parsed.errors)
        code = _convention_code(rec.get("convention", ""), conventions)
        if code is None:
            parsed.errors.append(RowError(number, "convention", _(
                "“%(text)s” is not a convention the framework asks about (%(known)s).") % {
                    "text": rec.get("convention", ""), "known": ", ".join(conventions)}))
        text = (rec.get("country") or "").strip()
        country = by_code.get(text.upper()) or by_name.get(text.lower())
        if country is None:
            parsed.errors.append(RowError(number, "country", _(
                "“%(text)s” is not a country's ISO code or English name.") % {"text": text}))
        date = _date(rec.get("date", ""))
        if date is None or not 1900 <= date.year <= as_of:
            parsed.errors.append(RowError(number, "date", _(
                "“%(text)s” is not a date (YYYY-MM-DD or 19 Jun 2000) up to %(year)s.") % {
                    "text": rec.get("date", ""), "year": as_of}))
        status = re.sub(r"\s*\(.*\)$", "", (rec.get("status") or "").strip()).lower()
        if status not in IN_FORCE | NOT_IN_FORCE:
            parsed.errors.append(RowError(number, "status", _(
                "“%(text)s” is not a status (In Force, Not in force, Denounced, Ratification, "
                "Accession...).") % {"text": rec.get("status", "")}))
        if len(parsed.errors) > errors_before:
            continue
        if code not in asked:
            parsed.skipped += 1
            continue
        for indicator in asked[code]:
            figure = Figure(
                row=number, country=country, indicator=indicator, period=as_of,
                disaggregation={"convention": code}, value_bool=status in IN_FORCE,
                value_year=date.year, source=(rec.get("source") or "").strip()[:300],
                nature=status[:20], method_note=date.isoformat(),
            )
            if _check_disaggregation(parsed, figure, "convention"):
                parsed.figures.append(figure)
    return parsed


def parse(kind: str, filename: str, content: bytes, release: str = "") -> Parsed:
    if kind == ImportKind.SDG:
        parsed = parse_sdg(filename, content)
    elif kind == ImportKind.ILOSTAT:
        parsed = parse_ilostat(filename, content)
    elif kind == ImportKind.RATIFICATIONS:
        parsed = parse_ratifications(filename, content, _release_year(release))
    else:
        raise ValueError(f"unknown kind of file {kind!r}")
    seen: dict[tuple, int] = {}
    for figure in parsed.figures:
        ident = (figure.country.pk, figure.indicator.pk, figure.period, figure.key)
        if ident in seen and seen[ident] != figure.row:
            parsed.errors.append(RowError(figure.row, "-", _(
                "the same figure (area, series, year and dimensions) as row %(row)d.")
                % {"row": seen[ident]}))
        seen.setdefault(ident, figure.row)
    parsed.errors.sort(key=lambda e: e.row)
    return parsed


def _release_year(release: str) -> int:
    match = re.match(r"^(\d{4})", release or "")
    return int(match.group(1)) if match else timezone.localdate().year


# --- saving ----------------------------------------------------------------------------------

COMPARED = ["value", "value_bool", "value_year", "ci_low", "ci_high", "source", "nature",
            "method_note"]


def _same(obs: Observation, figure: Figure) -> bool:
    return all(getattr(obs, name) == getattr(figure, name) for name in COMPARED)


@transaction.atomic
def save_figures(parsed: Parsed, release: str, report: Report | None = None) -> Outcome:
    """Save checked figures as published global observations (all or none)."""
    outcome = Outcome(rows=parsed.rows, skipped=parsed.skipped)
    indicators = {f.indicator.pk for f in parsed.figures}
    existing = {
        (o.country_id, o.indicator_id, o.period, o.disaggregation_key): o
        for o in Observation.objects.select_for_update().filter(
            origin=Origin.GLOBAL, indicator_id__in=indicators)
    }
    total = len(parsed.figures)
    for done, figure in enumerate(parsed.figures, start=1):
        ident = (figure.country.pk, figure.indicator.pk, figure.period, figure.key)
        obs = existing.get(ident)
        if obs is None:
            obs = Observation(
                country=figure.country, indicator=figure.indicator, period=figure.period,
                disaggregation_key=figure.key,
                disaggregation=dict(p.split("=") for p in figure.key.split("|") if p),
                origin=Origin.GLOBAL, status=ObservationStatus.PUBLISHED, release=release,
            )
            outcome.created += 1
        elif _same(obs, figure):
            outcome.unchanged += 1
            continue
        else:
            obs.release = release
            obs._change_reason = _("revised by release %(release)s") % {"release": release}
            outcome.revised += 1
        for name in COMPARED:
            setattr(obs, name, getattr(figure, name))
        obs.save()
        existing[ident] = obs
        if report is not None and (done % 200 == 0 or done == total):
            report(done, total)
    return outcome


def import_file(kind: str, filename: str, content: bytes, release: str = "",
                report: Report | None = None) -> Outcome:
    """Check a custodian's file and load it; ``ImportRefused`` lists every bad row."""
    release = (release or "").strip()[:40] or timezone.localdate().isoformat()
    parsed = parse(kind, filename, content, release)
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    return save_figures(parsed, release, report)


# --- recorded imports (the upload page and the command) --------------------------------------


def run_import(record: PublishedImport, content: bytes, release: str = "",
               report: Report | None = None) -> PublishedImport:
    """Load the file of ``record`` and keep the outcome (or the refusal) on it."""
    record.status = ImportStatus.RUNNING
    record.save(update_fields=["status"])
    try:
        outcome = import_file(record.kind, record.file_name, content, release, report)
    except ImportRefused as exc:
        record.status = ImportStatus.REJECTED
        record.errors = [{"row": e.row, "column": e.column, "message": str(e.message)}
                         for e in exc.errors]
    else:
        record.status = ImportStatus.LOADED
        record.rows, record.created, record.revised = outcome.rows, outcome.created, outcome.revised
        record.unchanged, record.skipped = outcome.unchanged, outcome.skipped
        record.errors = []
    record.finished_at = timezone.now()
    record.save()
    return record


def _stored_dir():
    from django.conf import settings

    path = settings.DATA_DIR / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_upload(user, kind: str, upload, release: str = "") -> PublishedImport:
    """Keep an uploaded file and queue its import for the worker (Secretariat only)."""
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from target87.accounts.permissions import Action, require
    from target87.core.jobs import enqueue_with_progress
    from target87.monitoring.tasks import load_published_file

    require(user, Action.MANAGE)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Choose the kind of file.")})
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", upload.name or "upload")[-120:]
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError({"file": _("%(file)s: a CSV or XLSX file was expected.")
                               % {"file": upload.name}})
    record = PublishedImport.objects.create(kind=kind, file_name=name, uploaded_by=user)
    path = _stored_dir() / f"{record.pk}-{name}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    record.stored_path = str(path)
    label = _("Published figures: %(file)s") % {"file": name}
    url = reverse("monitoring:published_import", args=[record.pk])

    record.result_id = enqueue_with_progress(
        load_published_file, label[:200], owner=user, total=1, url=url,
        import_id=record.pk, release=(release or "").strip()[:40])
    record.save(update_fields=["stored_path", "result_id"])
    return record


def execute_upload(import_id: int, release: str, result_id: str) -> str:
    """The worker's side of ``start_upload``."""
    from pathlib import Path

    from target87.core import progress

    record = PublishedImport.objects.get(pk=import_id)
    content = Path(record.stored_path).read_bytes()
    progress.report(result_id, 0, 1, _("checking every row"))

    def report(done, total):
        progress.report(result_id, done, total, _("saving figures"))

    record = run_import(record, content, release, report)
    if record.status == ImportStatus.REJECTED:
        return f"rejected: {len(record.errors)} row errors"
    return f"loaded: {record.created} new, {record.revised} revised, {record.unchanged} unchanged"


def job_failed(result_id: str, kwargs: dict, failure) -> None:
    """A job that raised leaves its import failed, with the reason."""
    PublishedImport.objects.filter(pk=kwargs.get("import_id")).exclude(
        status__in=[ImportStatus.LOADED, ImportStatus.REJECTED]).update(
        status=ImportStatus.FAILED, finished_at=timezone.now(),
        errors=[{"row": 0, "column": "-", "message": failure.text}])
