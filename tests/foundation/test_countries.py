import pytest
from django.db import IntegrityError, transaction

from target87.countries.models import Country, UNStatus
from target87.countries.services import load_countries, read_reference_rows

pytestmark = pytest.mark.django_db

NAME_FIELDS = ["name_en", "name_fr", "name_es", "name_ar", "name_zh", "name_ru"]


def test_all_193_member_states_and_two_observers():
    assert Country.objects.filter(un_status=UNStatus.MEMBER).count() == 193
    observers = set(
        Country.objects.filter(un_status=UNStatus.OBSERVER).values_list("iso3", flat=True)
    )
    assert observers == {"VAT", "PSE"}


def test_every_member_state_has_six_names_codes_and_regions():
    for c in Country.objects.filter(un_status=UNStatus.MEMBER):
        for f in NAME_FIELDS:
            assert getattr(c, f).strip(), f"{c.iso3} lacks {f}"
        assert len(c.iso2) == 2 and len(c.iso3) == 3 and len(c.m49) == 3
        assert c.sdg_region and c.ilo_region
    # the Arabic names are in Arabic script, the Chinese in Han characters
    chn = Country.objects.get(iso3="CHN")
    assert chn.name_zh == "中国" and chn.name_ar == "الصين"
    assert all("\u0600" <= ch <= "\u06ff" or not ch.isalpha()
               for ch in Country.objects.get(iso3="FRA").name_ar)


def test_regions_follow_sdg_and_ilo_groupings():
    by = {c.iso3: c for c in Country.objects.filter(iso3__in=["EGY", "JOR", "TUR", "KAZ", "NPL",
                                                              "BRA", "USA", "FJI", "CHN"])}
    assert by["EGY"].sdg_region == "Northern Africa and Western Asia"
    assert by["EGY"].ilo_region == "Africa"
    assert by["JOR"].ilo_region == "Arab States"
    assert by["TUR"].ilo_region == "Europe and Central Asia"
    assert by["KAZ"].sdg_region == "Central and Southern Asia"
    assert by["NPL"].ilo_region == "Asia and the Pacific"
    assert by["USA"].sdg_region == "Europe and Northern America"
    assert by["USA"].ilo_region == "Americas"
    assert by["FJI"].sdg_region == "Oceania"
    assert by["CHN"].sdg_region == "Eastern and South-Eastern Asia"


def test_loader_is_idempotent_and_repairs_changes():
    assert load_countries() == 0
    Country.objects.filter(iso3="NPL").update(name_fr="Népal (modifié)")
    assert load_countries() == 1
    assert Country.objects.get(iso3="NPL").name_fr == "Népal"
    assert load_countries() == 0


def test_reference_file_names_its_sources():
    from importlib import resources

    text = (resources.files("target87.data") / "countries.csv").read_text("utf-8")
    assert text.startswith("# ") and "Source:" in text
    assert len(read_reference_rows()) == Country.objects.count()


def test_database_refuses_bad_codes():
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(iso3="xx1", iso2="XQ", m49="999", un_status="member",
                               sdg_region="Oceania", ilo_region="Africa", name_en="X",
                               name_fr="X", name_es="X", name_ar="X", name_zh="X", name_ru="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(iso3="XQX", iso2="XQ", m49="999", un_status="member",
                               sdg_region="Atlantis", ilo_region="Africa", name_en="X",
                               name_fr="X", name_es="X", name_ar="X", name_zh="X", name_ru="X")
