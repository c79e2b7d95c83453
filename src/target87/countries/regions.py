"""Regional groupings derived from M49 sub-regions.

SDG regional groupings: UN Statistics Division, "Regional groupings used in the SDG
report and database" — M49 sub-regions grouped into eight regions; the platform merges
"Oceania" with "Australia and New Zealand" into Oceania, giving the seven groupings.

ILO regions: ILOSTAT regional groupings (ILO Department of Statistics). Africa takes all
of M49 Africa; the Americas all of M49 Americas; Arab States are the twelve countries and
territories of Western Asia listed below; the rest of Western Asia (Armenia, Azerbaijan,
Cyprus, Georgia, Israel, Türkiye) and Central Asia belong to Europe and Central Asia;
the rest of Asia and Oceania to Asia and the Pacific.
"""

from __future__ import annotations

SDG_REGIONS = [
    "Sub-Saharan Africa",
    "Northern Africa and Western Asia",
    "Central and Southern Asia",
    "Eastern and South-Eastern Asia",
    "Latin America and the Caribbean",
    "Oceania",
    "Europe and Northern America",
]
ILO_REGIONS = ["Africa", "Americas", "Arab States", "Asia and the Pacific",
               "Europe and Central Asia"]

_SDG_BY_SUB_REGION = {
    "Sub-Saharan Africa": "Sub-Saharan Africa",
    "Northern Africa": "Northern Africa and Western Asia",
    "Western Asia": "Northern Africa and Western Asia",
    "Central Asia": "Central and Southern Asia",
    "Southern Asia": "Central and Southern Asia",
    "Eastern Asia": "Eastern and South-Eastern Asia",
    "South-eastern Asia": "Eastern and South-Eastern Asia",
    "Latin America and the Caribbean": "Latin America and the Caribbean",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
    "Northern Europe": "Europe and Northern America",
    "Southern Europe": "Europe and Northern America",
    "Eastern Europe": "Europe and Northern America",
    "Western Europe": "Europe and Northern America",
    "Northern America": "Europe and Northern America",
}

ARAB_STATES = {"BHR", "IRQ", "JOR", "KWT", "LBN", "OMN", "QAT", "SAU", "SYR", "ARE", "YEM",
               "PSE"}


def sdg_region(iso3: str, m49_sub_region: str) -> str:
    try:
        return _SDG_BY_SUB_REGION[m49_sub_region]
    except KeyError:
        raise ValueError(f"{iso3}: no SDG region for M49 sub-region {m49_sub_region!r}") from None


def ilo_region(iso3: str, m49_region: str, m49_sub_region: str) -> str:
    if iso3 in ARAB_STATES:
        return "Arab States"
    if m49_region == "Africa":
        return "Africa"
    if m49_region == "Americas":
        return "Americas"
    if m49_region == "Europe" or m49_sub_region in {"Western Asia", "Central Asia"}:
        return "Europe and Central Asia"
    if m49_region in {"Asia", "Oceania"}:
        return "Asia and the Pacific"
    raise ValueError(f"{iso3}: no ILO region for M49 region {m49_region!r}")
