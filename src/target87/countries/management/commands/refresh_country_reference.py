"""Regenerate ``data/countries.csv`` from maintained packages.

Needs the optional ``refdata`` extra (hdx-python-country). Codes, M49 numbers, UN
membership and names in the six UN languages come from the OCHA Countries & Territories
Taxonomy shipped in hdx-python-country (UNTERM and M49 names); names it lacks fall back
to pycountry's ISO 3166 translations. SDG and ILO regions are derived by
``target87.countries.regions``.
"""

from __future__ import annotations

import csv
import gettext
from importlib import resources
from pathlib import Path

import pycountry
from django.core.management.base import BaseCommand, CommandError

from target87.countries.regions import ilo_region, sdg_region

LANGS = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "zh": "Chinese",
         "ar": "Arabic"}
PYCOUNTRY_LOCALES = {"fr": "fr", "es": "es", "ru": "ru", "zh": "zh_CN", "ar": "ar"}
# Kosovo has no ISO 3166 code; household surveys (MICS) cover it as "Kosovo (UNSCR 1244)".
# XKX is the user-assigned code used by the European Commission and the World Bank.
EXTRA_TERRITORIES = [
    {
        "iso3": "XKX", "iso2": "XK", "m49": "412", "status": "territory",
        "sub_region": "Southern Europe", "region": "Europe",
        "name_en": "Kosovo (UNSCR 1244)", "name_fr": "Kosovo (RCSNU 1244)",
        "name_es": "Kosovo (RCSNU 1244)", "name_ru": "Косово (СБ ООН 1244)",
        "name_zh": "科索沃（安理会第1244号决议）", "name_ar": "كوسوفو (قرار مجلس الأمن 1244)",
        "source": "UNSCR 1244 naming as used in UNICEF MICS reports; names typed",
    },
]
HEADER = (
    "# Countries and territories of the Target 8.7 Platform.\n"
    "# Source: OCHA Countries & Territories Taxonomy (hdx-python-country {version}) for "
    "ISO 3166 codes, M49 codes, UN membership (UNTERM/DGACM lists) and UNTERM/M49 names in "
    "the six UN languages; pycountry {pyc} ISO 3166 translations where a name is missing.\n"
    "# SDG regional groupings: UN Statistics Division, M49 sub-regions grouped as in the SDG "
    "regional groups. ILO regions: ILOSTAT regional groupings (see countries/regions.py).\n"
    "# Regenerate with: target87 refresh_country_reference\n"
)
FIELDS = ["iso3", "iso2", "m49", "status", "sdg_region", "ilo_region", "m49_region",
          "m49_sub_region", "name_en", "name_fr", "name_es", "name_ru", "name_zh", "name_ar",
          "source"]


class Command(BaseCommand):
    help = "Regenerate the packaged country reference file from hdx-python-country and pycountry."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=None, help="Output file (default: the packaged one)")

    def handle(self, *args, **opts):
        try:
            import hdx.location as hdx_location
            from hdx.location import _version as hdx_version
        except ImportError as exc:
            raise CommandError("Install the 'refdata' extra: pip install -e '.[refdata]'") from exc
        taxonomy = Path(hdx_location.__file__).with_name(
            "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
        )
        translations = {
            k: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[loc])
            for k, loc in PYCOUNTRY_LOCALES.items()
        }
        rows = []
        with open(taxonomy, encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                iso3 = rec["ISO 3166-1 Alpha 3-Codes"].strip()
                if not iso3 or iso3 == "ATA" or rec["Deprecated"] == "Y":
                    continue
                if rec["Appears in DGACM list"] == "Y":
                    status = "member"
                elif iso3 in {"VAT", "PSE"}:
                    status = "observer"
                elif rec["Independent"] == "Y":
                    status = "non_member"
                else:
                    status = "territory"
                row = {
                    "iso3": iso3,
                    "iso2": rec["ISO 3166-1 Alpha 2-Codes"].strip(),
                    "m49": rec["m49 numerical code"].strip().zfill(3),
                    "status": status,
                    "m49_region": rec["Region Name"],
                    "m49_sub_region": rec["Sub-region Name"],
                    "source": "OCHA C&T taxonomy",
                }
                iso_country = pycountry.countries.get(alpha_3=iso3)
                for key, label in LANGS.items():
                    name = rec[f"{label} Short"].strip() or rec[f"M49 {label}"].strip()
                    if not name and iso_country is not None:
                        base = getattr(iso_country, "common_name", None) or iso_country.name
                        name = base if key == "en" else translations[key].gettext(base)
                        row["source"] = "OCHA C&T taxonomy; pycountry names"
                    row[f"name_{key}"] = name
                rows.append(row)
        for extra in EXTRA_TERRITORIES:
            row = dict(extra)
            row["m49_region"] = row.pop("region")
            row["m49_sub_region"] = row.pop("sub_region")
            rows.append(row)
        for row in rows:
            row["sdg_region"] = sdg_region(row["iso3"], row["m49_sub_region"])
            row["ilo_region"] = ilo_region(row["iso3"], row["m49_region"], row["m49_sub_region"])
        rows.sort(key=lambda r: r["iso3"])
        out = opts["out"] or str(resources.files("target87.data") / "countries.csv")
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(HEADER.format(version=hdx_version.version, pyc=pycountry.__version__
                                   if hasattr(pycountry, "__version__") else "26.2.16"))
            writer = csv.DictWriter(fh, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        self.stdout.write(f"Wrote {len(rows)} countries and territories to {out}")
