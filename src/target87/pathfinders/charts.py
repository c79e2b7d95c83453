"""The pathfinder map and the workshop timeline: Vega-Lite specs rendered on the server."""

from __future__ import annotations

from django.utils.translation import gettext as _

from target87.core.charts import base_spec, render_svg, world_topology
from target87.pathfinders.models import PathfinderStatus, WorkshopStatus

STATUS_COLOURS = {
    PathfinderStatus.PROSPECTIVE: "#c6dbef",
    PathfinderStatus.EXPRESSION_OF_INTEREST: "#9ecae1",
    PathfinderStatus.WORKSHOP_HELD: "#4292c6",
    PathfinderStatus.REPORTED_TO_GCG: "#2171b5",
    PathfinderStatus.ACTIVE: "#08306b",
    PathfinderStatus.ON_HOLD: "#fd8d3c",
    PathfinderStatus.WITHDRAWN: "#969696",
}
WORKSHOP_COLOURS = {
    WorkshopStatus.HELD: "#2171b5", WorkshopStatus.PLANNED: "#9ecae1",
    WorkshopStatus.POSTPONED: "#fd8d3c", WorkshopStatus.CANCELLED: "#969696",
}


def status_map_spec(pathfinders) -> dict:
    labels = dict(PathfinderStatus.choices)
    rows = [{"m49": int(p.country.m49), "name": p.country.name, "status": str(labels[p.status])}
            for p in pathfinders]
    used = [s for s in PathfinderStatus.values if any(p.status == s for p in pathfinders)]
    status_title = _("Status")
    return base_spec(
        width=760, height=400,
        projection={"type": "equalEarth"},
        layer=[
            {"data": {"values": world_topology(), "format": {"type": "topojson",
                                                             "feature": "countries"}},
             # the grey outlines are background: the figure's text alternative says what
             # the map shows, so they carry no ARIA roles of their own
             "mark": {"type": "geoshape", "fill": "#eeeeee", "stroke": "white",
                      "strokeWidth": 0.5, "aria": False}},
            {"data": {"values": world_topology(), "format": {"type": "topojson",
                                                             "feature": "countries"}},
             "transform": [
                 {"calculate": "toNumber(datum.id)", "as": "m49"},
                 {"lookup": "m49", "from": {"data": {"values": rows}, "key": "m49",
                                            "fields": ["name", "status"]}},
                 {"filter": "datum.status != null"},
             ],
             "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.5},
             "encoding": {
                 "color": {"field": "status", "type": "nominal", "title": status_title,
                           "scale": {"domain": [str(labels[s]) for s in used],
                                     "range": [STATUS_COLOURS[s] for s in used]},
                           "legend": {"orient": "bottom", "columns": 4}},
                 "tooltip": [{"field": "name"}, {"field": "status"}],
             }},
        ],
    )


def status_map(pathfinders) -> str:
    if not pathfinders:
        return ""
    return render_svg(status_map_spec(pathfinders))


def workshop_timeline_spec(workshops) -> dict:
    labels = dict(WorkshopStatus.choices)
    rows = []
    for ws in workshops:
        if not ws.start_date:
            continue
        rows.append({"country": ws.country.name, "start": ws.start_date.isoformat(),
                     "end": (ws.end_date or ws.start_date).isoformat(),
                     "status": str(labels[ws.status]), "region": ws.get_region_display()})
    used = [s for s in WorkshopStatus.values if any(w.status == s and w.start_date
                                                     for w in workshops)]
    return base_spec(
        width=700, height={"step": 18},
        data={"values": rows},
        mark={"type": "point", "filled": True, "size": 90},
        encoding={
            "y": {"field": "country", "type": "nominal", "title": None,
                  "sort": {"field": "start", "op": "min"}},
            "x": {"field": "start", "type": "temporal", "title": _("Date of the workshop"),
                  "axis": {"format": "%Y-%m"}, "scale": {"padding": 12}},
            "color": {"field": "status", "type": "nominal", "title": _("Workshop"),
                      "scale": {"domain": [str(labels[s]) for s in used],
                                "range": [WORKSHOP_COLOURS[s] for s in used]},
                      "legend": {"orient": "bottom"}},
            "shape": {"field": "region", "type": "nominal", "title": _("Region"),
                      "legend": {"orient": "bottom"}},
            "tooltip": [{"field": "country"}, {"field": "start", "type": "temporal"},
                        {"field": "status"}, {"field": "region"}],
        },
    )


def workshop_timeline(workshops) -> str:
    if not any(w.start_date for w in workshops):
        return ""
    return render_svg(workshop_timeline_spec(workshops))
