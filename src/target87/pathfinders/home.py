"""The pathfinder card of the home page (registered in ``PathfindersConfig.ready``)."""

from django.urls import reverse
from django.utils.translation import ngettext

from target87.core.home import Card


def pathfinders_card() -> Card:
    from django.utils.translation import gettext as _

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
