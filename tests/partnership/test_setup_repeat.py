"""Loading the partners again after people edit them: found by their key, never by name."""

from target87.groups.seed import load_reference_data as load_groups
from target87.partnership.models import Partner
from target87.partnership.services import load_partners


def test_a_renamed_partner_is_not_created_again(db):
    load_partners()
    count = Partner.objects.count()
    partner = Partner.objects.get(name="Stronger Together")
    partner.name = "Stronger Together (UK)"
    partner.website = "https://example.org/st"
    partner.save()
    assert load_partners() == 0
    assert Partner.objects.count() == count
    partner.refresh_from_db()
    assert (partner.name, partner.website) == ("Stronger Together (UK)", "https://example.org/st")


def test_a_deleted_partner_stays_deleted(db):
    load_partners()
    Partner.objects.filter(name="All People Free").delete()
    load_partners()
    assert not Partner.objects.filter(name="All People Free").exists()


def test_a_chairing_organisation_renamed_is_not_duplicated_by_the_groups(db):
    load_partners()
    load_groups()
    ilo = Partner.objects.get(chaired_groups__group__slug="supply-chains")
    ilo.name = "ILO"
    ilo.save()
    count = Partner.objects.count()
    load_partners()
    load_groups()
    assert Partner.objects.count() == count
    assert Partner.objects.get(chaired_groups__group__slug="supply-chains").name == "ILO"
