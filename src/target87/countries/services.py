"""Loading and querying the country reference data."""

from __future__ import annotations

import csv
import io
from importlib import resources

from django.db import transaction

from target87.countries.models import Country

CSV_TO_MODEL = {
    "iso3": "iso3", "iso2": "iso2", "m49": "m49", "status": "un_status",
    "sdg_region": "sdg_region", "ilo_region": "ilo_region", "m49_region": "m49_region",
    "m49_sub_region": "m49_sub_region", "name_en": "name_en", "name_fr": "name_fr",
    "name_es": "name_es", "name_ar": "name_ar", "name_zh": "name_zh", "name_ru": "name_ru",
    "source": "source",
}


def read_reference_rows() -> list[dict[str, str]]:
    text = (resources.files("target87.data") / "countries.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    rows = []
    for number, rec in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        missing = [k for k in CSV_TO_MODEL if k != "source" and not (rec.get(k) or "").strip()]
        if missing:
            raise ValueError(f"countries.csv row {number} ({rec.get('iso3')}): empty {missing}")
        rows.append({CSV_TO_MODEL[k]: rec[k].strip() for k in CSV_TO_MODEL})
    return rows


@transaction.atomic
def load_countries(stdout=None) -> int:
    """Create or update every country from the packaged file; returns how many changed."""
    existing = {c.iso3: c for c in Country.objects.all()}
    created = updated = 0
    for row in read_reference_rows():
        country = existing.get(row["iso3"])
        if country is None:
            Country.objects.create(**row)
            created += 1
            continue
        changed = [f for f, v in row.items() if getattr(country, f) != v]
        if changed:
            for f in changed:
                setattr(country, f, row[f])
            country.save(update_fields=changed)
            updated += 1
    if stdout is not None:
        stdout.write(f"  countries: {created} created, {updated} updated")
    return created + updated
