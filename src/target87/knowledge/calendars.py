"""iCalendar output for the events calendar (RFC 5545, via the ``icalendar`` package)."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from icalendar import Event as ICalEvent

STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def to_ical(events, base_url: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Alliance 8.7//Target 8.7 Platform//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Alliance 8.7 events")
    for event in events:
        item = ICalEvent()
        item.add("uid", event.uid)
        item.add("summary", event.title)
        item.add("dtstart", event.start_date)
        # all-day events: DTEND is the day after the last day
        item.add("dtend", event.end_date + dt.timedelta(days=1))
        item.add("dtstamp", event.updated_at)
        item.add("status", STATUS.get(event.status, "CONFIRMED"))
        if event.location:
            item.add("location", event.location)
        description = event.summary or ""
        if event.date_precision == "month":
            description = (
                description + "\n" if description else ""
            ) + "Only the month is known; the dates span the month."
        if event.source:
            description = (description + "\n" if description else "") + f"Source: {event.source}"
        if description:
            item.add("description", description)
        if base_url:
            item.add("url", base_url.rstrip("/") + event.get_absolute_url())
        cal.add_component(item)
    return cal.to_ical()
