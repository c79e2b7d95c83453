"""Public pages cite documents by title, author and date: never a file name of the source
documents, never a curation note, never a command-line tool."""

import io
import re

import pytest
from django.apps import apps
from tests.conftest import SEEDS_DIR

from target87.knowledge.models import Event, GoodPractice
from target87.meetings.models import Meeting
from target87.pathfinders.models import StatusTransition, Workshop

pytestmark = pytest.mark.django_db

SEEDS = SEEDS_DIR
FILE_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\.(txt|pdf)\b")
SEED_WORD = re.compile(r"\bseed 0\d\d\b", re.IGNORECASE)
CURATION = ["the date here is the one listed", "Report to the GCG precedes the award",
            "Rule: the platform proposes a hold", "command line", "target87 measure"]


@pytest.fixture
def loaded(db):
    out = io.StringIO()
    for config in apps.get_app_configs():
        loader = getattr(config, "load_reference_data", None)
        if loader is not None:
            loader(out)


def _public_urls():
    event = Event.objects.order_by("start_date").first()
    practice = GoodPractice.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    urls = ["/en/", "/en/countries/", "/en/countries/NPL/", "/en/countries/GHA/",
            "/en/pathfinders/", "/en/pathfinders/NPL/", "/en/pathfinders/MDG/",
            "/en/pathfinders/MDG/report/", "/en/monitoring/", "/en/trends/", "/en/knowledge/",
            "/en/knowledge/regions/", "/en/knowledge/compare/", "/en/knowledge/practices/",
            "/en/knowledge/publications/", "/en/knowledge/laws/", "/en/knowledge/events/",
            "/en/knowledge/events/calendar/", "/en/partners/", "/en/action-groups/",
            "/en/meetings/", "/en/pledges/", f"/en/knowledge/events/{event.pk}/",
            f"/en/knowledge/practices/{practice.slug}/"]
    if meeting is not None:
        urls.append(f"/en/meetings/{meeting.pk}/")
    return urls


def _bad_words(html):
    found = [m.group(0) for m in SEED_WORD.finditer(html)]
    found += [m.group(0) for m in FILE_NAME.finditer(html)]
    if SEEDS.is_dir():
        found += [p.name for p in SEEDS.iterdir() if p.name in html]
    found += [phrase for phrase in CURATION if phrase in html]
    return found


def test_every_public_page_type_cites_documents_by_title(client, loaded):
    assert Workshop.objects.exclude(curation_note="").exists()
    assert StatusTransition.objects.exclude(curation_note="").exists()
    for url in _public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert _bad_words(html) == [], url
    html = client.get("/en/pathfinders/MDG/").content.decode()
    assert "Alliance 8.7, 7th Global Coordinating Group Meeting: briefing pack, 19 May 2020" in html


def test_curation_notes_are_shown_to_the_secretariat(client, loaded, secretariat):
    client.force_login(secretariat)
    html = client.get("/en/pathfinders/NPL/").content.decode()
    assert "the date here is the one listed" in html
    assert "Report to the GCG precedes the award" in html
    assert "Rule: the platform proposes a hold" in html
