"""Partners directory: seed loading, queries and the application decision."""

from __future__ import annotations

import csv
import io
from importlib import resources

from django.db import transaction
from django.utils import timezone

from target87.accounts.permissions import Action, require
from target87.countries.models import Country
from target87.partnership.models import ApplicationStatus, Partner, PartnerApplication, PartnerType

SEED_SOURCE = "Seed 004: list of new partners of Alliance 8.7 (7th GCG briefing pack, May 2020)"


def read_partner_rows() -> list[dict]:
    text = (resources.files("target87.partnership.data") / "partners.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    rows = []
    for number, rec in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        name = (rec.get("name") or "").strip()
        kind = (rec.get("type") or "").strip()
        if not name:
            raise ValueError(f"partners.csv row {number}: empty name")
        if kind not in PartnerType.values:
            raise ValueError(f"partners.csv row {number} ({name}): unknown type {kind!r}")
        rows.append(
            {
                "name": name,
                "partner_type": kind,
                "country": (rec.get("country") or "").strip().upper(),
                "website": (rec.get("website") or "").strip(),
            }
        )
    return rows


@transaction.atomic
def load_partners(stdout=None) -> int:
    countries = {c.iso3: c for c in Country.objects.all()}
    existing = {p.name: p for p in Partner.objects.all()}
    changed = 0
    for row in read_partner_rows():
        country = countries.get(row["country"]) if row["country"] else None
        if row["country"] and country is None:
            raise ValueError(f"partners.csv ({row['name']}): unknown country {row['country']!r}")
        values = {
            "partner_type": row["partner_type"],
            "country": country,
            "website": row["website"],
            "source": SEED_SOURCE,
        }
        partner = existing.get(row["name"])
        if partner is None:
            Partner.objects.create(name=row["name"], **values)
            changed += 1
            continue
        # keep edits made on the platform: only fill what is still empty
        dirty = False
        for field in ("website",):
            if not getattr(partner, field) and values[field]:
                setattr(partner, field, values[field])
                dirty = True
        if dirty:
            partner.save()
            changed += 1
    if stdout is not None:
        stdout.write(f"  partners: {changed} created or updated")
    return changed


def public_partners(partner_type: str = "", country_iso3: str = ""):
    qs = Partner.objects.filter(is_published=True).select_related("country")
    if partner_type in PartnerType.values:
        qs = qs.filter(partner_type=partner_type)
    if country_iso3:
        qs = qs.filter(country__iso3=country_iso3.upper()[:3])
    return qs


@transaction.atomic
def decide_application(user, application: PartnerApplication, approve: bool) -> PartnerApplication:
    """Approve (creating the partner) or reject an application; Secretariat only."""
    require(user, Action.APPROVE, application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValueError(f"The application from {application.organisation} was already decided.")
    if approve:
        partner, _created = Partner.objects.get_or_create(
            name=application.organisation,
            defaults={
                "partner_type": application.partner_type,
                "country": application.country,
                "website": application.website,
                "joined": timezone.localdate(),
                "source": "Partner application",
            },
        )
        application.partner = partner
        application.status = ApplicationStatus.APPROVED
    else:
        application.status = ApplicationStatus.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = user
    application.save()
    return application
