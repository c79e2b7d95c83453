"""The good practices and events cards of the home page (registered in
``KnowledgeConfig.ready``)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from target87.core.home import Card


def practices_card() -> Card:
    from target87.knowledge.models import GoodPractice, PracticeStatus

    practices = GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED).count()
    return Card(_("Good practices"), reverse("knowledge:practice_list"),
                ngettext("%(n)d practice or model", "%(n)d practices and models", practices)
                % {"n": practices})


def events_card() -> Card:
    from target87.knowledge.models import Event

    events = Event.objects.filter(is_published=True).count()
    return Card(_("Events"), reverse("knowledge:event_list"),
                ngettext("%(n)d event", "%(n)d events", events) % {"n": events})
