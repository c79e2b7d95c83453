"""The workplan progress report PDF is rendered once by the worker for each distinct
report (content, period, language), then served from the file."""

import datetime as dt

import pytest
from django.core.management import call_command

from target87.core import pdfs
from target87.groups.models import ItemLevel, Workplan, WorkplanItem

URL = "/{lang}/action-groups/workplans/plan-2024/report.pdf?from=2024-01-01&to=2024-12-31"

# the worker closes the database connection when it is done, as it would in production
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
def plan(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    plan = Workplan.objects.create(slug="plan-2024", title="Roadmap 2024", is_published=True,
                                   period_start=dt.date(2024, 1, 1),
                                   period_end=dt.date(2024, 12, 31))
    WorkplanItem.objects.create(workplan=plan, level=ItemLevel.GOAL, code="1",
                                title="Deliverable one")
    return plan


def test_rendered_once_per_distinct_report(client, plan, settings, monkeypatch):
    rendered = []
    monkeypatch.setattr(pdfs, "pdf_from_html",
                        lambda html: rendered.append(html) or b"%PDF-1.7 test")
    first = client.get(URL.format(lang="en"))
    if first.status_code == 202:  # a worker backend: the page waits and refreshes
        html = first.content.decode()
        assert '<meta http-equiv="refresh"' in html and "being prepared" in html
        assert list((settings.DATA_DIR / "reports").glob("*.pending"))
    for _ in range(3):
        response = fetch_pdf(client, URL.format(lang="en"))
        assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert len(rendered) == 1 and "Deliverable one" in rendered[0]
    # another language, or changed content, is another report
    fetch_pdf(client, URL.format(lang="ar"))
    assert len(rendered) == 2 and 'dir="rtl"' in rendered[1]
    WorkplanItem.objects.filter(code="1").update(title="Deliverable one, revised")
    fetch_pdf(client, URL.format(lang="en"))
    assert len(rendered) == 3 and "Deliverable one, revised" in rendered[2]
    fetch_pdf(client, URL.format(lang="en"))
    assert len(rendered) == 3


def test_failed_render_is_reported_then_retried(client, plan, monkeypatch):
    def broken(html):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdfs, "pdf_from_html", broken)
    response = client.get(URL.format(lang="en"))
    if response.status_code == 202:
        run_worker()
        response = client.get(URL.format(lang="en"))
    assert response.status_code == 503
    assert "no fonts" in response.content.decode()
    monkeypatch.setattr(pdfs, "pdf_from_html", lambda html: b"%PDF-1.7 ok")
    assert b"".join(fetch_pdf(client, URL.format(lang="en")).streaming_content) == b"%PDF-1.7 ok"
