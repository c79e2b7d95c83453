"""Pathfinder data from the 2019 slides and the briefing pack (``data/pathfinders.json``).

Loading is safe to repeat: workshops, priorities, next steps and lessons are remembered under
a key from the data file (country and position), so a record a person has edited is found
again rather than created twice (see ``core.seeding``); a country whose lifecycle already has
transitions is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

from django.db import transaction

from target87.core.seeding import seed
from target87.countries.models import Country
from target87.pathfinders.models import (
    LessonLearnt,
    NationalPriority,
    NextStep,
    PathfinderCountry,
    PathfinderStatus,
    StatusTransition,
    Workshop,
    WorkshopStatus,
)

S = PathfinderStatus

# how the step between the workshop and the award was inferred (for staff: the record's
# curation note, never shown to visitors)
REPORTED_NOTE = ("Report to the GCG precedes the award (guidance note, step 2); its date is not "
                 "given in the sources.")


def read_data() -> dict:
    text = (resources.files("target87.pathfinders.data") / "pathfinders.json").read_text("utf-8")
    return json.loads(text)


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _country(iso3: str, where: str) -> Country:
    try:
        return Country.objects.get(iso3=iso3)
    except Country.DoesNotExist as exc:
        raise ValueError(f"pathfinders.json {where}: unknown country {iso3!r}") from exc


@transaction.atomic
def load_pathfinder_data(stdout=None) -> int:
    data = read_data()
    changed = 0
    workshops: dict[str, Workshop] = {}
    per_country: dict[str, int] = {}
    for n, row in enumerate(data["workshops"], 1):
        country = _country(row["iso3"], f"workshops[{n}]")
        per_country[row["iso3"]] = per_country.get(row["iso3"], 0) + 1
        ws, created = seed(
            Workshop, f"{row['iso3']}:{per_country[row['iso3']]}",
            dict(country=country, source=row["source"], start_date=_date(row["start_date"]),
                 end_date=_date(row["end_date"]), status=row["status"], region=row["region"],
                 curation_note=row.get("curation_note", "")),
            adopt=[dict(country=country, source=row["source"])],
        )
        changed += bool(created)
        if ws is not None:
            workshops.setdefault(row["iso3"], ws)

    awards = {row["iso3"]: row for row in data["awards"]}
    for n, row in enumerate(data["expressions_of_interest"], 1):
        country = _country(row["iso3"], f"expressions_of_interest[{n}]")
        pathfinder, created = PathfinderCountry.objects.get_or_create(
            country=country, defaults={"source": row["source"],
                                       "status": S.EXPRESSION_OF_INTEREST},
        )
        changed += bool(created)
        if pathfinder.transitions.exists():
            continue
        chain = [("", S.EXPRESSION_OF_INTEREST, None, "", row["source"], "")]
        ws = workshops.get(row["iso3"])
        if ws is not None and ws.status == WorkshopStatus.HELD:
            chain.append((S.EXPRESSION_OF_INTEREST, S.WORKSHOP_HELD, ws.end_date or ws.start_date,
                          "", ws.source, ""))
            award = awards.get(row["iso3"])
            if award:
                chain.append((S.WORKSHOP_HELD, S.REPORTED_TO_GCG, None, "", award["source"],
                              REPORTED_NOTE))
                chain.append((S.REPORTED_TO_GCG, S.ACTIVE, None, award["note"], award["source"],
                              ""))
        for from_status, to_status, date, note, source, curation in chain:
            StatusTransition.objects.create(pathfinder=pathfinder, from_status=from_status,
                                            to_status=to_status, date=date, note=note,
                                            source=source, curation_note=curation)
        if pathfinder.status != chain[-1][1]:
            pathfinder.status = chain[-1][1]
            pathfinder.save(update_fields=["status"])
        changed += 1

    for n, row in enumerate(data["priorities"], 1):
        country = _country(row["iso3"], f"priorities[{n}]")
        _obj, created = seed(
            NationalPriority, f"{row['iso3']}:{row['order']}",
            dict(country=country, title=row["title"], workshop=workshops.get(row["iso3"]),
                 theme=row["theme"], heading=row["heading"], order=row["order"],
                 source=row["source"]),
            adopt=[dict(country=country, title=row["title"]),
                   dict(country=country, order=row["order"], source=row["source"])],
        )
        changed += bool(created)
    for n, row in enumerate(data["next_steps"], 1):
        country = _country(row["iso3"], f"next_steps[{n}]")
        _obj, created = seed(
            NextStep, f"{row['iso3']}:{row['order']}",
            dict(country=country, text=row["text"], workshop=workshops.get(row["iso3"]),
                 done=row["done"], order=row["order"], source=row["source"]),
            adopt=[dict(country=country, text=row["text"]),
                   dict(country=country, order=row["order"], source=row["source"])],
        )
        changed += bool(created)
    for row in data["lessons"]:
        _obj, created = seed(
            LessonLearnt, str(row["order"]),
            dict(text=row["text"], order=row["order"], source=row["source"]),
            adopt=[dict(text=row["text"]), dict(order=row["order"], source=row["source"])],
        )
        changed += bool(created)
    if stdout is not None:
        stdout.write(f"  pathfinders: {changed} records created or changed")
    return changed
