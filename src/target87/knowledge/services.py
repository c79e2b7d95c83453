"""Knowledge platform rules: seed loading, the practice workflow, attachments, versions.

The content version (ETags, cached fragments) comes from ``core.versions``: it is held in the
database so that every server process sees a change at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from importlib import resources

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from target87.accounts.permissions import Action, require
from target87.core.seeding import CREATED, seed
from target87.core.versions import bump_content_version, content_version  # noqa: F401
from target87.countries.models import Country
from target87.knowledge import search
from target87.knowledge.models import (
    CONTENT_LANGUAGES,
    Event,
    EventStatus,
    GoodPractice,
    LabourLaw,
    PracticeAttachment,
    PracticeStatus,
    PracticeTranslation,
    Publication,
)

# ---------------------------------------------------------------- seed data


def _data_text(name: str) -> str:
    return (resources.files("target87.knowledge.data") / name).read_text("utf-8")


def _csv_rows(name: str) -> list[tuple[int, dict]]:
    lines = [line for line in _data_text(name).splitlines() if not line.startswith("#")]
    return list(enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2))


def _countries(codes: str | list, where: str) -> list[Country]:
    if isinstance(codes, str):
        codes = [c.strip().upper() for c in codes.split(";") if c.strip()]
    found = {c.iso3: c for c in Country.objects.filter(iso3__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValueError(f"{where}: unknown country code(s) {', '.join(missing)}")
    return [found[c] for c in codes]


@transaction.atomic
def load_practices() -> int:
    data = json.loads(_data_text("practices.json"))
    changed = 0
    for item in data["practices"]:
        slug = item["slug"]
        if GoodPractice.objects.filter(slug=slug).exists():
            continue  # once seeded, the record belongs to the Secretariat's edits
        practice = GoodPractice.objects.create(
            slug=slug,
            title=item["en"]["title"],
            summary=item["en"]["summary"],
            sector=item["sector"],
            theme=item["theme"],
            level=item["level"],
            actors=item.get("actors", ""),
            results=item.get("results", ""),
            lessons=item.get("lessons", ""),
            links=item.get("links", ""),
            source=item["source"],
            status=PracticeStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        practice.countries.set(_countries(item.get("countries", []), f"practices.json ({slug})"))
        for code, _label in CONTENT_LANGUAGES:
            if code in item:
                PracticeTranslation.objects.create(practice=practice, language=code, **item[code])
        search.index_practice(practice)
        changed += 1
    return changed


@transaction.atomic
def load_events() -> int:
    changed = 0
    for number, row in _csv_rows("events.csv"):
        where = f"events.csv row {number}"
        start = dt.date.fromisoformat(row["start"])
        values = dict(
            title=row["title"],
            kind=row["kind"],
            start_date=start,
            end_date=dt.date.fromisoformat(row["end"]),
            date_precision=row["precision"],
            status=row["status"],
            location=row["location"],
            is_virtual=row["virtual"] == "yes",
            source=row["source"],
        )
        try:
            Event(**values).clean_fields()
        except ValidationError as exc:
            raise ValueError(f"{where}: {exc.message_dict}") from exc
        # keyed by the data file's own title and date: a record edited in the site is found
        # again by its key, not by its (changed) title
        event, outcome = seed(Event, f"{row['start']}:{slugify(row['title'])[:150]}", values,
                              adopt=[dict(title=row["title"], start_date=start)])
        if outcome == CREATED:
            event.countries.set(_countries(row["countries"], where))
        changed += bool(outcome)
    return changed


@transaction.atomic
def load_publications() -> int:
    changed = 0
    for number, row in _csv_rows("publications.csv"):
        pub, outcome = seed(
            Publication, slugify(row["title"])[:190],
            dict(title=row["title"], kind=row["kind"], year=int(row["year"]),
                 publisher=row["publisher"], source=row["source"]),
            adopt=[dict(title=row["title"])],
        )
        if outcome == CREATED:
            pub.countries.set(_countries(row["countries"], f"publications.csv row {number}"))
        changed += bool(outcome)
    return changed


@transaction.atomic
def load_laws() -> int:
    changed = 0
    for number, row in _csv_rows("laws.csv"):
        country = _countries(row["country"], f"laws.csv row {number}")[0]
        _law, outcome = seed(
            LabourLaw, f"{row['country']}:{slugify(row['title'])[:150]}",
            dict(country=country, title=row["title"], topic=row["topic"],
                 year_adopted=int(row["year"]) if row["year"] else None,
                 summary=row["summary"], source=row["source"]),
            adopt=[dict(country=country, title=row["title"])],
        )
        changed += bool(outcome)
    return changed


def load_reference_data(stdout=None) -> int:
    counts = {
        "good practices": load_practices(),
        "events": load_events(),
        "publications": load_publications(),
        "labour laws": load_laws(),
    }
    if stdout is not None:
        stdout.write("  knowledge: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if any(counts.values()):
        bump_content_version()
    return sum(counts.values())


# ---------------------------------------------------------------- good practice workflow

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# extension -> (content type, leading bytes the file must start with)
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", [b"%PDF-"]),
    "png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    "jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    "jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [b"PK\x03\x04"],
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
    "odt": ("application/vnd.oasis.opendocument.text", [b"PK\x03\x04"]),
}


def check_attachment(upload) -> str:
    """The content type of an acceptable upload; ``ValidationError`` naming the problem."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("%(name)s: files of this type are not accepted (accepted: %(types)s).")
            % {"name": name, "types": ", ".join(sorted(ATTACHMENT_TYPES))}
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is %(size).1f MB; the largest accepted file is %(max)d MB.")
            % {"name": name, "size": upload.size / 1048576, "max": MAX_ATTACHMENT_BYTES // 1048576}
        )
    content_type, magics = ATTACHMENT_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ValidationError(
            _("%(name)s does not look like a .%(ext)s file.") % {"name": name, "ext": ext}
        )
    return content_type


def unique_slug(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "practice"
    slug, n = base, 2
    while GoodPractice.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_practice(user, practice: GoodPractice, countries, attachment=None, attachment_title=""):
    """Create or update a draft practice for its author (or the Secretariat)."""
    require(user, Action.CHANGE if practice.pk else Action.CREATE, practice)
    if not practice.slug:
        practice.slug = unique_slug(practice.title)
    if practice.pk is None:
        practice.submitted_by = user
        practice.status = PracticeStatus.DRAFT
    practice.save()
    practice.countries.set(countries)
    if attachment is not None:
        content_type = check_attachment(attachment)
        PracticeAttachment.objects.create(
            practice=practice,
            title=attachment_title or attachment.name,
            file=attachment,
            size=attachment.size,
            content_type=content_type,
        )
    search.index_practice(practice)
    return practice


def submit_practice(user, practice: GoodPractice) -> GoodPractice:
    require(user, Action.SUBMIT, practice)
    if practice.status not in {PracticeStatus.DRAFT, PracticeStatus.REJECTED}:
        raise ValidationError(_("Only a draft or a returned practice can be submitted."))
    practice.status = PracticeStatus.SUBMITTED
    practice.save(update_fields=["status", "updated_at"])
    return practice


def review_practice(user, practice: GoodPractice, publish: bool, note: str = "") -> GoodPractice:
    """The Secretariat publishes a submitted practice or returns it with a note."""
    require(user, Action.PUBLISH if publish else Action.REVIEW, practice)
    if practice.status != PracticeStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted practice can be reviewed."))
    if not publish and not note.strip():
        raise ValidationError({"review_note": _("Say what the author should change.")})
    practice.review_note = note.strip()
    if publish:
        practice.status = PracticeStatus.PUBLISHED
        practice.published_at = timezone.now()
    else:
        practice.status = PracticeStatus.REJECTED
    practice.save()
    return practice


# --- when an event is: one answer for the list, the month view, the detail page, the country
# sections and the home page -------------------------------------------------------------------

EVENT_STATE_LABELS = {
    "upcoming": gettext_lazy("Upcoming"),
    "past": gettext_lazy("Past"),
    "postponed": gettext_lazy("Postponed"),
    "cancelled": gettext_lazy("Cancelled"),
}


def event_state(event, today: dt.date | None = None) -> str:
    """"postponed" or "cancelled" when the event is; otherwise "past" once its last day is
    over and "upcoming" until then (an event on today is upcoming)."""
    if event.status in (EventStatus.POSTPONED, EventStatus.CANCELLED):
        return str(event.status)
    today = today or timezone.localdate()
    return "past" if event.end_date < today else "upcoming"


def upcoming_events(qs, today: dt.date | None = None):
    """Events whose last day is not over, soonest first (the same rule as event_state)."""
    today = today or timezone.localdate()
    return qs.filter(end_date__gte=today).order_by("start_date", "pk")


def past_events(qs, today: dt.date | None = None):
    """Events whose last day is over, latest first."""
    today = today or timezone.localdate()
    return qs.filter(end_date__lt=today).order_by("-start_date", "-pk")


def upcoming_first(qs, today: dt.date | None = None):
    """All events, upcoming ones first (soonest first), then past ones (latest first)."""
    today = today or timezone.localdate()
    past = Case(When(end_date__lt=today, then=Value(1)), default=Value(0),
                output_field=IntegerField())
    upcoming_start = Case(When(end_date__gte=today, then=F("start_date")), default=None)
    return qs.annotate(is_past=past, upcoming_start=upcoming_start).order_by(
        "is_past", F("upcoming_start").asc(nulls_last=True), F("start_date").desc(), "pk")


def next_month_with_events(qs, after: dt.date) -> dt.date | None:
    """The first day of the first month after ``after`` in which one of the events starts."""
    first = qs.filter(start_date__gt=after).order_by("start_date").values_list(
        "start_date", flat=True).first()
    return first.replace(day=1) if first else None


def previous_month_with_events(qs, before: dt.date) -> dt.date | None:
    last = qs.filter(end_date__lt=before).order_by("-end_date").values_list(
        "end_date", flat=True).first()
    return last.replace(day=1) if last else None
