"""Sections this app adds to the country page: good practices, labour laws, events."""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from target87.core.versions import cache_version
from target87.knowledge import services
from target87.knowledge.models import Event, GoodPractice, LabourLaw, PracticeStatus


def _cached(key: str, country, render) -> str | None:
    cache_key = f"knowledge:section:{key}:{country.pk}:{get_language()}:{cache_version()}"
    html = cache.get(cache_key)
    if html is None:
        html = render() or ""
        cache.set(cache_key, html, 3600)
    return html or None


def practices_section(request, country):
    def render():
        practices = list(
            GoodPractice.objects.filter(
                countries=country, status=PracticeStatus.PUBLISHED
            ).prefetch_related("translations")[:10]
        )
        items = [(p, p.translated()) for p in practices]
        return render_to_string(
            "knowledge/sections/practices.html", {"country": country, "items": items}
        )

    return _cached("practices", country, render)


def laws_section(request, country):
    def render():
        laws = list(
            LabourLaw.objects.filter(country=country, is_published=True).prefetch_related(
                "translations"
            )
        )
        for law in laws:
            law.text = law.translated()
        return render_to_string("knowledge/sections/laws.html", {"country": country, "laws": laws})

    return _cached("laws", country, render)


def events_section(request, country):
    today = timezone.localdate()

    def render():
        events = Event.objects.filter(countries=country, is_published=True).prefetch_related(
            "translations"
        )
        upcoming = list(services.upcoming_events(events, today)[:5])
        past = list(services.past_events(events, today)[:5])
        for event in upcoming + past:
            event.text = event.translated()
        return render_to_string(
            "knowledge/sections/events.html",
            {"country": country, "upcoming": upcoming, "past": past},
        )

    return _cached(f"events:{today.isoformat()}", country, render)
