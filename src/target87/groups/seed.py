"""Reference data of the groups app: the Action Groups the source documents name.

Idempotent: a second run changes nothing and returns 0. Edits made on the platform are kept:
only fields that are still empty are filled from the data file.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from importlib import resources

from django.db import transaction

from target87.countries.models import Country
from target87.groups.models import ActionGroup, GroupChair, GroupPillar, Workplan, WorkplanItem
from target87.groups.services import check_item
from target87.partnership.services import seed_partner

LANGS = ("en", "fr", "es", "ar", "zh", "ru")


def read_data(name: str) -> dict:
    return json.loads((resources.files("target87.groups.data") / name).read_text("utf-8"))


def _fill(obj, values: dict) -> bool:
    dirty = False
    for field, value in values.items():
        if value and not getattr(obj, field):
            setattr(obj, field, value)
            dirty = True
    return dirty


def _names(names: dict) -> dict:
    return {f"name_{lang}": names.get(lang, "") for lang in LANGS}


@transaction.atomic
def load_action_groups() -> int:
    data = read_data("action_groups.json")
    changed = 0
    organisations = {}
    for row in data["chair_organisations"]:
        country = Country.objects.filter(iso3=row["country"]).first()
        partner, outcome = seed_partner(row["name"], {
            "partner_type": row["type"], "country": country, "website": row["website"],
            "source": row["source"]})
        changed += bool(outcome)
        organisations[row["name"]] = partner
    for row in data["groups"]:
        values = {
            **_names(row["name"]),
            "status": row["status"],
            "order": row["order"],
            "description": row["description"],
            "vision": row["vision"],
            "mission": row["mission"],
            "sources": "\n".join(row["sources"]),
            "curation_note": row["curation_note"],
        }
        group = ActionGroup.objects.filter(slug=row["slug"]).first()
        if group is None:
            group = ActionGroup.objects.create(slug=row["slug"], **values)
            changed += 1
        elif _fill(group, values):
            group.save()
            changed += 1
        for chair in row["chairs"]:
            if organisations[chair["organisation"]] is None:
                continue  # the organisation was deleted by a person: not recreated
            _obj, created = GroupChair.objects.get_or_create(
                group=group, organisation=organisations[chair["organisation"]],
                defaults={"role": chair["role"], "source": chair["source"]},
            )
            changed += created
        for order, pillar in enumerate(row["pillars"], start=1):
            _obj, created = GroupPillar.objects.get_or_create(
                group=group, order=order,
                defaults={**_names(pillar["name"]), "text": pillar["text"]},
            )
            changed += created
    return changed


@transaction.atomic
def load_workplans() -> int:
    """Workplans and their items; an existing plan or item is left as edited on the platform."""
    changed = 0
    for row in read_data("workplans.json")["workplans"]:
        group = ActionGroup.objects.get(slug=row["group"]) if row["group"] else None
        plan, created = Workplan.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "group": group, "title": row["title"],
                "period_start": dt.date.fromisoformat(row["period_start"]),
                "period_end": dt.date.fromisoformat(row["period_end"]),
                "status": row["status"], "summary": row["summary"],
                "donors": "\n".join(row["donors"]), "sources": "\n".join(row["sources"]),
                "curation_note": row["curation_note"], "is_published": True,
            },
        )
        changed += created
        codes = {item.code: item for item in plan.items.all()}
        for order, spec in enumerate(row["items"], start=1):
            if spec["code"] in codes:
                continue
            item = WorkplanItem(
                workplan=plan, parent=codes.get(spec.get("parent")), level=spec["level"],
                code=spec["code"], order=order, title=spec["title"],
                indicator=spec.get("indicator", ""), target_unit=spec.get("target_unit", ""),
                target_value=Decimal(spec["target_value"]) if spec.get("target_value") else None,
                milestone=spec.get("milestone", ""), lead=spec.get("lead", ""),
                due_date=dt.date.fromisoformat(spec["due_date"]) if spec.get("due_date") else None,
            )
            check_item(item)
            item.save()
            codes[item.code] = item
            changed += 1
    return changed


def load_reference_data(stdout=None) -> int:
    changed = load_action_groups() + load_workplans()
    if stdout is not None:
        stdout.write(f"  action groups: {changed} created or updated")
    return changed
