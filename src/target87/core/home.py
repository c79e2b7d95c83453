"""Key figures for the home page, one card per part of the platform."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass
class Card:
    title: str
    url: str
    text: str


def home_cards() -> list[Card]:
    from target87.countries.models import Country, UNStatus
    from target87.knowledge.models import Event, GoodPractice, PracticeStatus
    from target87.monitoring.models import Indicator
    from target87.partnership.models import Partner
    from target87.pathfinders.models import PathfinderCountry, PathfinderStatus

    members = Country.objects.filter(un_status=UNStatus.MEMBER).count()
    active = PathfinderCountry.objects.filter(status=PathfinderStatus.ACTIVE).count()
    pathfinders = PathfinderCountry.objects.exclude(
        status__in=[PathfinderStatus.PROSPECTIVE, PathfinderStatus.WITHDRAWN]
    ).count()
    practices = GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED).count()
    events = Event.objects.filter(is_published=True).count()
    partners = Partner.objects.count()
    indicators = Indicator.objects.count()
    return [
        Card(_("Countries"), reverse("countries:list"),
             ngettext("%(n)d UN member state, each with its dashboard",
                      "%(n)d UN member states, each with its dashboard", members) % {"n": members}),
        Card(_("Pathfinder countries"), reverse("pathfinders:list"),
             ngettext("%(n)d country committed to go further and faster",
                      "%(n)d countries committed to go further and faster", pathfinders)
             % {"n": pathfinders} + " · "
             + ngettext("%(n)d with pathfinder status", "%(n)d with pathfinder status", active)
             % {"n": active}),
        Card(_("Indicators"), reverse("monitoring:indicators"),
             ngettext("%(n)d indicator on prevalence, political commitment and implementation",
                      "%(n)d indicators on prevalence, political commitment and implementation",
                      indicators) % {"n": indicators}),
        Card(_("Trends"), reverse("trends:index"),
             _("Where the world stands against 2025 and 2030, and the pace needed")),
        Card(_("Survey estimates"), reverse("surveys:index"),
             _("Child labour prevalence (SDG 8.7.1) from household survey microdata")),
        Card(_("Good practices"), reverse("knowledge:practice_list"),
             ngettext("%(n)d practice or model", "%(n)d practices and models", practices)
             % {"n": practices}),
        Card(_("Events"), reverse("knowledge:event_list"),
             ngettext("%(n)d event", "%(n)d events", events) % {"n": events}),
        Card(_("Partners"), reverse("partnership:directory"),
             ngettext("%(n)d partner organisation", "%(n)d partner organisations", partners)
             % {"n": partners}),
    ]
