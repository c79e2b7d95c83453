import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from target87.accounts.permissions import can
from target87.partnership.models import ApplicationStatus, Partner, PartnerApplication
from target87.partnership.services import decide_application, load_partners, read_partner_rows


def test_seed_partners_from_the_new_partners_list(db):
    assert load_partners() == 56
    assert load_partners() == 0
    world_bank = Partner.objects.get(name="World Bank")
    assert world_bank.partner_type == "international_organisation"
    assert world_bank.country.iso3 == "USA"
    assert "briefing pack, 19 May 2020" in world_bank.source
    # "No website" in the list stays empty, never a made-up address
    assert Partner.objects.get(name="ONG Globe").website == ""
    assert Partner.objects.filter(country__iso3="NPL").count() == 5


def test_every_seed_row_is_valid():
    rows = read_partner_rows()
    assert len({r["name"] for r in rows}) == len(rows)


def test_directory_filters(db, client):
    load_partners()
    response = client.get("/en/partners/", {"type": "workers_organisation"})
    names = {p.name for p in response.context["partners"]}
    assert "Malawi Congress of Trade Unions" in names and "World Bank" not in names
    response = client.get("/en/partners/", {"country": "GHA", "type": "bogus"})
    assert {p.country.iso3 for p in response.context["partners"]} == {"GHA"}


def test_unpublished_partner_hidden(db, client):
    load_partners()
    Partner.objects.filter(name="World Bank").update(is_published=False)
    assert "World Bank" not in client.get("/en/partners/").content.decode()


def test_application_approval_creates_partner(db, secretariat, partner_user, country):
    app = PartnerApplication.objects.create(
        organisation="Child Rights Nepal",
        partner_type="civil_society",
        country=country,
        contact_email="a@example.org",
        email_confirmed_at=timezone.now(),
    )
    with pytest.raises(PermissionDenied):
        decide_application(partner_user, app, approve=True)
    decide_application(secretariat, app, approve=True)
    assert app.status == ApplicationStatus.APPROVED
    assert app.partner.name == "Child Rights Nepal" and app.partner.country == country
    with pytest.raises(ValueError, match="already decided"):
        decide_application(secretariat, app, approve=False)


def test_only_secretariat_edits_partners(db, focal_point, secretariat):
    load_partners()
    partner = Partner.objects.get(name="CWIN-Nepal")
    assert can(focal_point, "view", partner)
    assert not can(focal_point, "change", partner)
    assert can(secretariat, "change", partner)
