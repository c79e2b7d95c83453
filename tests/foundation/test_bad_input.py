"""Bad input is a 400 with a message, never a 500; password reset is throttled like login;
HSTS covers subdomains unless told not to; static files carry the site's CSP."""

import importlib

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("query", ["offset=99999999999999999999", "limit=99999999999999999999",
                                   "offset=-1", "limit=0", "offset=x"])
@pytest.mark.parametrize("path", ["/api/countries/", "/api/practices/", "/api/observations/"])
def test_out_of_range_pagination_is_a_400(quiet_client, path, query):
    response = quiet_client.get(f"{path}?{query}")
    assert response.status_code == 400, response.content[:300]
    assert query.split("=")[0] in response.json()["detail"]


def test_openapi_documents_the_refusals(client):
    doc = client.get("/api/openapi.json").json()
    for path, operations in doc["paths"].items():
        for operation in operations.values():
            assert "400" in operation["responses"], path
            if "{" in path:
                assert "404" in operation["responses"], path


def test_login_with_a_username_over_255_characters(quiet_client):
    response = quiet_client.post("/en/accounts/login/", {"username": "u" * 300,
                                                         "password": "whatever-123"})
    assert response.status_code == 200
    assert "A username has at most 150 characters." in response.content.decode()


def test_new_action_with_a_priority_that_is_not_a_number(quiet_client, secretariat, country):
    from target87.pathfinders.models import NationalPriority, PathfinderCountry

    PathfinderCountry.objects.create(country=country, status="active")
    quiet_client.force_login(secretariat)
    for bad in ("x", "99999999999999999999999", "-3"):
        response = quiet_client.get(f"/en/pathfinders/NPL/actions/new/?priority={bad}")
        assert response.status_code == 400, bad
        assert "The parameter priority must be a record number" in response.content.decode()
    priority = NationalPriority.objects.create(country=country, title="Education")
    response = quiet_client.get(f"/en/pathfinders/NPL/actions/new/?priority={priority.pk}")
    assert response.status_code == 200


def test_password_reset_is_throttled(client, settings, secretariat):
    from django.core.cache import cache

    cache.clear()
    settings.PASSWORD_RESET_LIMIT = 3
    secretariat.email = "sec@example.org"
    secretariat.save()
    codes = [client.post("/en/accounts/password/reset/", {"email": "sec@example.org"}).status_code
             for _ in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    page = client.post("/en/accounts/password/reset/", {"email": "other@example.org"})
    assert page.status_code == 429  # the same address asks again
    assert "PASSWORD_RESET_LIMIT" in page.content.decode()
    cache.clear()


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("0", False), ("1", True)])
def test_hsts_include_subdomains_is_configurable(monkeypatch, value, expected):
    import target87.settings as platform_settings

    monkeypatch.setenv("HTTPS", "1")
    if value is None:
        monkeypatch.delenv("HSTS_INCLUDE_SUBDOMAINS", raising=False)
    else:
        monkeypatch.setenv("HSTS_INCLUDE_SUBDOMAINS", value)
    try:
        reloaded = importlib.reload(platform_settings)
        assert reloaded.SECURE_HSTS_INCLUDE_SUBDOMAINS is expected
    finally:
        monkeypatch.undo()
        importlib.reload(platform_settings)


def test_hsts_header_names_subdomains(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/en/", secure=True)
    assert "includeSubDomains" in response["Strict-Transport-Security"]


def test_static_files_carry_the_content_security_policy(client):
    response = client.get("/static/target87/favicon.svg")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
