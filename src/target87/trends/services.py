"""Trends and projections for the web: which series, which method, and how they are drawn.

The numbers come from :mod:`target87.measure.projections` over the reference series of
:mod:`target87.measure.reference_series` (global estimates) or over a country's published
observations (:func:`country_series`). This module only chooses the inputs, labels the
result in the reader's language and turns it into a Vega-Lite spec, a text alternative,
table rows and CSV.
"""

from __future__ import annotations

import csv
import io
import json
import math
import textwrap
from dataclasses import dataclass, field

from babel.numbers import get_decimal_symbol, get_group_symbol
from django.utils.functional import Promise
from django.utils.translation import get_language, get_language_bidi, gettext_lazy, to_locale
from django.utils.translation import gettext as _

from target87.core.charts import LABEL_ISOLATE_EXPR, base_spec
from target87.core.tables import safe_cell
from target87.core.templatetags.platform import number, percent
from target87.measure import projections, reference_series
from target87.measure.projections import Projection, ProjectionError

DEFAULT_METHOD = "geometric"

METHOD_LABELS = {
    "geometric": gettext_lazy("constant rate of change (geometric)"),
    "linear": gettext_lazy("constant annual change (linear)"),
    "loglinear": gettext_lazy("log-linear trend"),
}

# The SDG Target 8.7 horizons: child labour ends by 2025, forced labour, modern slavery
# and human trafficking by 2030.
CHILD_LABOUR_TARGET_YEAR = 2025
FORCED_LABOUR_TARGET_YEAR = 2030


@dataclass(frozen=True)
class Group:
    """Series that share a target year and a choice of years on the page."""

    key: str
    title: Promise
    target_year: int


GROUPS = {
    "cl": Group("cl", gettext_lazy("Child labour: toward 2025"), CHILD_LABOUR_TARGET_YEAR),
    "fl": Group(
        "fl",
        gettext_lazy("Forced labour and modern slavery: toward 2030"),
        FORCED_LABOUR_TARGET_YEAR,
    ),
}


@dataclass(frozen=True)
class ChartDef:
    """One chart of the trends page: a reference series projected to its group's target."""

    key: str
    series: str
    group: str
    title: Promise
    unit: Promise
    headline: Promise
    percent: bool = False
    target: float = 0.0

    @property
    def target_year(self) -> int:
        return GROUPS[self.group].target_year

    def reference(self) -> reference_series.ReferenceSeries:
        return reference_series.get_series(self.series)


CHARTS: dict[str, ChartDef] = {
    c.key: c
    for c in (
        ChartDef(
            "child-labour-number", "child_labour_5_17_number", "cl",
            gettext_lazy("Children in child labour, aged 5–17"),
            gettext_lazy("million children"),
            gettext_lazy(
                "At the current pace, %(value)s million children would be in child labour "
                "in %(year)s."
            ),
        ),
        ChartDef(
            "child-labour-percent", "child_labour_5_17_percent", "cl",
            gettext_lazy("Share of children aged 5–17 in child labour"),
            gettext_lazy("Percentage of children aged 5–17"),
            gettext_lazy(
                "At the current pace, %(value)s of children aged 5–17 would be in child "
                "labour in %(year)s."
            ),
            percent=True,
        ),
        ChartDef(
            "hazardous-work-number", "hazardous_work_5_17_number", "cl",
            gettext_lazy("Children in hazardous work, aged 5–17"),
            gettext_lazy("million children"),
            gettext_lazy(
                "At the current pace, %(value)s million children would be in hazardous "
                "work in %(year)s."
            ),
        ),
        ChartDef(
            "forced-labour-number", "forced_labour_number", "fl",
            gettext_lazy("People in forced labour"),
            gettext_lazy("million people"),
            gettext_lazy(
                "At the current pace, %(value)s million people would be in forced labour "
                "in %(year)s."
            ),
        ),
        ChartDef(
            "modern-slavery-number", "modern_slavery_number", "fl",
            gettext_lazy("People in modern slavery (forced labour and forced marriage)"),
            gettext_lazy("million people"),
            gettext_lazy(
                "At the current pace, %(value)s million people would be in modern slavery "
                "in %(year)s."
            ),
        ),
    )
}


def group_years(group: str) -> list[int]:
    """Years with a published figure in every series of the group (the year choices)."""
    sets = [set(c.reference().years) for c in CHARTS.values() if c.group == group]
    return sorted(set.intersection(*sets)) if sets else []


def default_years(method: str, years: tuple[int, ...] | list[int]) -> tuple[int, int]:
    """The "current pace": the last two figures; a log-linear trend uses every figure."""
    years = sorted(years)
    if method == "loglinear":
        return years[0], years[-1]
    return years[-2], years[-1]


def resolve_years(
    method: str, years, from_year: int | None, to_year: int | None
) -> tuple[int, int]:
    default_from, default_to = default_years(method, years)
    return (
        default_from if from_year is None else from_year,
        default_to if to_year is None else to_year,
    )


def method_label(method: str) -> str:
    return str(METHOD_LABELS[method])


# --------------------------------------------------------------------------- formatting


def fmt(value: float | None, *, as_percent: bool = False, digits: int = 1) -> str:
    """A figure in the reader's locale ('—' for none)."""
    if value is None:
        return "—"
    return percent(value, digits) if as_percent else number(value, digits)


def fmt_signed(value: float, **kwargs) -> str:
    text = fmt(abs(value), **kwargs)
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text


def fmt_change(panel: Panel, value: float) -> str:
    """A change per year in the unit of the series (percentage points for shares)."""
    if panel.as_percent:
        return _("%(value)s percentage points") % {"value": fmt_signed(value, digits=2)}
    return f"{fmt_signed(value, digits=2)} {panel.unit}"


def fmt_rate(rate: float | None) -> str:
    """An annual rate (fraction) as a signed percentage."""
    if rate is None:
        return "—"
    return fmt_signed(rate * 100, as_percent=True, digits=2)


def fmt_times(times: float) -> str:
    return number(abs(times), 1)


def vega_locale() -> dict:
    """d3 number-format locale matching the page language (decimal and group marks)."""
    locale = to_locale(get_language() or "en")
    locale = {"zh_Hans": "zh_Hans_CN"}.get(locale, locale)
    return {
        "decimal": get_decimal_symbol(locale),
        "thousands": get_group_symbol(locale),
        "grouping": [3],
        "currency": ["", ""],
    }


# --------------------------------------------------------------------------- the result


@dataclass
class Panel:
    """Everything the page shows for one projection, already in the reader's language."""

    key: str
    title: str
    unit: str
    as_percent: bool
    target: float
    target_year: int
    method: str
    projection: Projection | None = None
    error: str = ""
    spec: dict = field(default_factory=dict)
    phone_spec: dict = field(default_factory=dict)
    alt_text: str = ""
    headline: str = ""
    pace_sentence: str = ""
    statement: str = ""
    assumptions: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    revisions: list[dict] = field(default_factory=list)
    citations: dict[int, str] = field(default_factory=dict)
    picture: str = ""
    downloads: list[tuple[str, str]] = field(default_factory=list)

    def f(self, value: float | None) -> str:
        return fmt(value, as_percent=self.as_percent)


def build_panel(
    *,
    key: str,
    title: str,
    unit: str,
    headline_template: str,
    points,
    method: str,
    from_year: int | None,
    to_year: int | None,
    target_year: int,
    target: float = 0.0,
    as_percent: bool = False,
    citations: dict[int, str] | None = None,
) -> Panel:
    """Project ``points`` and prepare chart, text alternative, statement and table."""
    panel = Panel(
        key=key, title=title, unit=unit, as_percent=as_percent, target=target,
        target_year=target_year, method=method, citations=dict(citations or {}),
    )
    panel.sources = list(dict.fromkeys(v for v in panel.citations.values() if v))
    data = projections.normalise_points(points)
    years = [y for y, _v in data]
    if len(years) < 2:
        panel.error = _(
            "A projection needs at least two figures; this series has %(n)s."
        ) % {"n": len(years)}
        panel.rows = [_observed_row(panel, y, v) for y, v in data]
        return panel
    start, end = resolve_years(method, years, from_year, to_year)
    for year in (start, end):
        if year not in years:
            panel.error = _(
                "This series has no figure for %(year)s; figures exist for %(years)s."
            ) % {"year": year, "years": ", ".join(map(str, years))}
    if not panel.error and start >= end:
        panel.error = _("The from year (%(from)s) must be before the to year (%(to)s).") % {
            "from": start, "to": end,
        }
    if not panel.error and end >= target_year:
        panel.error = _(
            "The series already has a figure for %(year)s or later: there is nothing left "
            "to project."
        ) % {"year": target_year}
    if panel.error:
        panel.rows = [_observed_row(panel, y, v) for y, v in data]
        return panel
    try:
        projection = projections.project(
            data, method=method, target_year=target_year, from_year=start, to_year=end,
            target=target,
        )
    except ProjectionError as exc:
        # Non-positive values for a rate-based method: say so in the reader's language.
        bad = [f"{y}: {panel.f(v)}" for y, v in data if start <= y <= end and v <= 0]
        panel.error = _(
            "The %(method)s method needs figures above zero; got %(values)s."
        ) % {"method": method_label(method), "values": "; ".join(bad) or str(exc)}
        panel.rows = [_observed_row(panel, y, v) for y, v in data]
        return panel
    panel.projection = projection
    panel.headline = headline_template % {
        "value": panel.f(projection.value), "year": target_year,
    }
    panel.pace_sentence = pace_sentence(panel, projection)
    panel.statement = method_statement(panel, projection)
    panel.assumptions = assumptions(projection)
    panel.rows = table_rows(panel, projection)
    panel.spec = chart_spec(panel, projection)
    panel.phone_spec = chart_spec(panel, projection, narrow=True)
    panel.alt_text = alt_text(panel, projection)
    return panel


def target_label(panel: Panel) -> str:
    return _("zero") if panel.target == 0 else panel.f(panel.target)


def pace_sentence(panel: Panel, projection: Projection) -> str:
    pace = projection.pace
    values = {
        "target": target_label(panel),
        "year": panel.target_year,
        "from": projection.from_year,
        "to": projection.to_year,
        "v_from": panel.f(dict(projection.observations)[projection.from_year]),
        "v_to": panel.f(projection.base_value),
        "needed": fmt_change(panel, pace.required_annual_change),
        "observed": fmt_change(panel, projection.annual_change),
    }
    if projection.on_track:
        return _(
            "At this pace the level would reach %(target)s by %(year)s."
        ) % values
    times = pace.times_faster
    if times is None:
        return _(
            "The level did not change between %(from)s and %(to)s; reaching %(target)s by "
            "%(year)s would need a change of %(needed)s a year."
        ) % values
    if times < 0:
        return _(
            "The level rose from %(v_from)s in %(from)s to %(v_to)s in %(to)s, moving away "
            "from the target; reaching %(target)s by %(year)s would need a change of "
            "%(needed)s a year instead of %(observed)s."
        ) % values
    values["times"] = fmt_times(times)
    return _(
        "Reaching %(target)s by %(year)s would need a pace %(times)s times faster: "
        "%(needed)s a year instead of %(observed)s."
    ) % values


def method_statement(panel: Panel, projection: Projection) -> str:
    values = {
        "from": projection.from_year,
        "to": projection.to_year,
        "year": panel.target_year,
        "rate": fmt_rate(projection.annual_rate),
        "change": fmt_change(panel, projection.annual_change),
        "n": len(projection.inputs),
    }
    if projection.method == "geometric":
        return _(
            "Method: constant annual rate of change between %(from)s and %(to)s "
            "(%(rate)s a year), applied to the %(to)s figure up to %(year)s."
        ) % values
    if projection.method == "linear":
        return _(
            "Method: constant annual change between %(from)s and %(to)s (%(change)s a "
            "year), added to the %(to)s figure up to %(year)s; the projected "
            "level stops at zero."
        ) % values
    values["r2"] = (
        "—" if projection.fit.r_squared is None else number(projection.fit.r_squared, 3)
    )
    return _(
        "Method: log-linear trend fitted by ordinary least squares to the %(n)s figures "
        "from %(from)s to %(to)s (R² %(r2)s), a constant rate of %(rate)s a year, "
        "extended to %(year)s."
    ) % values


def assumptions(projection: Projection) -> list[str]:
    out = [
        _(
            "The pace observed over the chosen years continues unchanged to the target "
            "year; no shock (economic crisis, conflict, pandemic), policy change or change "
            "in population is modelled."
        ),
        _(
            "The published estimates are taken as exact: their sampling and modelling "
            "errors, and any later revision, are not carried into the projection."
        ),
    ]
    if projection.method in ("geometric", "linear"):
        out.append(_(
            "Only the figures of the from and to years are used; figures between them do "
            "not change the result."
        ))
    if projection.method in ("geometric", "loglinear"):
        out.append(_("A constant rate of decline never reaches zero."))
    else:
        out.append(_("The projected level stops at zero; it is never negative."))
    out.append(_(
        "Required pace: the change per year needed from the last figure used to reach "
        "the target in the target year. Times faster: the required annual change divided "
        "by the observed annual change."
    ))
    return out


def _observed_row(panel: Panel, year: int, value: float, used: bool = False) -> dict:
    return {
        "year": year,
        "observed": panel.f(value),
        "projected": "",
        "required": "",
        "used": used,
        "source": panel.citations.get(year, ""),
    }


def table_rows(panel: Panel, projection: Projection) -> list[dict]:
    """One row per year: observed figure (and source), projected level, required path."""
    data = projections.chart_data(projection)
    used = {y for y, _v in projection.inputs}
    rows: dict[int, dict] = {
        y: _observed_row(panel, y, v, y in used) for y, v in projection.observations
    }
    for kind, points in (("projected", data["projected"]), ("required", data["required"])):
        for year, value in points:
            if year < projection.base_year and kind == "projected":
                continue  # the fitted trend before the last figure is drawn, not tabled
            row = rows.setdefault(year, {
                "year": year, "observed": "", "projected": "", "required": "",
                "used": False, "source": "",
            })
            row[kind] = panel.f(value)
    return [rows[y] for y in sorted(rows)]


def series_labels(panel: Panel, projection: Projection) -> tuple[str, str, str]:
    observed = _("Observed")
    projected = _("Projection: %(method)s, %(from)s–%(to)s") % {
        "method": method_label(projection.method),
        "from": projection.from_year,
        "to": projection.to_year,
    }
    required = _("Path to %(target)s by %(year)s") % {
        "target": target_label(panel), "year": panel.target_year,
    }
    return observed, projected, required


# the drawing for wide screens, and the one for phones (core.charts.PHONE_MEDIA): narrower,
# titles wrapped shorter, the legend below in one column, no label under 11 px
WIDE = {"width": 560, "height": 300, "title": 70, "subtitle": 90, "limit": 600}
PHONE = {"width": 280, "height": 220, "title": 32, "subtitle": 40, "limit": 300}


def chart_spec(panel: Panel, projection: Projection, narrow: bool = False) -> dict:
    """Vega-Lite spec: observed series, projection (labelled with its method), required path.
    ``narrow``: the phone drawing of the same data (see ``PHONE``)."""
    size = PHONE if narrow else WIDE
    data = projections.chart_data(projection)
    observed, projected, required = series_labels(panel, projection)
    rows = [{"year": y, "value": v, "series": observed} for y, v in data["observed"]]
    rows += [{"year": y, "value": v, "series": projected} for y, v in data["projected"]]
    rows += [{"year": y, "value": v, "series": required} for y, v in data["required"]]
    rtl = get_language_bidi()
    domain = [observed, projected, required]
    color = {
        "field": "series", "type": "nominal", "title": None,
        "scale": {"domain": domain, "range": ["#0b4f8a", "#b3261e", "#1d6b32"]},
        "legend": {"orient": "bottom", "direction": "vertical",
                   "labelLimit": size["limit"] - 40, "labelFontSize": 12,
                   "symbolType": "stroke", "symbolStrokeWidth": 3, "symbolSize": 500},
    }
    if narrow:
        # the method and its years are in the subtitle: on a phone the legend says only
        # "Projected", whole, where the full name would be cut
        label = f"datum.label === {json.dumps(projected)} ? {json.dumps(_('Projected'))}" \
                " : datum.label"
        color["legend"]["labelExpr"] = (
            LABEL_ISOLATE_EXPR.replace("datum.label", f"({label})") if rtl else label)
    x = {
        "field": "year", "type": "quantitative", "title": _("Year"),
        "axis": {"format": "d", "tickMinStep": 1},
        "scale": {"zero": False, "nice": False},
    }
    y = {
        "field": "value", "type": "quantitative", "title": panel.unit,
        "axis": {"orient": "right" if rtl else "left"},
        "scale": {"zero": True},
    }
    dash = {
        "field": "series", "type": "nominal", "title": None, "legend": color["legend"],
        "scale": {"domain": domain, "range": [[1, 0], [7, 4], [2, 3]]},
    }
    spec = base_spec(
        title={
            "text": _wrap(panel.title, size["title"]),
            "subtitle": _wrap(projected, size["subtitle"]),
            "limit": size["limit"],
            "subtitleLimit": size["limit"],
            "anchor": "end" if rtl else "start",
            "fontSize": 14 if narrow else 15,
            "subtitleFontSize": 12 if narrow else 11,
        },
        width=size["width"],
        height=size["height"],
        data={"values": rows},
        layer=[
            {
                "mark": {"type": "line", "strokeWidth": 2.5},
                "encoding": {"x": x, "y": y, "color": color, "strokeDash": dash},
            },
            {
                "transform": [{"filter": {"field": "series", "equal": observed}}],
                "mark": {"type": "point", "filled": True, "size": 60,
                         "color": "#0b4f8a"},
                "encoding": {"x": x, "y": y},
            },
        ],
    )
    spec["config"]["locale"] = {"number": vega_locale()}
    return spec


def _wrap(text: str, width: int = 70) -> list[str]:
    """Chart title lines: long titles wrap at spaces (Vega text does not wrap by itself)."""
    return textwrap.wrap(text, width) or [text]


def alt_text(panel: Panel, projection: Projection) -> str:
    observed = "; ".join(f"{y}: {panel.f(v)}" for y, v in projection.observations)
    return _(
        "Line chart of %(title)s (%(unit)s). Observed figures: %(observed)s. The "
        "projection (%(method)s, %(from)s–%(to)s) reaches %(value)s in %(year)s. %(pace)s"
    ) % {
        "title": panel.title,
        "unit": panel.unit,
        "observed": observed,
        "method": method_label(projection.method),
        "from": projection.from_year,
        "to": projection.to_year,
        "value": panel.f(projection.value),
        "year": panel.target_year,
        "pace": panel.pace_sentence,
    }


def panel_csv(panel: Panel, *, series: str, indicator: str, unit: str) -> str:
    """The series and its projection as CSV (figures unrounded, sources cited)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([
        "series", "indicator", "unit", "year", "kind", "value", "method", "from_year",
        "to_year", "target_year", "target", "source",
    ])
    projection = panel.projection
    method = projection.method if projection else ""
    common = [
        safe_cell(method),
        projection.from_year if projection else "",
        projection.to_year if projection else "",
        panel.target_year,
        _num(panel.target),
    ]
    if projection is not None:
        observations = projection.observations
    else:
        observations = ()
    # Text cells go through the export guard so that a spreadsheet never runs one as a
    # formula; figures are left alone (a negative number is not a formula).
    labels = [safe_cell(series), safe_cell(indicator), safe_cell(unit)]
    for year, value in observations:
        writer.writerow([*labels, year, "observed", _num(value), *common,
                         safe_cell(panel.citations.get(year, ""))])
    if projection is not None:
        data = projections.chart_data(projection)
        for kind in ("projected", "required"):
            for year, value in data[kind]:
                writer.writerow([*labels, year, kind, _num(value), *common, ""])
    return out.getvalue()


def _num(value: float) -> str:
    return repr(float(value)) if math.isfinite(value) else ""


# --------------------------------------------------------------------------- global series


def global_panel(chart: ChartDef, method: str, from_year=None, to_year=None) -> Panel:
    reference = chart.reference()
    citations = {o.year: o.citation() for o in reference.observations}
    panel = build_panel(
        key=chart.key,
        title=str(chart.title),
        unit=str(chart.unit),
        headline_template=str(chart.headline),
        points=reference.points,
        method=method,
        from_year=from_year,
        to_year=to_year,
        target_year=chart.target_year,
        target=chart.target,
        as_percent=chart.percent,
        citations=citations,
    )
    panel.sources = list(reference.sources())
    panel.revisions = revision_rows(chart, panel)
    return panel


def revision_rows(chart: ChartDef, panel: Panel) -> list[dict]:
    """Years whose figure was revised, each release with its date, value and source."""
    out = []
    for year, releases in reference_series.revisions(chart.series).items():
        out.append({
            "year": year,
            "releases": [
                {
                    "value": panel.f(o.value),
                    "release_date": o.release_date,
                    "source": o.citation(),
                    "current": i == len(releases) - 1,
                }
                for i, o in enumerate(releases)
            ],
        })
    return out


def global_csv(chart: ChartDef, panel: Panel) -> str:
    reference = chart.reference()
    return panel_csv(panel, series=chart.series, indicator=reference.indicator,
                     unit=reference.unit)


# --------------------------------------------------------------------------- country series


@dataclass(frozen=True)
class CountrySeries:
    """A country's published figures of one indicator and one origin (the country's own, or
    the custodian's global database), by year, with their sources."""

    code: str
    indicator: str
    unit: str
    points: dict[int, float]
    citations: dict[int, str] = field(default_factory=dict)
    as_percent: bool = True
    origin: str = "national"

    @property
    def slug(self) -> str:
        """The series in URLs: the indicator code, marked when the figures are global."""
        return self.code if self.origin == "national" else f"{self.code}--{self.origin}"

    @property
    def origin_label(self) -> str:
        return _("Global (custodian)") if self.origin == "global" else _("National")


# Totals only: no disaggregation, or the whole 5-17 age group.
TOTAL_KEYS = ("", "age=5-17")


def country_series(country) -> list[CountrySeries]:
    """The country's published child-labour prevalence series, one per indicator and
    origin: the country's own figures and the custodian's global ones are two series, never
    merged into one (they can differ in survey, year or method).

    Taken from the published observations of the monitoring framework (prevalence
    indicators of the child-labour theme measured as a proportion), totals only; an empty
    list when none is published. A figure without a value is left out, never read as zero.
    """
    from target87.monitoring.models import Dimension, Origin, Theme, ValueType
    from target87.monitoring.services import published_values

    by_series: dict[tuple[str, str], dict] = {}
    for obs in published_values(country):
        indicator = obs.indicator
        if (
            indicator.dimension != Dimension.PREVALENCE
            or indicator.theme != Theme.CHILD_LABOUR
            or indicator.value_type != ValueType.PROPORTION
            or obs.disaggregation_key not in TOTAL_KEYS
            or obs.value is None
        ):
            continue
        entry = by_series.setdefault((indicator.code, obs.origin), {
            "indicator": indicator, "origin": obs.origin, "points": {}, "keys": {},
            "citations": {},
        })
        rank = TOTAL_KEYS.index(obs.disaggregation_key)
        if obs.period in entry["keys"] and entry["keys"][obs.period] <= rank:
            continue
        entry["keys"][obs.period] = rank
        entry["points"][obs.period] = float(obs.value)
        entry["citations"][obs.period] = obs.source
    out = []
    origins = [Origin.NATIONAL, Origin.GLOBAL]
    for entry in sorted(by_series.values(),
                        key=lambda e: (e["indicator"].order, origins.index(e["origin"]))):
        indicator = entry["indicator"]
        out.append(CountrySeries(
            code=indicator.code,
            indicator=indicator.name_in(get_language()),
            unit=_("Percentage of children"),
            points=dict(sorted(entry["points"].items())),
            citations=entry["citations"],
            origin=str(entry["origin"]),
        ))
    return out


def country_panel(country, series: CountrySeries, method: str = DEFAULT_METHOD,
                  from_year=None, to_year=None) -> Panel:
    name = country.name_in(get_language())
    return build_panel(
        key=f"country-{country.iso3}-{series.slug}",
        title=_("%(indicator)s, %(country)s: %(origin)s") % {
            "indicator": series.indicator, "country": name, "origin": series.origin_label},
        unit=series.unit,
        headline_template=_("At the current pace, the level would be %(value)s in %(year)s."),
        points=series.points,
        method=method,
        from_year=from_year,
        to_year=to_year,
        target_year=CHILD_LABOUR_TARGET_YEAR,
        as_percent=series.as_percent,
        citations=series.citations,
    )
