"""Bar charts of the supply-chain page (Vega-Lite rendered to SVG on the server), with their
text alternatives."""

from __future__ import annotations

from django.utils.translation import gettext as _

from target87.core.charts import base_spec, render_svg
from target87.core.templatetags.platform import number, percent


def spec(points: list[tuple[str, float]], label: str, *, as_percent: bool = True) -> dict:
    values = [{"label": str(name), "value": float(value)} for name, value in points]
    return base_spec(
        width=520, height=max(60, 22 * len(values)),
        data={"values": values},
        mark={"type": "bar", "color": "#1f5f8b"},
        encoding={
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None,
                  "axis": {"labelLimit": 260}},
            "x": {"field": "value", "type": "quantitative", "title": str(label),
                  **({"axis": {"format": ".0f"}} if as_percent else {})},
            "tooltip": [{"field": "label"}, {"field": "value"}],
        },
    )


def bar_chart(points, label: str, percent: bool = True) -> str:
    if not points:
        return ""
    return render_svg(spec(points, label, as_percent=percent))


def alt_text(points, label: str, percent: bool = True) -> str:
    if not points:
        return ""
    fmt = _percent if percent else _count
    items = "; ".join(f"{name}: {fmt(value)}" for name, value in points)
    return _("Bar chart, %(label)s. %(items)s.") % {"label": label, "items": items}


def _percent(value) -> str:
    return percent(value, 0 if float(value).is_integer() else 1)


def _count(value) -> str:
    return number(value)


def paired_spec(rows: list[tuple[str, float | None, float | None]], first: str,
                second: str, label: str) -> dict:
    """Two bars a row (say the platform's share and the published one); a missing value
    draws no bar."""
    values = []
    for name, a, b in rows:
        for series, value in ((first, a), (second, b)):
            if value is not None:
                values.append({"label": str(name), "series": str(series),
                               "value": float(value)})
    return base_spec(
        width=520, height=max(60, 40 * len(rows)),
        data={"values": values},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "label", "type": "nominal", "sort": [str(r[0]) for r in rows],
                  "title": None, "axis": {"labelLimit": 260}},
            "yOffset": {"field": "series", "type": "nominal", "sort": [str(first), str(second)]},
            "x": {"field": "value", "type": "quantitative", "title": str(label),
                  "axis": {"format": ".0f"}},
            "color": {"field": "series", "type": "nominal", "title": None,
                      "sort": [str(first), str(second)],
                      "scale": {"range": ["#1f5f8b", "#b35c00"]},
                      "legend": {"orient": "bottom", "direction": "vertical"}},
            "tooltip": [{"field": "label"}, {"field": "series"}, {"field": "value"}],
        },
    )


def paired_chart(rows, first: str, second: str, label: str) -> str:
    if not rows:
        return ""
    return render_svg(paired_spec(rows, first, second, label))


def paired_alt_text(rows, first: str, second: str, label: str) -> str:
    """Every row with both of its values, a dash where one is missing."""
    if not rows:
        return ""
    items = "; ".join(
        f"{name}: {first} {_percent(a) if a is not None else '—'}, "
        f"{second} {_percent(b) if b is not None else '—'}" for name, a, b in rows)
    return _("Bar chart, %(label)s. %(items)s.") % {"label": label, "items": items}
