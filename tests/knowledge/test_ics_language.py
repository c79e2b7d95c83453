"""The notes the platform adds to an .ics description are in the file's language."""

import datetime as dt

import pytest
from icalendar import Calendar

from target87.knowledge.models import Event


@pytest.fixture
def month_event(db):
    return Event.objects.create(
        title="Regional meeting", kind="meeting", start_date=dt.date(2030, 3, 1),
        end_date=dt.date(2030, 3, 31), date_precision="month", source="Briefing pack, p. 12",
    )


@pytest.mark.parametrize("lang, month_note, source", [
    ("en", "Only the month is known; the dates span the month.", "Source: Briefing pack, p. 12"),
    ("fr", "Seul le mois est connu ; les dates couvrent tout le mois.",
     "Source : Briefing pack, p. 12"),
    ("ar", "الشهر فقط معروف؛ تمتد التواريخ على الشهر كله.", "المصدر: Briefing pack, p. 12"),
])
def test_ics_notes_in_the_requested_language(client, month_event, lang, month_note, source):
    body = client.get(f"/{lang}/knowledge/events/{month_event.pk}.ics").content
    (item,) = Calendar.from_ical(body).walk("VEVENT")
    description = str(item["description"])
    assert month_note in description and source in description
    feed = Calendar.from_ical(client.get(f"/{lang}/knowledge/events/feed.ics").content)
    assert month_note in str(feed.walk("VEVENT")[0]["description"])
