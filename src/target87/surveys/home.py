"""The survey estimates card of the home page (registered in ``SurveysConfig.ready``)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from target87.core.home import Card


def surveys_card() -> Card:
    return Card(_("Survey estimates"), reverse("surveys:index"),
                _("Child labour prevalence (SDG 8.7.1) from household survey microdata"))
