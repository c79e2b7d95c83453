"""The trends card of the home page (registered in ``TrendsConfig.ready``)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from target87.core.home import Card


def trends_card() -> Card:
    return Card(_("Trends"), reverse("trends:index"),
                _("Where the world stands against 2025 and 2030, and the pace needed"))
