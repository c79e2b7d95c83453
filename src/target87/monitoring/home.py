"""The indicators card of the home page (registered in ``MonitoringConfig.ready``)."""

from django.urls import reverse
from django.utils.translation import ngettext

from target87.core.home import Card


def indicators_card() -> Card:
    from django.utils.translation import gettext as _

    from target87.monitoring.models import Indicator

    indicators = Indicator.objects.count()
    return Card(_("Indicators"), reverse("monitoring:indicators"),
                ngettext("%(n)d indicator on prevalence, political commitment and implementation",
                         "%(n)d indicators on prevalence, political commitment and "
                         "implementation", indicators) % {"n": indicators})
