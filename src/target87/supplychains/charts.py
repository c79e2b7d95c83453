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
