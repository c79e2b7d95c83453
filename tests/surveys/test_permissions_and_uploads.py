"""Who may upload, see and save; which files are refused; mapping form errors."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from target87.measure.child_labour import MICS6
from target87.monitoring.models import Observation, ObservationStatus
from target87.surveys import services
from target87.surveys.models import EstimateRun, RunStatus, SurveyUpload

pytestmark = pytest.mark.django_db


def make_upload(user, country, path) -> SurveyUpload:
    with open(path, "rb") as fh:
        return services.create_upload(user, country, SimpleUploadedFile(path.name, fh.read()))


def finished_run(upload, user) -> EstimateRun:
    """A run executed in-process, as the worker would."""
    from target87.measure.child_labour import VariableMapping, get_definition

    mapping = VariableMapping.from_dict({"age": "age", "sex": "sex", "weight": "weight",
                                         "psu": "cluster", "strata": "stratum",
                                         "econ_hours": ["econ_hours"],
                                         "chores_hours": ["chores_hours"]})
    run = services.start_run(user, upload, mapping, get_definition(None))
    services.execute_run(run.pk, run.result_id)
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    return run


@pytest.fixture
def nepal_upload(focal_point, country, survey_csv):
    return make_upload(focal_point, country, survey_csv)


def test_pages_require_login(client, nepal_upload):
    for url in ("/en/surveys/", "/en/surveys/upload/", f"/en/surveys/uploads/{nepal_upload.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_focal_point_of_another_country_gets_403(client, other_focal_point, focal_point,
                                                 nepal_upload, catalogue):
    run = finished_run(nepal_upload, focal_point)
    client.force_login(other_focal_point)
    assert client.get(f"/en/surveys/uploads/{nepal_upload.pk}/").status_code == 403
    assert client.post(f"/en/surveys/uploads/{nepal_upload.pk}/",
                       {"preset": "mics6", "action": "run"}).status_code == 403
    assert client.get(f"/en/surveys/runs/{run.pk}/").status_code == 403
    assert client.get(f"/en/surveys/runs/{run.pk}/status/").status_code == 403
    assert client.get(f"/en/surveys/runs/{run.pk}/download.csv").status_code == 403
    assert client.post(f"/en/surveys/runs/{run.pk}/save/", {"period": 2019}).status_code == 403
    assert EstimateRun.objects.count() == 1 and not Observation.objects.exists()
    # The list shows only the user's own country's files.
    assert nepal_upload.original_name not in client.get("/en/surveys/").content.decode()


def test_focal_point_cannot_upload_for_another_country(client, focal_point, other_country,
                                                       survey_csv):
    client.force_login(focal_point)
    response = client.post("/en/surveys/upload/", {
        "country": other_country.pk, "file": SimpleUploadedFile("a.csv", survey_csv.read_bytes())})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not SurveyUpload.objects.exists()
    with pytest.raises(Exception) as exc:
        make_upload(focal_point, other_country, survey_csv)
    assert exc.type.__name__ == "PermissionDenied"


def test_microdata_is_not_shown_to_gcg_members_or_partners(client, gcg_member, partner_user,
                                                           nepal_upload):
    for user in (gcg_member, partner_user):
        client.force_login(user)
        assert client.get(f"/en/surveys/uploads/{nepal_upload.pk}/").status_code == 403
        assert client.get("/en/surveys/upload/").status_code == 403


def test_secretariat_sees_and_runs_any_country(client, secretariat, nepal_upload):
    client.force_login(secretariat)
    page = client.get("/en/surveys/").content.decode()
    assert nepal_upload.original_name in page
    page = client.get("/en/surveys/upload/").content.decode()
    assert "Madagascar" in page and "Nepal" in page
    assert client.get(f"/en/surveys/uploads/{nepal_upload.pk}/").status_code == 200


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("survey.xlsx", b"PK\x03\x04 spreadsheet", "unsupported file type"),
        ("survey.sav", b"age,sex\n5,1\n", "does not look like a SAV file"),
        ("survey.parquet", b"age,sex\n5,1\n", "does not look like a PARQUET file"),
        ("survey.csv", b"\x00\x01\x02binary", "does not look like a CSV file"),
        ("survey.csv", b"", "is empty"),
    ],
)
def test_upload_type_refused(client, focal_point, country, name, content, message, settings):
    client.force_login(focal_point)
    response = client.post("/en/surveys/upload/", {
        "country": country.pk, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SurveyUpload.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_upload_size_refused(client, focal_point, country, survey_csv, settings):
    settings.SURVEYS_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(focal_point)
    big = b"age,weight\n" + b"10,1.5\n" * 200_000
    response = client.post("/en/surveys/upload/", {
        "country": country.pk, "file": SimpleUploadedFile("big.csv", big)})
    page = response.content.decode()
    assert "big.csv is 1.3 MB; the largest file accepted is 1 MB" in page
    assert not SurveyUpload.objects.exists()
    # A file within the limit goes through.
    response = client.post("/en/surveys/upload/", {
        "country": country.pk, "file": SimpleUploadedFile("ok.csv", survey_csv.read_bytes())})
    assert response.status_code == 302 and SurveyUpload.objects.count() == 1


def test_mapping_errors_name_the_field(client, focal_point, nepal_upload):
    client.force_login(focal_point)
    response = client.post(f"/en/surveys/uploads/{nepal_upload.pk}/", {
        "preset": "custom", "age": "", "weight": "weight", "definition": "sdg-8.7.1",
        "comparison": ">=", "basis": "both", "ci": "logit", "lonely_psu": "error",
        "hours_codes": "97, x", "action": "run"})
    page = response.content.decode()
    assert response.status_code == 200 and not EstimateRun.objects.exists()
    assert "Choose the column." in page and "Choose at least one column." in page
    assert "&#x27;x&#x27; is not a number" in page


def test_preset_preview_names_missing_columns(client, focal_point, nepal_upload):
    client.force_login(focal_point)
    page = client.post(f"/en/surveys/uploads/{nepal_upload.pk}/", {
        "preset": "mics6", "definition": "sdg-8.7.1", "comparison": ">=", "basis": "both",
        "ci": "logit", "lonely_psu": "error", "action": "preview"}).content.decode()
    assert "The file has no column CB3, HL4, fsweight, HH1, CL3, CL13:" in page


def test_definition_options_are_recorded(focal_point, nepal_upload):
    definition = services.build_definition("sdg-8.7.1", ">", 28, include_hazard=False)
    assert definition.comparison == ">" and {h for *_ab, h in definition.chores} == {28.0}
    assert definition.id == "sdg-8.7.1-custom"
    assert services.build_definition("sdg-8.7.1", ">=", 21).id == "sdg-8.7.1"
    run = services.start_run(focal_point, nepal_upload, MICS6, definition, lonely_psu="adjust",
                             ci="korn-graubard")
    assert run.definition["comparison"] == ">" and run.definition["chores"][0] == [5, 11, 28.0]
    assert "more than" not in run.definition["description"]  # the text says the operator
    assert "> 28 h" in run.definition["description"]
    assert run.options["lonely_psu"] == "adjust"


def test_save_is_all_or_nothing(focal_point, nepal_upload, catalogue):
    run = finished_run(nepal_upload, focal_point)
    services.save_as_observations(run, focal_point, 2019)
    obs = Observation.objects.get(indicator__code="CL_PREV_ECON", disaggregation_key="sex=male")
    obs.status = ObservationStatus.SUBMITTED
    obs.save()
    before = {o.pk: o.value for o in Observation.objects.all()}

    second = finished_run(nepal_upload, focal_point)
    Observation.objects.filter(status=ObservationStatus.DRAFT).update(value=1)
    before = {o.pk: o.value for o in Observation.objects.all()}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.save_as_observations(second, focal_point, 2019)
    assert "CL_PREV_ECON (sex=male)" in " ".join(exc.value.messages)
    assert {o.pk: o.value for o in Observation.objects.all()} == before
    second.refresh_from_db()
    assert second.saved_period is None and not second.observations.exists()


def test_future_survey_year_refused(client, focal_point, nepal_upload, catalogue):
    run = finished_run(nepal_upload, focal_point)
    client.force_login(focal_point)
    response = client.post(f"/en/surveys/runs/{run.pk}/save/", {"period": 2999}, follow=True)
    assert "Survey year" in response.content.decode()
    assert not Observation.objects.exists()


@pytest.mark.parametrize("lang, text", [
    ("fr", "Téléverser des microdonnées d"),
    ("es", "Subir microdatos de encuesta"),
    ("ar", "رفع البيانات الجزئية للمسح"),
    ("zh-hans", "上传调查微观数据"),
    ("ru", "Загрузить микроданные обследования"),
])
def test_pages_in_six_languages(client, focal_point, nepal_upload, lang, text):
    client.force_login(focal_point)
    assert text in client.get(f"/{lang}/surveys/upload/").content.decode()
    assert client.get(f"/{lang}/surveys/uploads/{nepal_upload.pk}/").status_code == 200
