"""The 6th and 7th GCG meetings and the GCG's composition, from the 7th meeting's briefing
pack (``data/gcg_meetings.json`` cites it). Loading is idempotent and never overwrites what
was edited on the platform: a meeting already present keeps its records."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

from django.db import transaction
from django.utils.text import slugify

from target87.core.seeding import seed
from target87.countries.models import Country
from target87.meetings.models import (
    ActionPoint,
    AgendaItem,
    Body,
    Decision,
    GCGMember,
    Meeting,
    MeetingDocument,
    Participant,
)

SOURCE = ("Alliance 8.7, 7th Global Coordinating Group Meeting: briefing pack, 19 May 2020")


def seed_data() -> dict:
    text = (resources.files("target87.meetings.data") / "gcg_meetings.json").read_text("utf-8")
    return json.loads(text)


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _partner(name: str):
    from target87.partnership.models import Partner

    return Partner.objects.filter(name__iexact=name).first()


def _create_meeting(row: dict, countries: dict) -> Meeting:
    meeting = Meeting.objects.create(
        body=Body.GCG, number=row["number"], start_date=_date(row["start_date"]),
        time=row.get("time", ""), place=row.get("place", ""), virtual=row["virtual"],
        status=row["status"], chair=row.get("chair", ""), objectives=row.get("objectives", ""),
        report=row.get("report", ""), attendance_note=row.get("attendance_note", ""),
        source=row["source"], curation_note=row.get("curation_note", ""),
    )
    items = {}
    for n, item in enumerate(row["agenda"], 1):
        items[n] = AgendaItem.objects.create(
            meeting=meeting, order=n, title=item["title"], objective=item.get("objective", ""),
            presenter=item.get("presenter", ""), duration_minutes=item.get("minutes"),
            points="\n".join(item.get("points", [])),
        )
    for n, decision in enumerate(row["decisions"], 1):
        Decision.objects.create(meeting=meeting, order=n, text=decision["text"],
                                agenda_item=items.get(decision.get("agenda")))
    for n, point in enumerate(row["action_points"], 1):
        ActionPoint.objects.create(meeting=meeting, order=n, text=point["text"],
                                   owner=point["owner"],
                                   agenda_item=items.get(point.get("agenda")))
    for person in row["participants"]:
        Participant.objects.create(
            meeting=meeting, person=person.get("person", ""),
            organisation=person.get("organisation", ""),
            partner=_partner(person.get("organisation", "")),
            country=countries.get(person.get("country", "")),
            constituency=person["constituency"], region=person.get("region", ""),
            role=person.get("role", "member"),
        )
    for doc in row["documents"]:
        MeetingDocument.objects.create(meeting=meeting, agenda_item=items.get(doc.get("agenda")),
                                       title=doc["title"], author=doc.get("author", ""),
                                       date_text=doc.get("date_text", ""))
    return meeting


@transaction.atomic
def load_meetings(stdout=None) -> int:
    data = seed_data()
    countries = {c.iso3: c for c in Country.objects.all()}
    changed = 0
    for row in data["meetings"]:
        if Meeting.objects.filter(body=Body.GCG, number=row["number"]).exists():
            continue
        _create_meeting(row, countries)
        changed += 1
    for row in data["gcg_members"]:
        # remembered under a key from the data file: an edited name is not seeded again
        _member, outcome = seed(GCGMember, "gcg-member:" + slugify(row["organisation"])[:180], {
            "organisation": row["organisation"], "partner": _partner(row["organisation"]),
            "country": countries.get(row.get("country", "")),
            "constituency": row["constituency"], "region": row.get("region", ""),
            "role": row.get("role", "member"), "representative": row.get("representative", ""),
            "since": _date(row.get("since")), "source": SOURCE,
            "curation_note": row.get("note", ""),
        }, adopt=[{"organisation": row["organisation"]}])
        changed += bool(outcome)
    if stdout is not None:
        stdout.write(f"  meetings: {changed} created")
    return changed
