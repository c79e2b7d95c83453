import pytest

from target87.countries.models import CountryProfile

pytestmark = pytest.mark.django_db


def test_changes_keep_who_when_what(client, focal_point, country, secretariat):
    client.force_login(focal_point)
    client.post(f"/en/countries/{country.iso3}/profile/edit/", {"summary": "first"})
    client.post(f"/en/countries/{country.iso3}/profile/edit/", {"summary": "second"})
    profile = CountryProfile.objects.get(country=country)
    records = list(profile.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert all(r.history_user == focal_point for r in records)
    delta = records[1].diff_against(records[0])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("summary", "first", "second")]
    profile.delete()
    last = CountryProfile.history.filter(country_id=country.pk).latest("history_date")
    assert last.history_type == "-"


def test_history_shown_to_staff_not_to_public(client, focal_point, country, secretariat):
    client.force_login(focal_point)
    client.post(f"/en/countries/{country.iso3}/profile/edit/", {"summary": "first"})
    client.post(f"/en/countries/{country.iso3}/profile/edit/", {"summary": "second"})
    client.force_login(secretariat)
    html = client.get(f"/en/countries/{country.iso3}/").content.decode()
    assert "History of changes" in html and "<del>first</del>" in html
    client.logout()
    html = client.get(f"/en/countries/{country.iso3}/").content.decode()
    assert "History of changes" not in html


def test_admin_shows_history(client, secretariat, country):
    profile = CountryProfile.objects.create(country=country, summary="x")
    client.force_login(secretariat)
    response = client.get(f"/en/admin/countries/countryprofile/{profile.pk}/history/")
    assert response.status_code == 200
