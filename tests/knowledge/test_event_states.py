"""Upcoming first, the month view opening on the current month with a way to the next month
that has events, and one answer to "past or upcoming" on every page."""

import datetime as dt

import pytest
from django.utils import timezone

from target87.knowledge import services
from target87.knowledge.models import Event, EventStatus

pytestmark = pytest.mark.django_db


def _event(title, start, end=None, status=EventStatus.SCHEDULED):
    return Event.objects.create(title=title, kind="meeting", start_date=start,
                                end_date=end or start, status=status, source="test")


@pytest.fixture
def dated():
    today = timezone.localdate()
    return {
        "past_old": _event("Old meeting", today - dt.timedelta(days=800)),
        "past_recent": _event("Recent meeting", today - dt.timedelta(days=40)),
        "today": _event("Meeting ending today", today - dt.timedelta(days=1), today),
        "soon": _event("Meeting soon", today + dt.timedelta(days=70)),
        "later": _event("Meeting later", today + dt.timedelta(days=400)),
        "postponed": _event("Postponed meeting", today + dt.timedelta(days=10),
                            status=EventStatus.POSTPONED),
    }


def test_state_is_one_rule(dated):
    today = timezone.localdate()
    assert services.event_state(dated["past_recent"], today) == "past"
    assert services.event_state(dated["today"], today) == "upcoming"
    assert services.event_state(dated["postponed"], today) == "postponed"
    # the querysets agree with the state of each event
    qs = Event.objects.all()
    assert {e.state for e in services.past_events(qs, today)} == {"past"}
    assert "past" not in {e.state for e in services.upcoming_events(qs, today)}


def test_list_shows_upcoming_first_then_past(client, dated):
    page = client.get("/en/knowledge/events/").context["page"]
    titles = [e.title for e in page.object_list]
    assert titles == ["Meeting ending today", "Postponed meeting", "Meeting soon",
                      "Meeting later", "Recent meeting", "Old meeting"]
    html = client.get("/en/knowledge/events/").content.decode()
    assert html.count(">Past</td>") == 2 and html.count(">Upcoming</td>") == 3


def test_detail_says_past_not_scheduled(client, dated):
    html = client.get(f"/en/knowledge/events/{dated['past_old'].pk}/").content.decode()
    assert "<dd>Past</dd>" in html and "Scheduled" not in html
    html = client.get(f"/en/knowledge/events/{dated['soon'].pk}/").content.decode()
    assert "<dd>Upcoming</dd>" in html


def test_month_view_opens_on_this_month_and_links_the_next_month_with_events(client, dated):
    today = timezone.localdate()
    response = client.get("/en/knowledge/events/calendar/")
    assert response.context["first"] == today.replace(day=1)
    target = dated["soon"].start_date
    if target.replace(day=1) != today.replace(day=1):
        html = response.content.decode()
        assert f'/en/knowledge/events/calendar/{target.year}/{target.month}/"' in html
        assert 'id="next-with-events"' in html
    # a month far after every event points back to the latest month with events
    html = client.get("/en/knowledge/events/calendar/2099/1/").content.decode()
    later = dated["later"].end_date
    assert 'id="prev-with-events"' in html
    assert f'/en/knowledge/events/calendar/{later.year}/{later.month}/"' in html


def test_events_the_documents_date_are_loaded(db):
    services.load_events()
    titles = set(Event.objects.values_list("title", flat=True))
    for title in ["World Day Against Child Labour 2020", "World Day Against Child Labour 2021",
                  "Launch of the pathfinder countries e-report",
                  "V Global Conference on the Sustained Eradication of Child Labour",
                  "Multi-stakeholder consultation to prepare for the V Global Conference"]:
        assert title in titles
    wilton = Event.objects.get(title__startswith="Alliance 8.7 workshop at Wilton Park")
    assert (wilton.start_date, wilton.end_date) == (dt.date(2017, 2, 1), dt.date(2017, 2, 3))
    assert services.load_events() == 0  # setup again changes nothing
