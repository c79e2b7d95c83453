import pytest

from target87.accounts.models import Role, RoleAssignment
from target87.accounts.permissions import Action, can
from target87.countries.models import CountryProfile

pytestmark = pytest.mark.django_db


def test_focal_point_changes_only_own_country(client, focal_point, country, other_country):
    client.force_login(focal_point)
    ok = client.post(f"/en/countries/{country.iso3}/profile/edit/",
                     {"summary": "Nepal's own words", "national_statistics_office": "CBS"})
    assert ok.status_code == 302
    assert CountryProfile.objects.get(country=country).summary == "Nepal's own words"
    denied = client.post(f"/en/countries/{other_country.iso3}/profile/edit/",
                         {"summary": "not mine"})
    assert denied.status_code == 403
    assert not CountryProfile.objects.filter(country=other_country).exists()


def test_anonymous_is_sent_to_login(client, country):
    response = client.get(f"/en/countries/{country.iso3}/profile/edit/")
    assert response.status_code == 302 and "/en/accounts/login/" in response["Location"]


def test_permission_service_by_role(secretariat, gcg_member, focal_point, partner_user, country,
                                    other_country):
    own = CountryProfile(country=country)
    other = CountryProfile(country=other_country)
    assert can(secretariat, Action.APPROVE, own)
    assert can(focal_point, Action.CHANGE, own) and not can(focal_point, Action.CHANGE, other)
    assert not can(focal_point, Action.APPROVE, own)
    assert not can(focal_point, Action.DELETE, own)
    assert can(gcg_member, Action.REVIEW, own) and not can(gcg_member, Action.CHANGE, own)
    assert not can(partner_user, Action.CHANGE, own)


def test_public_sees_only_published():
    from django.contrib.auth.models import AnonymousUser

    class Record:
        country_id = 1

        def __init__(self, published):
            self.is_published = published

    anonymous = AnonymousUser()
    assert can(anonymous, Action.VIEW, Record(True))
    assert not can(anonymous, Action.VIEW, Record(False))


def test_focal_point_role_requires_a_country(focal_point):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=focal_point, role=Role.FOCAL_POINT, country=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=focal_point, role=Role.SECRETARIAT,
                                      country_id=focal_point.role_assignments.first().country_id)


def test_admin_scopes_focal_point(client, focal_point, other_focal_point, country, other_country):
    CountryProfile.objects.create(country=country, summary="a")
    other = CountryProfile.objects.create(country=other_country, summary="b")
    focal_point.is_staff = True
    focal_point.save()
    client.force_login(focal_point)
    listing = client.get("/en/admin/countries/countryprofile/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Nepal" in html and "Madagascar" not in html
    response = client.post(f"/en/admin/countries/countryprofile/{other.pk}/change/",
                           {"country": other_country.pk, "summary": "hijack"})
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.summary == "b"
