"""Dates in each locale's own format, through the one helper (core.dates) and its filters."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from target87.core import dates

DAY = dt.date(2019, 2, 7)
JUNE = dt.date(2019, 6, 1)


@pytest.mark.parametrize("lang, day, month", [
    ("en", "February 7, 2019", "June 2019"),
    ("fr", "7 février 2019", "juin 2019"),
    ("es", "7 de febrero de 2019", "junio de 2019"),
    ("ar", "7 فبراير 2019", "يونيو 2019"),
    ("zh-hans", "2019年2月7日", "2019年6月"),
    ("ru", "7 февраля 2019\u202fг.", "июнь 2019\u202fг."),
])
def test_each_locale_formats_days_and_months(lang, day, month):
    assert dates.format_day(DAY, language=lang) == day
    assert dates.format_month(JUNE, language=lang) == month
    with translation.override(lang):
        html = Template("{% load platform %}{{ d|day }}|{{ m|month }}").render(
            Context({"d": DAY, "m": JUNE}))
    assert html == f"{day}|{month}"


def test_no_date_is_empty_and_a_span_joins_two_days():
    assert dates.format_day(None) == ""
    assert dates.format_days(DAY, dt.date(2019, 2, 8), language="fr") == (
        "7 février 2019 – 8 février 2019")


@pytest.mark.django_db
def test_pages_use_the_locale_format(client):
    from target87.knowledge.services import load_events
    from target87.pathfinders.reference import load_pathfinder_data

    load_events()
    load_pathfinder_data()
    html = client.get("/zh-hans/knowledge/events/calendar/2019/6/").content.decode()
    assert "2019年6月" in html and "六月 2019" not in html
    assert "7 février 2019" in client.get("/fr/pathfinders/NPL/").content.decode()
