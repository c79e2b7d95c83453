"""Hidden victims of trafficking on the platform: a list-overlap table uploaded for a country
and year, its multiple systems estimate run as a background job, and the estimate saved as a
draft value of HT_PREV_MSE that goes through the draft-values review."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from target87.core.models import JobProgress, JobStatus
from target87.measure import mse
from target87.monitoring.models import Observation, ObservationStatus
from target87.surveys.models import EstimateRun, RunKind, RunStatus, SurveyUpload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalogue")]

# Three lists; police and NGO strongly dependent (many on both), social services independent.
TABLE = ("police,ngo,social,count\n1,0,0,100\n0,1,0,100\n1,1,0,400\n0,0,1,150\n"
         "1,0,1,30\n0,1,1,30\n1,1,1,120\n")


def post_table(client, country, text=TABLE, name="lists-2021.csv", **options):
    data = {"country": country.pk, "period": 2021, "description": "National Rapporteur",
            "model": "stepwise", "threshold": "0.05", "bootstrap": "0", "seed": "1",
            "file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")}
    data.update(options)
    return client.post("/en/surveys/trafficking/new/", data)


def run_worker():
    call_command("worker", batch=True, interval=0.01)


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_focal_point_estimates_and_saves_a_draft_value(client, focal_point, country):
    client.force_login(focal_point)
    response = post_table(client, country)
    run = EstimateRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/surveys/runs/{run.pk}/"
    assert run.kind == RunKind.TRAFFICKING_MSE and run.status == RunStatus.QUEUED
    assert run.upload.period == 2021 and run.upload.content == "list_overlap"
    assert run.options["model"] == "stepwise" and run.options["threshold"] == 0.05
    assert "Estimating" in client.get(f"/en/surveys/runs/{run.pk}/").content.decode()

    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    job = JobProgress.objects.get(result_id=run.result_id)
    assert job.status == JobStatus.FINISHED and job.percent == 100

    # The stored result is the library's on the same table.
    expected = mse.estimate(mse.read_overlap_text(TABLE, "t"), model="stepwise")
    result = run.rows[0]
    assert result["observed"] == 930
    assert result["estimate"] == pytest.approx(expected.estimate, rel=1e-9)
    assert result["terms"] == ["police", "ngo", "social", "police:ngo"]
    assert result["ci_low"] < result["estimate"] < result["ci_high"]

    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    assert "930" in page and f"{expected.estimate:,.0f}" in page
    assert "police + ngo + social + police:ngo" in page
    # the overlaps table: police's total on the diagonal, police and ngo together off it
    assert ">650<" in page and ">520<" in page
    run.refresh_from_db()
    assert run.seen_at is not None

    response = client.post(f"/en/surveys/runs/{run.pk}/save/", {"source": ""})
    assert response.status_code == 302
    obs = Observation.objects.get(indicator__code="HT_PREV_MSE")
    assert obs.country == country and obs.period == 2021
    assert obs.status == ObservationStatus.DRAFT and obs.created_by == focal_point
    assert obs.value == Decimal(repr(expected.estimate)).quantize(Decimal("0.0001"))
    assert obs.ci_low < obs.value < obs.ci_high
    # a number of victims in the indicator's unit, not a rate per 100,000 population: the
    # value and its interval are the estimated total (observed plus unobserved) itself
    assert obs.indicator.value_type == "count" and obs.indicator.unit == "victims"
    assert obs.value > expected.observed == 930
    assert obs.ci_low == Decimal(repr(expected.ci_low)).quantize(Decimal("0.0001"))
    assert obs.ci_high == Decimal(repr(expected.ci_high)).quantize(Decimal("0.0001"))
    assert f"estimate {expected.estimate:,.0f}" in obs.method_note
    assert obs.source == "National Rapporteur"
    assert "stepwise selection" in obs.method_note and "police:ngo" in obs.method_note
    assert f"estimate run #{run.pk}" in obs.method_note and "16.2.2" in obs.method_note
    assert list(run.observations.all()) == [obs]
    # the draft-values page of the country lists it for review
    drafts = client.get(f"/en/monitoring/values/{country.iso3}/drafts/?year=2021")
    assert drafts.status_code == 200 and "HT_PREV_MSE" in drafts.content.decode()


def test_saving_again_updates_the_draft_but_never_a_submitted_value(client, focal_point,
                                                                     country):
    client.force_login(focal_point)
    post_table(client, country, model="independence")
    run_worker()
    run = EstimateRun.objects.get()
    client.post(f"/en/surveys/runs/{run.pk}/save/", {"source": "first"})
    client.post(f"/en/surveys/runs/{run.pk}/save/", {"source": "second"})
    obs = Observation.objects.get(indicator__code="HT_PREV_MSE")
    assert obs.source == "second"
    Observation.objects.filter(pk=obs.pk).update(status=ObservationStatus.SUBMITTED)
    response = client.post(f"/en/surveys/runs/{run.pk}/save/", {"source": "third"},
                           follow=True)
    assert "HT_PREV_MSE (2021)" in response.content.decode()
    obs.refresh_from_db()
    assert obs.source == "second" and obs.status == ObservationStatus.SUBMITTED


@pytest.mark.parametrize("text,names", [
    ("police,ngo,count\n1,0,5\n2,1,3\n", ["line 3", "&#x27;police&#x27;", "0 or 1"]),
    ("police,ngo,count\n1,0,5\n1,yes,3\n", ["line 3", "&#x27;ngo&#x27;"]),
    ("police,ngo,count\n1,0,5\n0,1,-3\n1,1,2\n", ["line 3", "&#x27;count&#x27;", "negative"]),
    ("police,ngo,count\n1,0,5\n0,1,2.5\n1,1,2\n", ["line 3", "&#x27;count&#x27;", "whole"]),
    ("police,count\n1,5\n", ["at least two list columns", "found 1"]),
    ("police,ngo,count\n", ["no rows"]),
    ("\n\n", ["empty"]),
    ("police,ngo,count\n1,0,60\n0,1,40\n1,1,0\n", ["does not exist", "police and ngo"]),
])
def test_bad_table_is_a_message_naming_the_line_or_column_and_nothing_is_kept(
        client, focal_point, country, settings, text, names):
    client.force_login(focal_point)
    response = post_table(client, country, text=text, name="bad-lists.csv")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="field-error"' in page
    if "does not exist" not in names:  # a model's message names the lists, not the file
        assert "bad-lists.csv" in page
    for name in names:
        assert name in page
    assert SurveyUpload.objects.count() == 0 and EstimateRun.objects.count() == 0
    assert stored_files(settings) == []


def test_bad_table_message_in_arabic(client, focal_point, country):
    client.force_login(focal_point)
    data = {"country": country.pk, "period": 2021, "model": "stepwise", "threshold": "0.05",
            "bootstrap": "0", "seed": "1",
            "file": SimpleUploadedFile("l.csv", b"police,ngo,count\n1,0,5\n0,1,-3\n")}
    page = client.post("/ar/surveys/trafficking/new/", data).content.decode()
    assert "&#x27;count&#x27;" in page and "l.csv" in page
    assert "a count cannot be negative" not in page
    assert SurveyUpload.objects.count() == 0


def test_a_table_changed_on_disk_fails_the_job_with_its_reason(client, focal_point, country):
    client.force_login(focal_point)
    post_table(client, country)
    run = EstimateRun.objects.get()
    with open(run.upload.file.path, "w", encoding="utf-8") as fh:
        fh.write("police,ngo,social,count\n1,0,0,100\n0,1,0,-1\n")
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error_code == "mse_count_negative"
    assert JobProgress.objects.get(result_id=run.result_id).status == JobStatus.FAILED
    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    assert "line 3" in page and "Retry" in page
    assert client.post(f"/en/surveys/runs/{run.pk}/save/", {}).status_code == 302
    assert not Observation.objects.filter(indicator__code="HT_PREV_MSE").exists()


def test_estimate_again_with_bic_and_a_bootstrap(client, secretariat, country):
    client.force_login(secretariat)
    post_table(client, country)
    record = SurveyUpload.objects.get()
    page = client.get(f"/en/surveys/uploads/{record.pk}/").content.decode()
    assert "The lists and their overlaps" in page and ">650<" in page
    response = client.post(f"/en/surveys/uploads/{record.pk}/", {
        "model": "bic", "threshold": "0.05", "bootstrap": "40", "seed": "3"})
    assert response.status_code == 302
    run_worker()
    runs = list(EstimateRun.objects.order_by("pk"))
    assert [r.status for r in runs] == [RunStatus.FINISHED, RunStatus.FINISHED]
    bic = runs[1]
    assert bic.options == {"model": "bic", "threshold": 0.05, "bootstrap": 40, "seed": 3,
                           "year": 2021}
    assert bic.rows[0]["method"] == "bic" and bic.rows[0]["bootstrap_seed"] == 3
    assert bic.rows[0]["bootstrap_replicates"] + bic.rows[0]["bootstrap_left_out"] == 40
    page = client.get(f"/en/surveys/runs/{bic.pk}/").content.decode()
    assert "Parametric-bootstrap interval" in page
    csv_text = client.get(f"/en/surveys/runs/{bic.pk}/download.csv").content.decode()
    assert csv_text.splitlines()[0].startswith("observed,estimate,unobserved")
    assert csv_text.splitlines()[1].startswith("930,")
    assert client.get(f"/en/surveys/runs/{bic.pk}/download.sdmx.csv").status_code == 404


def test_only_the_countrys_focal_points_and_the_secretariat(client, focal_point,
                                                             other_focal_point, gcg_member,
                                                             country, other_country):
    client.force_login(other_focal_point)
    # another country's focal point cannot choose Nepal
    response = post_table(client, country)
    assert response.status_code == 200 and SurveyUpload.objects.count() == 0
    client.force_login(focal_point)
    post_table(client, country)
    run = EstimateRun.objects.get()
    run_worker()
    client.force_login(other_focal_point)
    assert client.get(f"/en/surveys/runs/{run.pk}/").status_code in (403, 404)
    assert client.post(f"/en/surveys/runs/{run.pk}/save/", {}).status_code in (403, 404)
    assert client.get(f"/en/surveys/uploads/{run.upload.pk}/").status_code in (403, 404)
    client.force_login(gcg_member)
    assert client.get("/en/surveys/trafficking/new/").status_code == 403
    assert client.get(f"/en/surveys/runs/{run.pk}/").status_code in (403, 404)
    assert not Observation.objects.filter(indicator__code="HT_PREV_MSE").exists()


def test_runs_and_uploads_keep_their_history(client, focal_point, country):
    client.force_login(focal_point)
    post_table(client, country)
    run_worker()
    run = EstimateRun.objects.get()
    assert [h.status for h in run.history.order_by("history_id")][-1] == RunStatus.FINISHED
    assert run.history.count() >= 2
    assert run.upload.history.count() == 1
