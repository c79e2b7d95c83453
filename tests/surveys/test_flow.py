"""The whole web flow: upload, mapping with preview, background run, results, observations."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from target87.core.models import JobProgress
from target87.measure.child_labour import child_labour_prevalence
from target87.monitoring.models import Observation, ObservationStatus
from target87.surveys.models import EstimateRun, RunStatus, SurveyUpload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalogue")]

CUSTOM = {
    "preset": "custom", "age": "age", "sex": "sex", "weight": "weight", "psu": "cluster",
    "strata": "stratum", "econ_hours": ["econ_hours"], "chores_hours": ["chores_hours"],
    "yes_codes": "1", "hours_codes": "97, 98, 99", "definition": "sdg-8.7.1",
    "comparison": ">=", "basis": "both", "ci": "logit", "lonely_psu": "error",
}
LIBRARY_MAPPING = {"age": "age", "sex": "sex", "weight": "weight", "psu": "cluster",
                   "strata": "stratum", "econ_hours": ["econ_hours"],
                   "chores_hours": ["chores_hours"]}


def upload(client, path, country):
    with open(path, "rb") as fh:
        return client.post("/en/surveys/upload/", {
            "country": country.pk, "description": "Labour force survey 2019",
            "file": SimpleUploadedFile(path.name, fh.read()),
        })


def run_worker():
    call_command("worker", batch=True, interval=0.01)


OPTIONS = {k: CUSTOM[k] for k in ("definition", "comparison", "basis", "ci", "lonely_psu")}


def start(client, record, **changes):
    base = OPTIONS if changes.get("preset") == "mics6" else CUSTOM
    data = {**base, **changes, "action": "run"}
    response = client.post(f"/en/surveys/uploads/{record.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return EstimateRun.objects.latest("pk")


def test_csv_flow_focal_point(client, focal_point, country, survey_csv, settings):
    client.force_login(focal_point)
    page = client.get("/en/surveys/upload/").content.decode()
    assert f'value="{country.pk}"' in page and "Madagascar" not in page

    response = upload(client, survey_csv, country)
    record = SurveyUpload.objects.get()
    assert response["Location"] == f"/en/surveys/uploads/{record.pk}/"
    assert record.country == country and record.format == "csv"
    assert record.uploaded_by == focal_point and record.size == survey_csv.stat().st_size
    assert record.columns[:3] == ["cluster", "stratum", "age"]
    assert str(settings.MEDIA_ROOT) in record.file.path

    # Mapping page: a custom mapping guessed from the column names, previewed on the first rows.
    page = client.get(f"/en/surveys/uploads/{record.pk}/").content.decode()
    assert 'value="custom"' in page and "checked" in page
    first = survey_csv.read_text().splitlines()[1].split(",")
    assert "<code>econ_hours</code>" in page and f"<td>{first[2]}</td>" in page
    assert "Child labour (SNA)" in page

    # Preview of a changed mapping keeps the choices and shows the chosen columns.
    page = client.post(f"/en/surveys/uploads/{record.pk}/",
                       {**CUSTOM, "by": ["area"], "action": "preview"}).content.decode()
    assert "<code>chores_hours</code>" in page
    assert EstimateRun.objects.count() == 0

    run = start(client, record, by=["area"])
    assert run.status == RunStatus.QUEUED and run.result_id
    assert run.options == {"basis": "both", "ci": "logit", "lonely_psu": "error",
                           "by": ["area"], "level": 0.95, "hazardous": False}
    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    assert '<progress id="job-progress" max="100" value="0"' in page
    assert "surveys/progress.js" in page and "<script>" not in page
    assert client.get(f"/en/surveys/runs/{run.pk}/status/").json()["status"] == "queued"

    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    state = client.get(f"/en/surveys/runs/{run.pk}/status/").json()
    assert state["status"] == "finished" and state["percent"] == 100
    assert JobProgress.objects.get(result_id=run.result_id).percent == 100

    expected = child_labour_prevalence(survey_csv, LIBRARY_MAPPING, by=["area"])
    assert len(run.rows) == len(expected.rows)
    for got, want in zip(run.rows, expected.rows, strict=True):
        for key in ("estimate", "se", "ci_low", "ci_high", "deff", "population", "number"):
            assert got[key] == pytest.approx(want[key], rel=1e-12, abs=1e-12)
        assert (got["sex"], got["age_group"], got["area"], got["basis"], got["n"], got["df"]) == (
            want["sex"], want["age_group"], want["area"], want["basis"], want["n"], want["df"])
    assert run.metadata["definition"]["id"] == "sdg-8.7.1"
    assert run.metadata["design"]["strata"] == 3 and run.metadata["design"]["psus"] == 12

    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    assert "<svg" in page and "Estimates and confidence intervals" in page
    assert "Design effect" in page and "sdg-8.7.1" in page
    assert "<progress" not in page
    total = next(r for r in run.rows if r["sex"] == "total" and r["age_group"] == "total"
                 and r["area"] == "total" and r["basis"] == "sna")
    assert f"{total['estimate']:.2f}" in page

    # Downloads.
    csv_text = client.get(f"/en/surveys/runs/{run.pk}/download.csv").content.decode()
    assert csv_text.splitlines()[0].startswith("sex,age_group,area,basis,estimate,se")
    assert len(csv_text.splitlines()) == len(run.rows) + 1
    data = json.loads(client.get(f"/en/surveys/runs/{run.pk}/download.json").content)
    assert data["rows"] == run.rows and data["metadata"]["ci_method"] == "logit"
    sdmx = client.get(f"/en/surveys/runs/{run.pk}/download.sdmx.csv?year=2019").content.decode()
    assert "SL_TLF_CHLDEA" in sdmx and "SL_TLF_CHLDEC" in sdmx and f",{country.m49}," in sdmx
    assert ",2019," in sdmx

    # Save as draft observations: values, SE and CI equal to the library's result.
    response = client.post(f"/en/surveys/runs/{run.pk}/save/",
                           {"period": 2019, "source": "Nepal LFS 2019"})
    assert response.status_code == 302
    observations = Observation.objects.filter(country=country, period=2019)
    # 2 bases x (total + 2 sexes + 4 age groups + 2 x 4 crosses); area rows stay in the run.
    assert observations.count() == 2 * (1 + 2 + 4 + 8)
    assert all(o.status == ObservationStatus.DRAFT for o in observations)
    for basis, code in (("sna", "CL_PREV_ECON"), ("general", "CL_PREV_ECON_CHORES")):
        want = next(r for r in expected.rows if r["basis"] == basis and r["sex"] == "total"
                    and r["age_group"] == "total" and r["area"] == "total")
        obs = observations.get(indicator__code=code, disaggregation_key="")
        assert obs.value == Decimal(f"{want['estimate']:.4f}")
        assert obs.se == Decimal(f"{want['se']:.6f}")
        assert (obs.ci_low, obs.ci_high) == (Decimal(f"{want['ci_low']:.4f}"),
                                             Decimal(f"{want['ci_high']:.4f}"))
        assert obs.numerator == Decimal(f"{want['number']:.2f}")
        assert obs.source == "Nepal LFS 2019"
        for text in ("sdg-8.7.1", "3 strata, 12 PSUs", "logit 95%", "target87",
                     "Taylor linearisation", "lfs-2019.csv"):
            assert text in obs.method_note
        girls = next(r for r in expected.rows if r["basis"] == basis and r["sex"] == 2
                     and r["age_group"] == "5-11" and r["area"] == "total")
        obs = observations.get(indicator__code=code, disaggregation_key="age=5-11|sex=female")
        assert float(obs.value) == pytest.approx(girls["estimate"], abs=5e-5)
    run.refresh_from_db()
    assert run.saved_period == 2019 and run.observations.count() == 30
    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    assert "Saved as 30 draft observations for 2019" in page
    assert f"/en/countries/{country.iso3}/" in page


def test_mics6_sav_with_preset(client, secretariat, country, mics6_sav):
    client.force_login(secretariat)
    upload(client, mics6_sav, country)
    record = SurveyUpload.objects.get()
    assert record.format == "sav" and "CL11X" in record.columns

    page = client.get(f"/en/surveys/uploads/{record.pk}/").content.decode()
    assert 'value="mics6" required id="id_preset_0" checked' in page
    # Value labels are shown beside the codes; the hours codes 97-99 are shown as they are.
    assert "1 (Male)" in page or "2 (Female)" in page
    assert "97 (Does not know)" in page

    run = start(client, record, preset="mics6", ci="korn-graubard")
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    expected = child_labour_prevalence(mics6_sav, "mics6", ci="korn-graubard")
    assert [r["estimate"] for r in run.rows] == pytest.approx(
        [r["estimate"] for r in expected.rows], rel=1e-12)
    assert [r["ci_high"] for r in run.rows] == pytest.approx(
        [r["ci_high"] for r in expected.rows], rel=1e-12)
    assert any("response codes" in note for note in run.metadata["notes"])
    assert run.metadata["value_labels"]["sex"] == {"1": "Male", "2": "Female"}
    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    # Groups by their labels: the file's "Female"/"Male" are girls and boys here.
    assert '<th scope="row">Girls</th>' in page and '<th scope="row">Boys, Age 5-11</th>' in page
    assert "Sex: " not in page

    client.post(f"/en/surveys/runs/{run.pk}/save/", {"period": 2019})
    boys = Observation.objects.get(indicator__code="CL_PREV_ECON_CHORES",
                                   disaggregation_key="sex=male")
    want = next(r for r in expected.rows if r["basis"] == "general" and r["sex"] == 1
                and r["age_group"] == "total")
    assert boys.value == Decimal(f"{want['estimate']:.4f}")
    assert "korn-graubard 95%" in boys.method_note and "mics6" in boys.method_note
    assert boys.source == "Labour force survey 2019"


def test_failed_job_says_why_and_keeps_earlier_results(client, focal_point, country,
                                                       survey_csv, bad_csv):
    client.force_login(focal_point)
    upload(client, survey_csv, country)
    good = start(client, SurveyUpload.objects.get())
    run_worker()
    client.post(f"/en/surveys/runs/{good.pk}/save/", {"period": 2019})
    before = {o.pk: (o.value, o.se, o.method_note) for o in Observation.objects.all()}
    assert len(before) == 30

    upload(client, bad_csv, country)
    bad_upload = SurveyUpload.objects.get(original_name="lfs-bad.csv")
    bad = start(client, bad_upload)
    run_worker()
    bad.refresh_from_db()
    assert bad.status == RunStatus.FAILED and bad.rows == []
    assert "econ_hours" in bad.error and "'lots'" in bad.error and "row 3" in bad.error
    assert JobProgress.objects.get(result_id=bad.result_id).error == bad.error
    state = client.get(f"/en/surveys/runs/{bad.pk}/status/").json()
    assert state["status"] == "failed" and "econ_hours" in state["error"]
    page = client.get(f"/en/surveys/runs/{bad.pk}/").content.decode()
    assert "The estimate failed" in page and "row 3" in page and "<svg" not in page
    assert client.post(f"/en/surveys/runs/{bad.pk}/save/", {"period": 2019}).status_code == 302

    good.refresh_from_db()
    assert good.status == RunStatus.FINISHED and len(good.rows) == 30
    assert {o.pk: (o.value, o.se, o.method_note) for o in Observation.objects.all()} == before


def test_hazardous_work_is_estimated_and_saved_as_its_own_indicator(
        client, secretariat, country, mics6_sav):
    client.force_login(secretariat)
    upload(client, mics6_sav, country)
    record = SurveyUpload.objects.get()
    run = start(client, record, preset="mics6", hazardous_work="on")
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    expected = child_labour_prevalence(mics6_sav, "mics6", hazard=True)
    hazardous = [r for r in expected.rows if r["basis"] == "hazardous"]
    assert hazardous and [r["estimate"] for r in run.rows if r["basis"] == "hazardous"] == \
        pytest.approx([r["estimate"] for r in hazardous], rel=1e-12)
    assert "Hazardous work" in client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    client.post(f"/en/surveys/runs/{run.pk}/save/", {"period": 2019})
    total = Observation.objects.get(indicator__code="CL_PREV_HAZARDOUS", disaggregation_key="")
    want = next(r for r in hazardous if r["sex"] == "total" and r["age_group"] == "total")
    assert total.value == Decimal(f"{want['estimate']:.4f}")
