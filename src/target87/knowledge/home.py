"""The knowledge app's part of the home page (registered in ``KnowledgeConfig.ready``): the
good practices and events cards, the upcoming events and the latest good practices."""

from django.template.loader import render_to_string
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


# ------------------------------------------------------------- home page sections

HOME_EVENTS = 4
HOME_PRACTICES = 4


def home_events(today=None) -> tuple[list, list]:
    """Published events for the home page: the upcoming ones, soonest first, and when fewer
    than ``HOME_EVENTS`` are coming, the latest past ones after them (services'
    past/upcoming rule, the one the event pages use)."""
    from django.utils import timezone

    from target87.knowledge import services
    from target87.knowledge.models import Event

    today = today or timezone.localdate()
    events = Event.objects.filter(is_published=True).prefetch_related("translations")
    upcoming = list(services.upcoming_events(events, today)[:HOME_EVENTS])
    past = list(services.past_events(events, today)[:max(HOME_EVENTS - len(upcoming), 2)])
    for event in upcoming + past:
        event.text = event.translated()
        event.home_state = services.event_state(event, today)
        event.home_state_label = services.EVENT_STATE_LABELS[event.home_state]
    return upcoming, past


def events_section(request, today=None) -> str | None:
    upcoming, past = home_events(today)
    if not upcoming and not past:
        return None
    return render_to_string("knowledge/_home_events.html",
                            {"upcoming": upcoming, "past": past}, request=request)


def latest_practices(limit: int = HOME_PRACTICES) -> list:
    """The most recently published good practices, newest first."""
    from django.db.models import F

    from target87.knowledge.models import GoodPractice, PracticeStatus

    practices = list(
        GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)
        .prefetch_related("translations", "countries")
        .order_by(F("published_at").desc(nulls_last=True), "-pk")[:limit])
    for practice in practices:
        practice.text = practice.translated()
    return practices


def practices_section(request) -> str | None:
    practices = latest_practices()
    if not practices:
        return None
    return render_to_string("knowledge/_home_practices.html", {"practices": practices},
                            request=request)
