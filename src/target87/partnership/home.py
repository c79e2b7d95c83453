"""The partners card of the home page (registered in ``PartnershipConfig.ready``)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from target87.core.home import Card


def partners_card() -> Card:
    from target87.partnership.models import Partner

    partners = Partner.objects.count()
    return Card(_("Partners"), reverse("partnership:directory"),
                ngettext("%(n)d partner organisation", "%(n)d partner organisations", partners)
                % {"n": partners})
