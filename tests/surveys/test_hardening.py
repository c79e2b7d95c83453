"""Damaged uploads and odd query strings give a message on the page, never a server error."""

import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from target87.measure.child_labour import VariableMapping, get_definition
from target87.surveys import services
from target87.surveys.models import RunStatus, SurveyUpload

pytestmark = pytest.mark.django_db


def post_file(client, country, name, content):
    return client.post("/en/surveys/upload/", {
        "country": country.pk, "description": "Damaged file",
        "file": SimpleUploadedFile(name, content),
    })


def stored_files(settings):
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def stored_entries(settings):
    return list(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else []


@pytest.mark.parametrize("content", [
    b"PAR1" + b"\x8a\x11garbage bytes" * 20,            # right magic, damaged body
    b"PAR1" + b"\x00garbage\xff" * 20 + b"PAR1",         # right magic at both ends
])
def test_damaged_parquet_is_refused_with_the_reader_message(client, focal_point, country,
                                                           settings, content):
    client.force_login(focal_point)
    response = post_file(client, country, "x.parquet", content)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "x.parquet: expected a Parquet file, but it cannot be read" in page
    assert not SurveyUpload.objects.exists()
    assert stored_files(settings) == []
    # nor the random directory made for the file
    assert not any(p.is_dir() and p.parent.name == "surveys" for p in stored_entries(settings))


def test_garbage_named_parquet_is_refused(client, focal_point, country, settings):
    client.force_login(focal_point)
    response = post_file(client, country, "x.parquet", b"\x13\x37 garbage bytes " * 50)
    assert response.status_code == 200
    assert "x.parquet does not look like a PARQUET file" in html.unescape(
        response.content.decode())
    assert not SurveyUpload.objects.exists() and stored_files(settings) == []


def test_csv_not_utf8_after_the_first_bytes_is_refused(client, focal_point, country, settings):
    # The first 64 KiB look like UTF-8 text; a Latin-1 byte follows in the header row.
    header = ",".join(f"column_{i}" for i in range(9000)).encode() + b",r\xe9gion\n1\n"
    client.force_login(focal_point)
    response = post_file(client, country, "wide.csv", header)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "wide.csv: expected UTF-8 encoded CSV text, but byte 0xe9 is not valid UTF-8" in page
    assert not SurveyUpload.objects.exists() and stored_files(settings) == []


def test_unexpected_reader_failure_still_removes_the_file(focal_point, country, settings,
                                                         monkeypatch):
    def fail(path, format=None):
        raise RuntimeError("disk vanished")

    monkeypatch.setattr(services, "list_columns", fail)
    with pytest.raises(RuntimeError):
        services.create_upload(focal_point, country, SimpleUploadedFile("a.csv", b"a,b\n1,2\n"))
    assert not SurveyUpload.objects.exists() and stored_files(settings) == []


@pytest.fixture
def finished_run(focal_point, country, survey_csv, catalogue):
    upload = services.create_upload(focal_point, country,
                                    SimpleUploadedFile(survey_csv.name, survey_csv.read_bytes()))
    mapping = VariableMapping.from_dict({"age": "age", "sex": "sex", "weight": "weight",
                                         "psu": "cluster", "strata": "stratum",
                                         "econ_hours": ["econ_hours"],
                                         "chores_hours": ["chores_hours"]})
    run = services.start_run(focal_point, upload, mapping, get_definition(None))
    services.execute_run(run.pk, run.result_id)
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    return run


@pytest.mark.parametrize("year, expected", [
    ("²", "Enter a whole number."),
    ("1850", "greater than or equal to 1990"),
    ("99999", "less than or equal to 2100"),
])
def test_sdmx_download_refuses_a_bad_year_with_a_message(client, focal_point, finished_run,
                                                         year, expected):
    client.force_login(focal_point)
    url = f"/en/surveys/runs/{finished_run.pk}/download.sdmx.csv"
    response = client.get(url, {"year": year})
    assert response.status_code == 302
    assert response["Location"] == f"/en/surveys/runs/{finished_run.pk}/"
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Survey year:" in page and expected in page


def test_sdmx_download_reads_fullwidth_digits_as_the_year(client, focal_point, finished_run):
    client.force_login(focal_point)
    url = f"/en/surveys/runs/{finished_run.pk}/download.sdmx.csv"
    response = client.get(url, {"year": "２０１９"})
    assert response.status_code == 200
    assert ",2019," in response.content.decode()
    # no year: the download still works, without a period
    assert client.get(url).status_code == 200
