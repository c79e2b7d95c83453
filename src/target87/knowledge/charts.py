"""Chart specs for the overview pages (rendered by ``target87.core.charts``)."""

from __future__ import annotations

import re

from target87.core.charts import base_spec, world_topology

NO_DATA_COLOUR = "#d9dde3"


def _plain(spec: dict) -> dict:
    """No ARIA roles inside the SVG: the figure around it carries the text alternative."""
    spec["config"] = {**spec.get("config", {}), "aria": False}
    return spec


def _value_layer(rows: list[dict], legend: str, scheme: str) -> dict:
    return {
        "transform": [
            {
                "lookup": "id",
                "from": {"data": {"values": rows}, "key": "id", "fields": ["value"]},
            },
            {"filter": "isValid(datum.value)"},
        ],
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
        "encoding": {
            "color": {
                "field": "value",
                "type": "quantitative",
                "title": legend,
                "scale": {"scheme": scheme},
                "legend": {"orient": "bottom", "titleLimit": 360, "gradientLength": 160},
            }
        },
    }


def world_map_spec(values: dict[int, float], title: str, legend: str,
                   regional: dict[int, float] | None = None,
                   regional_legend: str = "") -> dict:
    """Choropleth of a percentage by M49 code; countries without a value stay grey.

    With ``regional`` (M49 code -> the estimate of the country's region), countries that
    have no value of their own are coloured by their region's estimate, in a colour scheme
    of its own with its own legend, so that a regional estimate is never read as the
    country's figure. A country with its own value is never coloured by its region.
    """
    rows = [{"id": m49, "value": value} for m49, value in values.items()]
    regional_rows = [{"id": m49, "value": value} for m49, value in (regional or {}).items()
                     if m49 not in values]
    layers = [
        {
            "mark": {
                "type": "geoshape",
                "fill": NO_DATA_COLOUR,
                "stroke": "#ffffff",
                "strokeWidth": 0.4,
                "aria": False,  # background outlines; the figure's text alternative speaks
            }
        },
    ]
    if regional_rows:
        layers.append(_value_layer(regional_rows, regional_legend, "blues"))
    if rows:
        layers.append(_value_layer(rows, legend, "oranges"))
    extra = {}
    if rows and regional_rows:
        extra["resolve"] = {"scale": {"color": "independent"},
                            "legend": {"color": "independent"}}
    return _plain(
        base_spec(
            title=title,
            width=760,
            height=400,
            data={
                "values": world_topology(),
                "format": {"type": "topojson", "feature": "countries"},
            },
            transform=[{"calculate": "toNumber(datum.id)", "as": "id"}],
            projection={"type": "equalEarth"},
            layer=layers,
            **extra,
        )
    )


def bar_spec(rows: list[dict], title: str, x_title: str) -> dict:
    """Horizontal bars of ``{"label", "value"}`` rows."""
    return _plain(
        base_spec(
            title=title,
            width=520,
            height=max(60, 22 * len(rows)),
            data={"values": rows},
            mark={"type": "bar", "color": "#0b4f8a"},
            encoding={
                "y": {"field": "label", "type": "nominal", "sort": "-x", "title": None},
                "x": {"field": "value", "type": "quantitative", "title": x_title},
            },
        )
    )


_ARIA_ATTR = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')


def inline_svg(svg: str) -> str:
    """SVG for embedding in a page inside a ``role="img"`` figure with its own label:
    the marks' own roles are removed and the drawing is hidden from assistive technology,
    which reads the label and the data table instead."""
    svg = _ARIA_ATTR.sub("", svg)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
