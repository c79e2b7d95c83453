"""The trends app's part of the home page (registered in ``TrendsConfig.ready``): its card,
and the latest global figures with their change since the previous estimate and the years
left to the target dates of SDG Target 8.7."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from target87.core.dates import format_day, format_month
from target87.core.home import Card
from target87.trends import services

# the headline series of the home page, each with its target year (trends.services.CHARTS)
HOME_FIGURES = ("child-labour-number", "forced-labour-number", "modern-slavery-number")


def trends_card() -> Card:
    return Card(_("Trends"), reverse("trends:index"),
                _("Where the world stands against 2025 and 2030, and the pace needed"))


@dataclass(frozen=True)
class Citation:
    title: str
    publisher: str
    date: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.title, self.publisher, self.date)


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    value: str
    unit: str
    year: int
    trend: str  # "down", "up" or "same"; "" with no earlier estimate
    change_text: str
    target_year: int
    citation: Citation


def release_date(text: str) -> str:
    """A release date of the reference file (``YYYY-MM-DD``, or ``YYYY-MM`` where only the
    month is known) in the reader's language."""
    parts = text.split("-")
    if len(parts) >= 3:
        return format_day(text)
    if len(parts) == 2:
        return format_month(dt.date(int(parts[0]), int(parts[1]), 1))
    return text


def change_text(change: float, since: int) -> tuple[str, str]:
    """The change since the previous estimate, in words (not only a colour or an arrow)."""
    amount = services.fmt(abs(change))
    if round(change, 1) == 0:
        return "same", _("Unchanged since %(year)s") % {"year": since}
    if change < 0:
        return "down", _("Down %(change)s million since %(year)s") % {
            "change": amount, "year": since}
    return "up", _("Up %(change)s million since %(year)s") % {"change": amount, "year": since}


def latest_figures() -> list[Figure]:
    """The latest published global figure of each headline series, from the reference series
    (the latest release for each year), with the change since the series' previous year."""
    figures = []
    for key in HOME_FIGURES:
        chart = services.CHARTS[key]
        observations = chart.reference().observations
        if not observations:
            continue
        latest = observations[-1]
        trend, text = "", ""
        if len(observations) > 1:
            previous = observations[-2]
            trend, text = change_text(latest.value - previous.value, previous.year)
        figures.append(Figure(
            key=key, title=str(chart.title), value=services.fmt(latest.value),
            unit=str(chart.unit), year=latest.year, trend=trend, change_text=text,
            target_year=chart.target_year,
            citation=Citation(latest.source, latest.publisher,
                              release_date(latest.release_date)),
        ))
    return figures


def years_left(target_year: int, today: dt.date) -> int:
    """Whole years between this year and the target year ("by 2030": to the end of 2030);
    0 in the target year itself, negative once it is over."""
    return target_year - today.year


def countdown_text(target_year: int, today: dt.date) -> str:
    left = years_left(target_year, today)
    if left > 0:
        return ngettext("%(n)d year left to %(year)s", "%(n)d years left to %(year)s",
                        left) % {"n": left, "year": target_year}
    if left == 0:
        return _("%(year)s is the target year") % {"year": target_year}
    return _("The %(year)s target date has passed") % {"year": target_year}


def countdowns(today: dt.date) -> list[dict]:
    """The two horizons of Target 8.7, counted from ``today``."""
    return [
        {"what": _("End child labour"), "year": services.CHILD_LABOUR_TARGET_YEAR,
         "left": years_left(services.CHILD_LABOUR_TARGET_YEAR, today),
         "text": countdown_text(services.CHILD_LABOUR_TARGET_YEAR, today)},
        {"what": _("End forced labour, modern slavery and human trafficking"),
         "year": services.FORCED_LABOUR_TARGET_YEAR,
         "left": years_left(services.FORCED_LABOUR_TARGET_YEAR, today),
         "text": countdown_text(services.FORCED_LABOUR_TARGET_YEAR, today)},
    ]


def figures_section(request, today: dt.date | None = None) -> str | None:
    figures = latest_figures()
    if not figures:
        return None
    citations = list({f.citation.key: f.citation for f in figures}.values())
    return render_to_string("trends/_home_figures.html", {
        "figures": figures, "citations": citations,
        "countdowns": countdowns(today or timezone.localdate()),
    }, request=request)
