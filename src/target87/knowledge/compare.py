"""Countries side by side: each chosen indicator's latest published value, national and
global, as a table, a bar chart (drawn from its own address, see ``views.compare_chart``)
with its text alternative, and CSV/XLSX.

Figures come from the monitoring app's published observations (``latest_published``); the
knowledge app computes none. A country without a figure says "no data", never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from target87.core.bidi import isolate_plain
from target87.core.charts import base_spec
from target87.core.templatetags.platform import number, percent
from target87.knowledge.indicators import PREVALENCE_CODE, Point

MAX_INDICATORS = 4
DEFAULT_INDICATORS = (PREVALENCE_CODE,)
# national first: a country's own figure, then the custodian's
ORIGINS = ("national", "global")
ORIGIN_COLOURS = {"national": "#0b4f8a", "global": "#c65a00"}


@dataclass(frozen=True)
class IndicatorChoice:
    code: str
    name: str
    unit: str
    is_percent: bool


@dataclass
class Row:
    """One indicator across the chosen countries: ``cells[i]`` holds the latest national and
    global figure of the i-th country."""

    indicator: IndicatorChoice
    cells: list[dict[str, Point | None]] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return any(point for cell in self.cells for point in cell.values())

    @property
    def table_cells(self) -> list[dict]:
        """The cells with their figures as text, for the page's table."""
        return [{**cell, **{f"{origin}_text": fmt_value(cell[origin], self.indicator)
                            for origin in ORIGINS}} for cell in self.cells]


def origin_label(origin: str) -> str:
    return _("National") if origin == "national" else _("Global")


def indicator_choices() -> list[IndicatorChoice]:
    """The prevalence indicators with a number to compare (shares and counts), in the
    catalogue's order; none when the monitoring app is absent."""
    try:
        from target87.monitoring.models import Dimension, Indicator, ValueType
    except ImportError:
        return []
    indicators = Indicator.objects.filter(
        dimension=Dimension.PREVALENCE,
        value_type__in=[ValueType.PROPORTION, ValueType.COUNT]).order_by("order")
    return [IndicatorChoice(i.code, i.name, i.unit, i.value_type == ValueType.PROPORTION)
            for i in indicators]


def chosen_indicators(codes: list[str], choices: list[IndicatorChoice]) -> list[IndicatorChoice]:
    """The choices asked for (unknown codes dropped, at most ``MAX_INDICATORS``), or the
    default ones when none is asked for."""
    by_code = {c.code: c for c in choices}
    chosen = [by_code[code] for code in dict.fromkeys(codes) if code in by_code]
    if not chosen:
        chosen = [by_code[code] for code in DEFAULT_INDICATORS if code in by_code]
    return chosen[:MAX_INDICATORS]


# the whole population of an indicator: no breakdown, or children aged 5-17 (the whole
# population of the child labour indicators, as the custodians publish them)
WHOLE_KEYS = ("", "age=5-17")


def latest_points(countries, codes: list[str]) -> dict[tuple[int, str, str], Point]:
    """``{(country id, code, origin): Point}``: the latest published whole-population figure
    of each, in one query; none when the monitoring app is absent."""
    try:
        from target87.monitoring.models import Observation, ObservationStatus
    except ImportError:
        return {}
    found: dict[tuple[int, str, str, str], object] = {}
    observations = Observation.objects.filter(
        country__in=countries, indicator__code__in=codes, disaggregation_key__in=WHOLE_KEYS,
        status=ObservationStatus.PUBLISHED, value__isnull=False,
    ).select_related("indicator").order_by("-period", "pk")
    for obs in observations:  # newest first: the first seen is kept
        found.setdefault((obs.country_id, obs.indicator.code, obs.origin,
                          obs.disaggregation_key), obs)
    points = {}
    for country in countries:
        for code in codes:
            for origin in ORIGINS:
                obs = next((found[k] for k in ((country.pk, code, origin, key)
                                               for key in WHOLE_KEYS) if k in found), None)
                if obs is not None:
                    points[(country.pk, code, origin)] = Point(
                        value=float(obs.value), year=obs.period, source=obs.source,
                        status=obs.status)
    return points


def rows(countries, indicators: list[IndicatorChoice]) -> list[Row]:
    points = latest_points(countries, [i.code for i in indicators])
    return [Row(ind, [{origin: points.get((country.pk, ind.code, origin))
                       for origin in ORIGINS} for country in countries])
            for ind in indicators]


def fmt_value(point: Point | None, indicator: IndicatorChoice) -> str:
    if point is None:
        return _("no data")
    return percent(point.value) if indicator.is_percent else number(point.value)


def chart_rows(row: Row, names: list[str]) -> list[dict]:
    out = []
    for name, cell in zip(names, row.cells, strict=True):
        if not any(cell.values()):  # keeps its place, and says so
            out.append({"country": name, "origin": origin_label(ORIGINS[0]), "value": 0,
                        "label": _("no data")})
        for origin in ORIGINS:
            point = cell[origin]
            if point is None:
                continue
            label = fmt_value(point, row.indicator)
            if point.year:
                label = f"{label} ({point.year})"
            out.append({"country": name, "origin": origin_label(origin), "value": point.value,
                        "label": label})
    return out


# a phone gets a narrower drawing, so that labels keep their size (11 px and more)
CHART_WIDTH, NARROW_CHART_WIDTH = 440, 200
LABEL_ROOM = 95


def chart_spec(row: Row, names: list[str], narrow: bool = False) -> dict:
    """Horizontal bars: one group per country, a bar for each origin with a figure, each
    labelled with its value and year. Countries without any figure keep their place."""
    data = chart_rows(row, names)
    unit = row.indicator.unit or ""
    domain = [origin_label(o) for o in ORIGINS]
    rtl = get_language_bidi()
    y = {"field": "country", "type": "nominal", "title": None, "sort": names,
         "scale": {"domain": names}, "axis": {"labelLimit": 90 if narrow else 180,
                                              "orient": "right" if rtl else "left"}}
    # room after the longest bar for its label ("32.1% (2018)", about 90 px)
    width = NARROW_CHART_WIDTH if narrow else CHART_WIDTH
    top = max((d["value"] for d in data), default=0) or 1
    x = {"field": "value", "type": "quantitative", "title": unit or None,
         "scale": {"zero": True, "reverse": bool(rtl),
                   "domainMax": top * width / (width - LABEL_ROOM)}}
    colour = {"field": "origin", "type": "nominal", "title": None,
              "scale": {"domain": domain, "range": [ORIGIN_COLOURS[o] for o in ORIGINS]},
              "legend": {"orient": "bottom", "direction": "horizontal"}}
    return base_spec(
        # the indicator's name is the heading above the chart, in the page's own text
        width=width, height={"step": 22},
        data={"values": data},
        encoding={"y": y, "yOffset": {"field": "origin", "type": "nominal", "sort": domain,
                                      "scale": {"domain": domain}},
                  "x": x},
        layer=[
            {"mark": {"type": "bar"}, "encoding": {"color": colour}},
            {"mark": {"type": "text", "align": "right" if rtl else "left",
                      "dx": -4 if rtl else 4, "fontSize": 11},
             "encoding": {"text": {"field": "label"}}},
        ],
    )


def alt_text(row: Row, names: list[str]) -> str:
    """The chart in words: every country's figures, "no data" where there is none."""
    parts = []
    for name, cell in zip(names, row.cells, strict=True):
        figures = []
        for origin in ORIGINS:
            point = cell[origin]
            if point is not None:
                figures.append(_("%(origin)s %(value)s (%(year)s)") % {
                    "origin": origin_label(origin), "value": fmt_value(point, row.indicator),
                    "year": point.year or "—"})
        parts.append(f"{name}: " + (", ".join(figures) if figures else _("no data")))
    return _("%(indicator)s, latest published value by country: %(values)s.") % {
        "indicator": isolate_plain(row.indicator.name) if get_language_bidi()
        else row.indicator.name, "values": "; ".join(parts)}


def table(row_objs: list[Row], names: list[str]) -> tuple[list[str], list[list]]:
    """CSV/XLSX: one line per indicator and origin (value, year, source)."""
    headers = [_("Indicator")] + names
    lines = []
    for row in row_objs:
        for origin in ORIGINS:
            label = f"{row.indicator.name} ({origin_label(origin)})"
            points = [cell[origin] for cell in row.cells]
            lines.append([label] + [p.value if p else _("no data") for p in points])
            lines.append([f"{label}: {_('Year')}"] + [p.year if p else "" for p in points])
            lines.append([f"{label}: {_('Source')}"] + [p.source if p else "" for p in points])
    return headers, lines
