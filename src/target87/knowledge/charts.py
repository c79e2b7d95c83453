"""Chart specs for the overview pages (rendered by ``target87.core.charts``)."""

from __future__ import annotations

import re

from target87.core.charts import base_spec, world_topology

NO_DATA_COLOUR = "#d9dde3"


def _plain(spec: dict) -> dict:
    """No ARIA roles inside the SVG: the figure around it carries the text alternative."""
    spec["config"] = {**spec.get("config", {}), "aria": False}
    return spec


def world_map_spec(values: dict[int, float], title: str, legend: str) -> dict:
    """Choropleth of a percentage by M49 code; countries without a value stay grey."""
    rows = [{"id": m49, "value": value} for m49, value in values.items()]
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
    if rows:
        layers.append(
            {
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
                        "scale": {"scheme": "oranges"},
                    }
                },
            }
        )
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
