"""Forced labour as a kind of survey run: upload, mapping of the involuntary-work and coercion
questions with a preview, background run, results, draft values of FL_PREV_ESTIMATES."""

from decimal import Decimal

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from target87.core.models import JobProgress, JobStatus
from target87.measure.forced_labour import estimate_forced_labour
from target87.monitoring.models import Observation, ObservationStatus
from target87.surveys.models import EstimateRun, RunKind, RunStatus, SurveyUpload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalogue")]

COLUMNS = ["cluster", "stratum", "age", "sex", "weight", "invol_pay", "invol_leave",
           "coerc_threat", "sector"]


def frame(seed=15, n=240, bad=None):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        invol = rng.random() < 0.3
        row = [1 + i // 10, 1 + i // 80, int(rng.integers(10, 70)), int(rng.integers(1, 3)),
               round(float(rng.uniform(0.5, 2.5)), 3), 1 if invol else 2,
               1 if rng.random() < 0.2 else 2, 1 if rng.random() < (0.5 if invol else 0.1) else 2,
               int(rng.integers(1, 4))]
        rows.append(row)
    if bad is not None:
        rows[bad][7] = 7
    return "\n".join([",".join(COLUMNS)] + [",".join(str(v) for v in r) for r in rows]) + "\n"


MAPPING = {"involuntary": ["invol_pay", "invol_leave"], "involuntary_rule": "any",
           "coercion": ["coerc_threat"], "coercion_rule": "any", "child_rule": "coercion",
           "age": "age", "sex": "sex", "weight": "weight", "strata": "stratum",
           "psu": "cluster", "by": ["sector"], "ci": "logit", "lonely_psu": "error"}


def upload(client, country, text, name="lfs-fl.csv"):
    response = client.post("/en/surveys/upload/", {
        "country": country.pk, "description": "Forced labour survey 2022",
        "file": SimpleUploadedFile(name, text.encode())})
    assert response.status_code == 302
    return SurveyUpload.objects.latest("pk")


def test_forced_labour_flow(client, focal_point, country, tmp_path):
    client.force_login(focal_point)
    text = frame()
    record = upload(client, country, text)
    assert "forced-labour/" in client.get(f"/en/surveys/uploads/{record.pk}/").content.decode()

    page = client.get(f"/en/surveys/uploads/{record.pk}/forced-labour/").content.decode()
    # the questions are guessed from their names, and previewed with the rule applied
    assert '<option value="invol_pay" selected>' in page
    assert '<option value="coerc_threat" selected>' in page
    assert "The first rows with the definition applied" in page
    page = client.post(f"/en/surveys/uploads/{record.pk}/forced-labour/",
                       {**MAPPING, "action": "preview"}).content.decode()
    assert "<code>coerc_threat</code>" in page and EstimateRun.objects.count() == 0

    response = client.post(f"/en/surveys/uploads/{record.pk}/forced-labour/",
                           {**MAPPING, "action": "run"})
    run = EstimateRun.objects.get()
    assert response["Location"] == f"/en/surveys/runs/{run.pk}/"
    assert run.kind == RunKind.FORCED_LABOUR and run.status == RunStatus.QUEUED
    assert run.definition["involuntary"] == ["invol_pay", "invol_leave"]
    call_command("worker", batch=True, interval=0.01)
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    assert JobProgress.objects.get(result_id=run.result_id).status == JobStatus.FINISHED

    path = tmp_path / "same.csv"
    path.write_text(text)
    expected = estimate_forced_labour(
        path, {"involuntary": MAPPING["involuntary"], "coercion": MAPPING["coercion"]},
        {"weight": "weight", "strata": "stratum", "psu": "cluster", "age": "age",
         "sex": "sex"}, by=["sector"])
    total = next(r for r in expected.rows
                 if all(r.get(c, "total") == "total" for c in expected.group_columns))
    stored = next(r for r in run.rows
                  if all(r.get(c, "total") == "total" for c in expected.group_columns))
    assert stored["estimate"] == pytest.approx(total["estimate"], rel=1e-12)
    assert stored["unit"] == "per 1,000" and len(run.rows) == len(expected.rows)

    page = client.get(f"/en/surveys/runs/{run.pk}/").content.decode()
    assert "Forced labour estimate" in page and "Women and girls" in page
    assert "sector: 2" in page

    response = client.post(f"/en/surveys/runs/{run.pk}/save/", {"period": 2022, "source": ""})
    assert response.status_code == 302
    saved = {tuple(sorted(o.disaggregation.items())): o
             for o in Observation.objects.filter(indicator__code="FL_PREV_ESTIMATES")}
    assert set(saved) == {(), (("sex", "female"),), (("sex", "male"),)}
    overall = saved[()]
    assert overall.status == ObservationStatus.DRAFT and overall.period == 2022
    assert overall.value == Decimal(repr(total["estimate"] / 10)).quantize(Decimal("0.0001"))
    assert overall.ci_low < overall.value < overall.ci_high
    assert "involuntary work (invol_pay or invol_leave)" in overall.method_note
    assert f"estimate run #{run.pk}" in overall.method_note


def test_missing_dimension_and_bad_answers_are_named(client, focal_point, country):
    client.force_login(focal_point)
    record = upload(client, country, frame(bad=4), name="lfs-bad.csv")
    page = client.post(f"/en/surveys/uploads/{record.pk}/forced-labour/",
                       {**MAPPING, "coercion": [], "action": "run"}).content.decode()
    assert "Coercion" in page and 'class="error-summary"' in page
    assert EstimateRun.objects.count() == 0
    # an answer that is neither yes nor no: the preview says which column
    page = client.post(f"/en/surveys/uploads/{record.pk}/forced-labour/",
                       {**MAPPING, "action": "preview"}).content.decode()
    assert "coerc_threat" in page and "7" in page
    client.post(f"/en/surveys/uploads/{record.pk}/forced-labour/", {**MAPPING, "action": "run"})
    call_command("worker", batch=True, interval=0.01)
    run = EstimateRun.objects.get()
    assert run.status == RunStatus.FAILED and "coerc_threat" in run.error
    assert not Observation.objects.filter(indicator__code="FL_PREV_ESTIMATES").exists()


def test_other_countrys_focal_point_cannot_map_or_run(client, focal_point, other_focal_point,
                                                       country):
    client.force_login(focal_point)
    record = upload(client, country, frame())
    client.force_login(other_focal_point)
    url = f"/en/surveys/uploads/{record.pk}/forced-labour/"
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {**MAPPING, "action": "run"}).status_code in (403, 404)
    assert EstimateRun.objects.count() == 0
