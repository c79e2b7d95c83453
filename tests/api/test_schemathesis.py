"""The public API against its own OpenAPI document, with generated requests (schemathesis,
a bounded number of examples per operation): no server error, and every status answered is
one the document declares."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, status_code_conformance

from target87.wsgi import application

# (the document is fetched at import, before the test settings turn the HTTPS redirect off)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application,
                                        headers={"X-Forwarded-Proto": "https"})


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_answers_within_its_document(case):
    # as behind the HTTPS proxy: the application object keeps the production redirect
    case.call_and_validate(headers={"X-Forwarded-Proto": "https"},
                           checks=[not_a_server_error, status_code_conformance])
