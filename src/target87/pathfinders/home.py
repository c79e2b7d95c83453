"""The pathfinder app's part of the home page (registered in ``PathfindersConfig.ready``):
its card, and the map of pathfinder countries by status (the map of the pathfinder list,
served as an image of its own, drawn once per content and language: ``core.charts``)."""

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from target87.core.home import Card


def pathfinders_card() -> Card:
    from target87.pathfinders.models import PathfinderCountry, PathfinderStatus

    active = PathfinderCountry.objects.filter(status=PathfinderStatus.ACTIVE).count()
    pathfinders = PathfinderCountry.objects.exclude(
        status__in=[PathfinderStatus.PROSPECTIVE, PathfinderStatus.WITHDRAWN]
    ).count()
    return Card(_("Pathfinder countries"), reverse("pathfinders:list"),
                ngettext("%(n)d country committed to go further and faster",
                         "%(n)d countries committed to go further and faster", pathfinders)
                % {"n": pathfinders} + " · "
                + ngettext("%(n)d with pathfinder status", "%(n)d with pathfinder status", active)
                % {"n": active})


def _map_pathfinders():
    from target87.pathfinders.models import PathfinderCountry

    return list(PathfinderCountry.objects.select_related("country").order_by("country__iso3"))


def status_counts() -> list[dict]:
    """Each status that has countries, in the order of the pathway, with its map colour."""
    from target87.pathfinders.charts import STATUS_COLOURS
    from target87.pathfinders.models import PathfinderCountry, PathfinderStatus

    counts = {s: 0 for s in PathfinderStatus.values}
    for status in PathfinderCountry.objects.values_list("status", flat=True):
        counts[status] += 1
    return [{"status": s, "label": label, "count": counts[s], "colour": STATUS_COLOURS[s]}
            for s, label in PathfinderStatus.choices if counts[s]]


def map_section(request) -> str | None:
    counts = status_counts()
    if not counts:
        return None
    return render_to_string("pathfinders/_home_map.html", {
        "counts": counts, "total": sum(c["count"] for c in counts)}, request=request)


def status_map_image(request, fmt):
    """The map of pathfinder countries by status as SVG or PNG, from the chart store."""
    from target87.core.tables import chart_response
    from target87.pathfinders.charts import status_map_spec

    if fmt not in ("svg", "png"):
        raise Http404
    pathfinders = _map_pathfinders()
    if not pathfinders:
        raise Http404
    return chart_response(status_map_spec(pathfinders), fmt, "pathfinder-status")
