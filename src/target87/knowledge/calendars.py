"""iCalendar output for the events calendar (RFC 5545, via the ``icalendar`` package)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as ICalEvent

STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def _language(text: dict, field: str) -> dict:
    # RFC 5545 LANGUAGE parameter: the language of this text, English where untranslated
    return {"LANGUAGE": "en" if field in text["english"] else text["language"]}


def to_ical(events, base_url: str = "", language: str | None = None) -> bytes:
    """The events as an iCalendar file; titles, places and descriptions in ``language``
    (the active language when None), English where there is no translation."""
    with translation.override(language or translation.get_language()):
        return _to_ical(events, base_url, language)


def _to_ical(events, base_url: str, language: str | None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Alliance 8.7//Target 8.7 Platform//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Alliance 8.7 events"))
    for event in events:
        text = event.translated(language)
        item = ICalEvent()
        item.add("uid", event.uid)
        item.add("summary", text["title"], parameters=_language(text, "title"))
        item.add("dtstart", event.start_date)
        # all-day events: DTEND is the day after the last day
        item.add("dtend", event.end_date + dt.timedelta(days=1))
        item.add("dtstamp", event.updated_at)
        item.add("status", STATUS.get(event.status, "CONFIRMED"))
        if text["location"]:
            item.add("location", text["location"], parameters=_language(text, "location"))
        description = text["summary"] or ""
        if event.date_precision == "month":
            description = (
                description + "\n" if description else ""
            ) + _("Only the month is known; the dates span the month.")
        if event.source:
            source = _("Source: %(source)s") % {"source": event.source}
            description = (description + "\n" if description else "") + source
        if description:
            item.add("description", description)
        if base_url:
            item.add("url", base_url.rstrip("/") + event.get_absolute_url())
        cal.add_component(item)
    return cal.to_ical()
