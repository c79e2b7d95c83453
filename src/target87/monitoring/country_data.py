"""A country's published figures as charts over time and as downloadable files.

One chart per indicator with a series (published totals for two periods or more): the
country's own figures and the custodian's global ones as two labelled lines, never merged.
The same published observations are downloadable as CSV, XLSX and SDMX-CSV.
"""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import get_decimal_symbol, get_group_symbol
from django.db import transaction
from django.utils.translation import get_language, get_language_bidi, gettext_lazy, to_locale
from django.utils.translation import gettext as _

from target87.core.bidi import LRI, PDI, isolate_plain
from target87.core.charts import base_spec, render_svg
from target87.core.templatetags.platform import number, percent
from target87.measure.child_labour import TOTAL
from target87.measure.sdmx import AGE_CODES, DATAFLOW, HEADER
from target87.monitoring.models import Origin, ValueType
from target87.monitoring.services import published_values

# the whole population of an indicator: no disaggregation, or children aged 5-17
TOTAL_KEYS = ("", "age=5-17")
CHARTED_TYPES = (ValueType.PROPORTION, ValueType.COUNT)
ORIGIN_ORDER = (Origin.NATIONAL, Origin.GLOBAL)
ORIGIN_COLOURS = {Origin.NATIONAL: "#0b4f8a", Origin.GLOBAL: "#b3261e"}


def origin_label(origin: str) -> str:
    """How a series is named on charts, tables and files: by who publishes it."""
    if origin == Origin.GLOBAL:
        return _("Global (custodian)")
    return _("National")


@dataclass
class CountryChart:
    """One indicator's published totals over time, by origin, ready for the page."""

    key: str
    code: str
    title: str
    series_code: str
    as_percent: bool
    unit: str
    order: int = 0
    # origin -> {period: (value, source)}
    points: dict[str, dict[int, tuple[float, str]]] = field(default_factory=dict)
    spec: dict = field(default_factory=dict)
    svg: str = ""
    alt_text: str = ""

    @property
    def periods(self) -> list[int]:
        return sorted({p for by_period in self.points.values() for p in by_period})

    @property
    def origins(self) -> list[str]:
        return [o for o in ORIGIN_ORDER if self.points.get(o)]

    @property
    def origin_labels(self) -> list[str]:
        return [origin_label(o) for o in self.origins]

    def f(self, value) -> str:
        return percent(value) if self.as_percent else number(value, 1 if value % 1 else 0)

    def rows(self) -> list[dict]:
        """The data table: one row per period, a figure per origin, and the sources."""
        out = []
        for period in self.periods:
            cells, sources = [], []
            for origin in self.origins:
                value, source = self.points[origin].get(period, (None, ""))
                cells.append("—" if value is None else self.f(value))
                if source and source not in sources:
                    sources.append(source)
            out.append({"period": period, "cells": cells, "sources": sources})
        return out


def vega_number_locale() -> dict:
    locale = to_locale(get_language() or "en")
    locale = {"zh_Hans": "zh_Hans_CN"}.get(locale, locale)
    return {"decimal": get_decimal_symbol(locale), "thousands": get_group_symbol(locale),
            "grouping": [3], "currency": ["", ""]}


def country_charts(country, observations=None) -> list[CountryChart]:
    """A chart for each indicator with published totals in two periods or more.

    A figure without a value is left out, never drawn as zero. Where a period has both the
    total and the 5-17 age group (the same population), the total counts."""
    if observations is None:
        observations = published_values(country)
    language = get_language()
    found: dict[str, CountryChart] = {}
    ranks: dict[tuple[str, str, int], int] = {}
    for obs in observations:
        indicator = obs.indicator
        if (indicator is None or indicator.value_type not in CHARTED_TYPES
                or obs.disaggregation_key not in TOTAL_KEYS or obs.value is None):
            continue
        chart = found.get(indicator.code)
        if chart is None:
            chart = found[indicator.code] = CountryChart(
                key=f"series-{indicator.code.lower().replace('_', '-')}",
                code=indicator.code, title=indicator.name_in(language),
                series_code=indicator.sdg_series,
                as_percent=indicator.value_type == ValueType.PROPORTION,
                unit=(_("Percentage") if indicator.value_type == ValueType.PROPORTION
                      else _("Number")),
                order=indicator.order,
            )
        ident = (indicator.code, obs.origin, obs.period)
        rank = TOTAL_KEYS.index(obs.disaggregation_key)
        if ident in ranks and ranks[ident] <= rank:
            continue
        ranks[ident] = rank
        chart.points.setdefault(obs.origin, {})[obs.period] = (float(obs.value), obs.source)
    charts = sorted((c for c in found.values() if len(c.periods) >= 2),
                    key=lambda c: c.order)
    for chart in charts:
        chart.spec = chart_spec(chart, country)
        chart.alt_text = alt_text(chart, country)
    return charts


CHART_WIDTH = 300
# room a year's label takes along the axis, at 11 px: written across (four digits and a
# gap) or turned upright (the height of a line and a gap)
YEAR_LABEL_ACROSS = 32
YEAR_LABEL_UPRIGHT = 15


def year_axis(periods: list[int], width: int) -> dict:
    """The x encoding of a chart over years: every year with data has its label.

    Years keep their true spacing (a gap of ten years looks like one) with a tick and a
    label at each year that has data, never dropped for overlapping: close years
    (2018 and 2019 among 2008–2019) turn their labels upright; where even upright labels
    would touch, the years are placed at equal steps instead, one step per year shown."""
    step = width / (periods[-1] - periods[0] + 1)
    closest = min((b - a for a, b in zip(periods, periods[1:], strict=False)), default=1) * step
    axis = {"format": "d", "values": periods, "labelOverlap": False, "labelFlush": False}
    if closest >= YEAR_LABEL_ACROSS:
        return {"field": "year", "type": "quantitative", "title": _("Year"), "axis": axis,
                "scale": {"zero": False, "nice": False,
                          "domain": [periods[0] - 0.5, periods[-1] + 0.5]}}
    upright = {"labelAngle": -90, "labelAlign": "right", "labelBaseline": "middle"}
    if closest >= YEAR_LABEL_UPRIGHT:
        return {"field": "year", "type": "quantitative", "title": _("Year"),
                "axis": {**axis, **upright},
                "scale": {"zero": False, "nice": False,
                          "domain": [periods[0] - 0.5, periods[-1] + 0.5]}}
    axis = {"labelOverlap": False, "labelAngle": 0}
    if width / len(periods) < YEAR_LABEL_ACROSS:
        axis.update(upright)
    return {"field": "year", "type": "ordinal", "title": _("Year"), "axis": axis,
            "sort": "ascending", "scale": {"type": "point", "padding": 0.5}}


def chart_spec(chart: CountryChart, country) -> dict:
    """Vega-Lite: a line with points per origin, labelled "National" / "Global (custodian)".

    Text in the chart is plain (no element can carry a direction), so in a right-to-left
    page every left-to-right run (series code, country name in Latin script) is isolated."""
    rtl = get_language_bidi()
    iso = isolate_plain if rtl else str
    rows, domain, colours = [], [], []
    for origin in chart.origins:
        label = origin_label(origin)
        domain.append(label)
        colours.append(ORIGIN_COLOURS[origin])
        for period, (value, _source) in sorted(chart.points[origin].items()):
            rows.append({"year": period, "value": value, "series": label})
    subtitle = country.name_in(get_language())
    if chart.series_code:
        subtitle = _("%(country)s · SDG series %(code)s") % {
            "country": iso(subtitle), "code": iso(chart.series_code)}
    colour = {
        "field": "series", "type": "nominal", "title": None,
        "scale": {"domain": domain, "range": colours},
        "legend": {"orient": "bottom", "direction": "horizontal", "labelLimit": 300,
                   "symbolStrokeWidth": 3},
    }
    x = year_axis(chart.periods, CHART_WIDTH)
    y = {"field": "value", "type": "quantitative", "title": chart.unit,
         "axis": {"orient": "right" if rtl else "left", "titlePadding": 10},
         "scale": {"zero": True}}
    encoding = {"x": x, "y": y, "color": colour,
                "shape": {"field": "series", "type": "nominal", "title": None,
                          "scale": {"domain": domain,
                                    "range": ["circle", "square"][:len(domain)]},
                          "legend": colour["legend"]}}
    # the indicator's name is the heading just above; the chart names country and series
    # (narrow enough for a phone, labels at their full size)
    spec = base_spec(
        title={"text": subtitle, "anchor": "end" if rtl else "start", "limit": 340,
               "fontSize": 12, "fontWeight": "normal"},
        width=CHART_WIDTH, height=200,
        data={"values": rows},
        layer=[
            {"mark": {"type": "line", "strokeWidth": 2.5},
             "encoding": {"x": x, "y": y, "color": colour}},
            {"mark": {"type": "point", "filled": True, "size": 80, "opacity": 1},
             "encoding": encoding},
        ],
    )
    spec["config"]["locale"] = {"number": vega_number_locale()}
    return spec


def alt_text(chart: CountryChart, country) -> str:
    # in a right-to-left page the list of years and figures keeps its own (left-to-right)
    # order: digits alone have no direction, so the isolate is set, not guessed
    rtl = get_language_bidi()

    def iso(text):
        return f"{LRI}{text}{PDI}" if rtl else text

    parts = []
    for origin in chart.origins:
        figures = iso("; ".join(f"{p}: {chart.f(v)}"
                                for p, (v, _s) in sorted(chart.points[origin].items())))
        parts.append(f"{origin_label(origin)}: {figures}")
    return _("Line chart of %(title)s in %(country)s, %(first)s–%(last)s. %(series)s.") % {
        "title": chart.title, "country": country.name_in(get_language()),
        "first": chart.periods[0], "last": chart.periods[-1], "series": ". ".join(parts),
    }


def country_charts_with_svg(country, observations=None) -> list[CountryChart]:
    """The charts, drawn (each SVG is kept on disk under its spec's hash, core.charts)."""
    charts = country_charts(country, observations)
    for chart in charts:
        chart.svg = render_svg(chart.spec)
    return charts


def countries_with_series():
    """Countries with a chart on their dashboard (published totals in two periods or more),
    found in one query."""
    from django.db.models import Count

    from target87.countries.models import Country
    from target87.monitoring.models import Observation, ObservationStatus

    ids = (Observation.objects.filter(
        status=ObservationStatus.PUBLISHED, indicator__value_type__in=CHARTED_TYPES,
        disaggregation_key__in=TOTAL_KEYS, value__isnull=False)
        .values("country_id", "indicator_id").annotate(periods=Count("period", distinct=True))
        .filter(periods__gte=2).values_list("country_id", flat=True))
    return Country.objects.filter(pk__in=set(ids)).order_by("iso3")


def dashboard_paths(countries=None) -> list[str]:
    """The dashboards with charts (or of the given countries), in every language: setup
    renders them in advance (core.pagecache), so that their first reader does not wait for
    the drawing."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    paths = []
    countries = list(countries_with_series() if countries is None else countries)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths.extend(reverse("countries:detail", args=[c.iso3]) for c in countries)
    return paths


# --------------------------------------------------------------------------- when it changes

_pending = threading.local()


def _flush_pending() -> None:
    ids = sorted(getattr(_pending, "ids", set()))
    _pending.ids = set()
    if ids:
        from target87.monitoring.tasks import draw_country_charts_task

        draw_country_charts_task.enqueue(country_ids=ids)


def published_changed(sender, instance, raw=False, **kwargs) -> None:
    """A published figure was saved or removed: once the change is committed, the worker
    draws the country's charts in every language (one job per transaction)."""
    if raw or instance.status != "published" or instance.indicator_id is None:
        return
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    ids.add(instance.country_id)
    # the first callback to run takes every country; a rolled-back change only adds a
    # country to the next job
    transaction.on_commit(_flush_pending)


# --------------------------------------------------------------------------- downloads

DOWNLOAD_FORMATS = ("csv", "xlsx", "sdmx")
TABLE_HEADERS = [
    gettext_lazy("Country (ISO3)"), gettext_lazy("Country"), gettext_lazy("Indicator code"),
    gettext_lazy("Indicator"), gettext_lazy("SDG series"), gettext_lazy("Disaggregation"),
    gettext_lazy("Year"), gettext_lazy("Value"), gettext_lazy("Unit"),
    gettext_lazy("Lower bound"), gettext_lazy("Upper bound"), gettext_lazy("Origin"),
    gettext_lazy("Source"), gettext_lazy("Nature"), gettext_lazy("Release"),
]


def _plain(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)


def _cell_value(obs):
    if obs.value is not None:
        return _plain(obs.value)
    if obs.value_bool is not None:
        return _("yes") if obs.value_bool else _("no")
    if obs.value_year is not None:
        return obs.value_year
    return obs.value_text


def table_rows(country, observations=None) -> tuple[list[str], list[list]]:
    """Headers (in the page's language) and one row per published observation."""
    if observations is None:
        observations = published_values(country)
    language = get_language()
    name = country.name_in(language)
    rows = []
    for obs in sorted(observations, key=lambda o: (o.indicator.order, o.disaggregation_key,
                                                   o.period, o.origin != Origin.NATIONAL)):
        indicator = obs.indicator
        rows.append([
            country.iso3, name, indicator.code, indicator.name_in(language),
            indicator.sdg_series, obs.disaggregation_key or _("Total"), obs.period,
            _cell_value(obs), obs.currency or indicator.unit, _plain(obs.ci_low),
            _plain(obs.ci_high), origin_label(obs.origin), obs.source, obs.nature,
            obs.release,
        ])
    return [str(h) for h in TABLE_HEADERS], rows


# SDMX codes of the disaggregations the catalogue allows (monitoring.models.DISAGGREGATIONS)
SEX_CODES = {"female": "F", "male": "M"}
URBANISATION_CODES = {"urban": "U", "rural": "R"}
SDMX_DIMENSIONS = {"sex", "age", "area"}
UNIT_CODES = {"%": "PT"}
# the catalogue writes the whole 5-17 age group as "5-17"
SDMX_AGES = {**AGE_CODES, "5-17": AGE_CODES[TOTAL]}
# REPORTING_TYPE of the SDG data structure: G global (custodian), N national
REPORTING_TYPES = {Origin.GLOBAL: "G", Origin.NATIONAL: "N"}
# NATURE codes of the SDG data structure; a national figure without one is country data
NATURE_CODES = {"C", "CA", "E", "G", "M", "N", "NA"}


def _sdmx_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")


def sdmx_rows(observations) -> tuple[list[list[str]], int]:
    """SDMX-CSV rows (columns of ``measure.sdmx.HEADER``) of observations that carry an SDG
    series, and how many had no SDMX form (no series, no value, or a disaggregation the
    SDG structure does not have). REPORTING_TYPE tells the origin (N national, G global);
    SOURCE_DETAIL names the source."""
    rows, omitted = [], 0
    for obs in observations:
        dis = obs.disaggregation or {}
        series = obs.indicator.sdg_series if obs.indicator_id else ""
        age = SDMX_AGES.get(dis.get("age", TOTAL))
        if not series or obs.value is None or set(dis) - SDMX_DIMENSIONS or age is None:
            omitted += 1
            continue
        sex = SEX_CODES.get(dis.get("sex"), "_T")
        urban = URBANISATION_CODES.get(dis.get("area"), "_T")
        unit = obs.indicator.unit
        nature = (obs.nature or "").strip().upper()
        if nature not in NATURE_CODES:
            nature = "C" if obs.origin == Origin.NATIONAL else ""
        rows.append([
            DATAFLOW, "A", REPORTING_TYPES.get(obs.origin, "N"), series, obs.country.m49, sex,
            age, urban, str(obs.period), _sdmx_number(obs.value),
            UNIT_CODES.get(unit, unit or "NUMBER"), "0", _sdmx_number(obs.ci_low),
            _sdmx_number(obs.ci_high), nature, obs.source, obs.method_note,
        ])
    return rows, omitted


def sdmx_csv(observations) -> tuple[str, int]:
    """SDMX-CSV 1.0 text (dataflow ``IAEG-SDGs:DF_SDG_GLH``) and the number left out."""
    rows, omitted = sdmx_rows(observations)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue(), omitted
