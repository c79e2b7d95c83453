"""Regional and global context: the published estimates for a country's regions.

A country page shows, for the country's SDG region and ILO region and for the world, the
latest published estimate of child labour, hazardous work, forced labour and modern
slavery, each with its year and publication. The figures come from the reference series
(``target87.measure.reference_series``); a region for which no publication released a
figure has no entry here, and nothing is derived for it from other regions or years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from target87.measure import reference_series

WORLD = "World"

SCOPE_SDG, SCOPE_ILO, SCOPE_WORLD = "sdg", "ilo", "world"


@dataclass(frozen=True)
class Topic:
    """One kind of estimate: a rate series and a number series of the same publications."""

    key: str
    title: Promise
    rate_series: str
    number_series: str
    per_thousand: bool  # rate per 1,000 people; otherwise a percentage
    number_unit: Promise


TOPICS: tuple[Topic, ...] = (
    Topic("child-labour", gettext_lazy("Children in child labour, aged 5–17"),
          "child_labour_5_17_percent", "child_labour_5_17_number", False,
          gettext_lazy("million children")),
    Topic("hazardous-work", gettext_lazy("Children in hazardous work, aged 5–17"),
          "hazardous_work_5_17_percent", "hazardous_work_5_17_number", False,
          gettext_lazy("million children")),
    Topic("forced-labour", gettext_lazy("People in forced labour"),
          "forced_labour_per_thousand", "forced_labour_number", True,
          gettext_lazy("million people")),
    Topic("modern-slavery",
          gettext_lazy("People in modern slavery (forced labour and forced marriage)"),
          "modern_slavery_per_thousand", "modern_slavery_number", True,
          gettext_lazy("million people")),
)

SCOPE_LABELS = {
    SCOPE_SDG: gettext_lazy("SDG region"),
    SCOPE_ILO: gettext_lazy("ILO region"),
    SCOPE_WORLD: gettext_lazy("World"),
}


@dataclass(frozen=True)
class Citation:
    title: str
    publisher: str
    released: dt.date
    month_only: bool  # the publication gives the month of release, not the day


@dataclass(frozen=True)
class Estimate:
    """The latest published estimate of one topic for one area (a region or the world)."""

    topic: Topic
    scope: str
    area: str  # the region's name as the publication gives it ("Sub-Saharan Africa")
    year: int
    rate: float | None
    number: float | None
    citations: tuple[Citation, ...] = field(default_factory=tuple)

    @property
    def scope_label(self) -> Promise:
        return SCOPE_LABELS[self.scope]


def _released(text: str) -> tuple[dt.date, bool]:
    if len(text) == 7:
        return dt.date.fromisoformat(text + "-01"), True
    return dt.date.fromisoformat(text[:10]), False


def _latest(series: str, region: str) -> reference_series.Observation | None:
    try:
        return reference_series.latest_figure(series, region=region)
    except reference_series.UnknownSeriesError:
        return None


def estimate(topic: Topic, region: str, scope: str) -> Estimate | None:
    """The latest published estimate for REGION: the most recent year with a rate or a
    number, and only the figures published for that year; ``None`` without any."""
    found = [o for o in (_latest(topic.rate_series, region),
                         _latest(topic.number_series, region)) if o is not None]
    if not found:
        return None
    year = max(o.year for o in found)
    rate = next((o for o in found if o.series == topic.rate_series and o.year == year), None)
    number = next((o for o in found if o.series == topic.number_series and o.year == year),
                  None)
    citations: dict[tuple, Citation] = {}
    for o in (rate, number):
        if o is None:
            continue
        released, month_only = _released(o.release_date)
        citations.setdefault((o.source, o.publisher, o.release_date),
                             Citation(o.source, o.publisher, released, month_only))
    return Estimate(
        topic=topic,
        scope=scope,
        area=region,
        year=year,
        rate=rate.value if rate else None,
        number=number.value if number else None,
        citations=tuple(citations.values()),
    )


@dataclass
class TopicContext:
    topic: Topic
    estimates: list[Estimate]  # the country's SDG region, its ILO region, the world
    missing: list[str]  # the country's regions without a published estimate


def country_context(country) -> list[TopicContext]:
    """Per topic, the latest published estimates for the country's SDG region, ILO region
    and the world (those that exist), and the regions for which none was published."""
    areas = ((SCOPE_SDG, country.sdg_region), (SCOPE_ILO, country.ilo_region),
             (SCOPE_WORLD, WORLD))
    out = []
    for topic in TOPICS:
        estimates, missing = [], []
        for scope, region in areas:
            found = estimate(topic, region, scope)
            if found is not None:
                estimates.append(found)
            elif scope != SCOPE_WORLD:
                missing.append(region)
        out.append(TopicContext(topic, estimates, missing))
    return out


def has_own_figure(country) -> bool:
    """Whether the monitoring framework has published a prevalence figure of the country's
    own (a proportion: child labour, hazardous work, forced labour), read through its
    service function; counts of identified victims are not prevalence figures."""
    try:
        from target87.monitoring.services import published_values
    except ImportError:
        return False
    return any(
        obs.value is not None
        and getattr(obs.indicator, "dimension", "") == "prevalence"
        and getattr(obs.indicator, "value_type", "") == "proportion"
        for obs in published_values(country)
    )


def regional_map_estimates(countries) -> dict[str, Estimate]:
    """For the world map: each country's region estimate of child labour prevalence, from
    its SDG region where one was published, else its ILO region; a country whose regions
    have none is left out (it stays grey)."""
    topic = TOPICS[0]
    cache: dict[tuple[str, str], Estimate | None] = {}

    def rate_of(region: str, scope: str) -> Estimate | None:
        key = (scope, region)
        if key not in cache:
            found = _latest(topic.rate_series, region)
            cache[key] = None if found is None else Estimate(
                topic=topic, scope=scope, area=region, year=found.year, rate=found.value,
                number=None, citations=(Citation(found.source, found.publisher,
                                                 *_released(found.release_date)),),
            )
        return cache[key]

    out = {}
    for country in countries:
        found = rate_of(country.sdg_region, SCOPE_SDG) or rate_of(country.ilo_region,
                                                                   SCOPE_ILO)
        if found is not None:
            out[country.iso3] = found
    return out
