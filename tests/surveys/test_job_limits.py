"""A run over its memory or time limit ends failed, with the reason and the setting."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from target87.measure.child_labour import VariableMapping, get_definition
from target87.surveys import services
from target87.surveys.models import RunStatus

pytestmark = pytest.mark.django_db

MAPPING = VariableMapping.from_dict({"age": "age", "sex": "sex", "weight": "weight",
                                     "psu": "cluster", "strata": "stratum",
                                     "econ_hours": ["econ_hours"],
                                     "chores_hours": ["chores_hours"]})


@pytest.fixture
def upload(focal_point, country, survey_csv):
    return services.create_upload(focal_point, country,
                                  SimpleUploadedFile(survey_csv.name, survey_csv.read_bytes()))


def _run(user, upload):
    run = services.start_run(user, upload, MAPPING, get_definition(None), by=["area"])
    services.execute_run(run.pk, run.result_id)
    run.refresh_from_db()
    return run


def test_run_over_the_memory_limit_fails_before_reading(focal_point, upload, settings):
    settings.SURVEYS_MAX_JOB_MEMORY_BYTES = 1000
    run = _run(focal_point, upload)
    assert run.status == RunStatus.FAILED
    assert run.error_code == "job_memory_limit"
    assert "SURVEYS_MAX_JOB_MEMORY_BYTES" in run.error_message()
    assert "96 rows and 8 columns" in run.error_message()


def test_run_over_the_time_limit_is_stopped(focal_point, upload, settings):
    settings.SURVEYS_MAX_JOB_SECONDS = 0
    run = _run(focal_point, upload)
    assert run.status == RunStatus.FAILED
    assert run.error_code == "job_time_limit"
    assert "SURVEYS_MAX_JOB_SECONDS" in run.error_message()


def test_run_within_the_limits_finishes(focal_point, upload):
    assert _run(focal_point, upload).status == RunStatus.FINISHED
