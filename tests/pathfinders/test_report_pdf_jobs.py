"""Report PDFs are rendered once by the worker, then served from the file."""

import pytest
from django.core.management import call_command

from target87.core import pdfs
from target87.pathfinders.reference import load_pathfinder_data

URL = "/en/pathfinders/NPL/report.pdf"

# the worker closes the database connection when it is done, as it would in production:
# on PostgreSQL that needs real transactions, not the rollback of a test transaction
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("worker", batch=True, interval=0.01)


def fetch_pdf(client, url):
    """Ask for a report PDF, let the worker render it, ask again."""
    response = client.get(url)
    if response.status_code == 202:
        run_worker()
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response


@pytest.fixture
def seeded(db):
    load_pathfinder_data()


def test_first_request_queues_a_job_and_shows_a_waiting_page(client, seeded, settings):
    response = client.get(URL)
    assert response.status_code == 202
    html = response.content.decode()
    assert '<meta http-equiv="refresh"' in html and "being prepared" in html
    assert list((settings.DATA_DIR / "reports").glob("*.pending"))
    # asking again while the job waits does not queue a second one
    from django_tasks_db.models import DBTaskResult

    client.get(URL)
    assert DBTaskResult.objects.count() == 1
    run_worker()
    response = client.get(URL)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert not list((settings.DATA_DIR / "reports").glob("*.pending"))


def test_rendered_pdf_is_reused_until_the_report_changes(client, seeded, settings,
                                                         monkeypatch):
    fetch_pdf(client, URL)
    rendered = []
    monkeypatch.setattr(pdfs, "pdf_from_html", lambda html: rendered.append(html) or b"%PDF")
    assert client.get(URL).status_code == 200  # from the file: nothing rendered
    assert rendered == []
    from target87.pathfinders.models import PathfinderCountry

    pathfinder = PathfinderCountry.objects.get(country__iso3="NPL")
    pathfinder.focal_point_name = "A new focal point"
    pathfinder.save()
    assert client.get(URL).status_code == 202  # new content, new file
    assert len(list((settings.DATA_DIR / "reports").glob("*.pdf"))) == 1


def test_each_language_has_its_own_file(client, seeded, settings):
    fetch_pdf(client, URL)
    assert client.get("/fr/pathfinders/NPL/report.pdf").status_code == 202


def test_failed_render_is_reported_then_retried(client, seeded, monkeypatch):
    def broken(html):
        raise RuntimeError("no fonts at all")

    monkeypatch.setattr(pdfs, "pdf_from_html", broken)
    client.get(URL)
    run_worker()
    response = client.get(URL)
    assert response.status_code == 503
    assert "could not be produced" in response.content.decode()
    assert "no fonts at all" in response.content.decode()
    monkeypatch.undo()
    assert fetch_pdf(client, URL).status_code == 200


def test_stale_pending_job_is_asked_for_again(client, seeded, settings):
    import os
    import time

    from django_tasks_db.models import DBTaskResult

    client.get(URL)
    pending = next((settings.DATA_DIR / "reports").glob("*.pending"))
    old = time.time() - pdfs.PENDING_TIMEOUT - 1
    os.utime(pending, (old, old))
    client.get(URL)
    assert DBTaskResult.objects.count() == 2
