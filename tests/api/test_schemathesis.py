"""The public API against its own OpenAPI document, with generated requests (schemathesis,
a bounded number of examples per operation): no server error, and every status answered is
one the document declares."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
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
    # As Django's test client does: a request's end must not close the connection that
    # holds the test's transaction (PostgreSQL).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        # as behind the HTTPS proxy: the application object keeps the production redirect
        case.call_and_validate(headers={"X-Forwarded-Proto": "https"},
                               checks=[not_a_server_error, status_code_conformance])
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
