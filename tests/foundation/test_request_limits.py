"""Request bodies are limited per route before they are read, and NUL characters in the
address, the query string or a form field are a 400 with a message, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart

from target87.core.limits import BodyLimitUploadHandler, BodyTooLarge

pytestmark = pytest.mark.django_db

BOUNDARY = "BoUnDaRy"


def _post_declared(client, path, declared: int, body: bytes = b"x"):
    """A POST whose Content-Length says ``declared`` bytes; reading past ``body`` would fail
    the test client's payload assertion, so a refusal proves nothing was read."""
    return client.generic("POST", path, body,
                          content_type=f"multipart/form-data; boundary={BOUNDARY}",
                          CONTENT_LENGTH=str(declared))


def test_huge_body_to_the_login_page_is_refused_before_it_is_read(client):
    response = _post_declared(client, "/en/accounts/login/", 600 * 1024 * 1024)
    assert response.status_code == 413
    page = response.content.decode()
    assert "600 MB" in page and "4 MB" in page and "REQUEST_MAX_BODY_BYTES" in page


def test_form_limit_is_a_setting(client, settings):
    settings.REQUEST_MAX_BODY_BYTES = 2000
    body = encode_multipart(BOUNDARY, {"username": "x" * 3000, "password": "y"})
    response = client.generic("POST", "/en/accounts/login/", body,
                              content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 413
    assert "REQUEST_MAX_BODY_BYTES" in response.content.decode()


def test_api_refusal_is_json(client):
    response = _post_declared(client, "/api/countries/", 50 * 1024 * 1024)
    assert response.status_code == 413
    assert "REQUEST_MAX_BODY_BYTES" in response.json()["detail"]


def test_survey_upload_route_takes_the_survey_limit(client, focal_point, country, settings,
                                                     tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REQUEST_MAX_BODY_BYTES = 1000  # forms: far less than the file below
    client.force_login(focal_point)
    csv = b"age,weight,econ_hours\n" + b"10,1.5,3\n" * 1000
    response = client.post("/en/surveys/upload/", {
        "country": country.pk, "file": SimpleUploadedFile("survey.csv", csv)})
    assert response.status_code == 302, response.content.decode()[:500]
    # The same body to a form page is refused.
    response = client.post("/en/accounts/login/", {
        "username": "a", "file": SimpleUploadedFile("survey.csv", csv)})
    assert response.status_code == 413
    # Beyond the survey limit (plus room for the form fields), refused unread.
    settings.SURVEYS_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    response = _post_declared(client, "/en/surveys/upload/", 12 * 1024 * 1024)
    assert response.status_code == 413
    assert "SURVEYS_MAX_UPLOAD_BYTES" in response.content.decode()


def test_upload_handler_counts_streamed_bytes():
    class Request:
        body_limit = (10, "SURVEYS_MAX_UPLOAD_BYTES")

    handler = BodyLimitUploadHandler(Request())
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    with pytest.raises(BodyTooLarge, match="SURVEYS_MAX_UPLOAD_BYTES"):
        handler.receive_data_chunk(b"678901", 5)


def test_streamed_excess_is_a_message_not_a_500(client, settings):
    """A body whose file part outgrows the limit while streaming ends in a refusal."""
    settings.REQUEST_MAX_BODY_BYTES = 100_000
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("a.bin", b"z" * 50_000)})
    client.raise_request_exception = False

    class Small(BodyLimitUploadHandler):
        def receive_data_chunk(self, raw_data, start):
            self.request.body_limit = (1000, "REQUEST_MAX_BODY_BYTES")
            return super().receive_data_chunk(raw_data, start)

    settings.FILE_UPLOAD_HANDLERS = [
        f"{__name__}.SmallLimitHandler",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
    ]
    globals()["SmallLimitHandler"] = Small
    response = client.generic("POST", "/en/accounts/login/", body,
                              content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 413
    assert "REQUEST_MAX_BODY_BYTES" in response.content.decode()


@pytest.mark.parametrize("path", [
    "/en/countries/?q=a%00b",
    "/en/knowledge/practices/?q=%00",
    "/en/countries/%00/",
])
def test_nul_in_pages_is_a_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.parametrize("path", ["/api/countries/%00", "/api/countries/?q=a%00b",
                                  "/api/practices/?q=%00"])
def test_nul_in_the_api_is_a_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_nul_in_a_form_field_is_a_400(client):
    response = client.post("/en/accounts/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400
    assert "username" in response.content.decode()


def test_refusal_page_in_arabic(client):
    response = client.get("/ar/countries/?q=a%00b")
    assert response.status_code == 400
    assert 'dir="rtl"' in response.content.decode()

