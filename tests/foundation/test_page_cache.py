"""Whole public pages cached for anonymous readers, replaced as soon as anything changes."""

import pytest
from django.core.cache import cache

from target87.core.versions import content_version
from target87.countries.models import Country, CountryProfile


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_cached_country_page_is_replaced_when_a_record_it_shows_changes(client):
    nepal = Country.objects.get(iso3="NPL")
    profile = CountryProfile.objects.create(country=nepal, summary="First summary of Nepal")
    assert "First summary of Nepal" in client.get("/en/countries/NPL/").content.decode()

    version = content_version()
    profile.summary = "Second summary of Nepal"
    profile.save()  # a country-page record outside the knowledge app
    assert content_version() != version
    page = client.get("/en/countries/NPL/").content.decode()
    assert "Second summary of Nepal" in page and "First summary" not in page


@pytest.mark.django_db
def test_the_second_anonymous_request_is_served_from_the_cache(
    client, django_assert_max_num_queries
):
    first = client.get("/en/countries/NPL/")
    with django_assert_max_num_queries(1):  # the content version, nothing else
        second = client.get("/en/countries/NPL/")
    assert second.status_code == 200 and second.content == first.content
    assert "Cookie" in second["Vary"]


@pytest.mark.django_db
def test_signed_in_readers_are_never_served_the_anonymous_copy(client, focal_point):
    anonymous = client.get("/en/countries/NPL/").content.decode()
    client.force_login(focal_point)
    signed_in = client.get("/en/countries/NPL/").content.decode()
    assert signed_in != anonymous
    assert focal_point.username in signed_in


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_does_not_prevent_the_next_one_from_moving_the_version():
    from django.db import transaction

    nepal = Country.objects.get(iso3="NPL")
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        CountryProfile.objects.create(country=nepal, summary="never committed")
        raise RuntimeError
    assert content_version() == before
    with transaction.atomic():
        CountryProfile.objects.create(country=nepal, summary="committed")
        CountryProfile.objects.filter(country=nepal).first().save()
    assert int(content_version()) == int(before) + 1  # one move per transaction


def test_requests_for_pages_not_cached_whole_never_read_the_content_version(client):
    # no database in this test: the API document needs none, so nor may the page cache
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.json()["openapi"]


@pytest.mark.django_db
def test_an_upgrade_never_serves_pages_cached_by_the_earlier_release(
    client, monkeypatch, django_assert_max_num_queries
):
    from target87.core import release

    client.get("/en/countries/NPL/")
    with django_assert_max_num_queries(1):  # cached under this release
        client.get("/en/countries/NPL/")
    # the code on disk changes (a new release is installed) and the servers restart
    monkeypatch.setattr(release, "release_fingerprint", lambda: "next-release")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/en/countries/NPL/")
    assert again.status_code == 200 and len(queries) > 1  # rendered anew, not the old copy


def test_the_release_fingerprint_follows_the_files_of_the_package(tmp_path, monkeypatch):
    import target87
    from target87.core import release

    package = tmp_path / "pkg"
    (package / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    page = package / "templates" / "page.html"
    page.write_text("<p>one</p>")
    monkeypatch.setattr(target87, "__file__", str(package / "__init__.py"))
    release.release_fingerprint.cache_clear()
    try:
        first = release.release_fingerprint()
        release.release_fingerprint.cache_clear()
        assert release.release_fingerprint() == first  # same files, same release
        page.write_text("<p>one, changed</p>")
        release.release_fingerprint.cache_clear()
        assert release.release_fingerprint() != first
    finally:
        release.release_fingerprint.cache_clear()
