"""Blocks of the home page, contributed by apps.

Two kinds, both registered in an app's ``AppConfig.ready`` (as the country page gathers its
sections in ``core.sections``):

- a *section*, ``func(request) -> str | None``: an HTML fragment the app renders from its
  own template (the latest global figures, the pathfinder map, upcoming events...), shown
  in ``order``; ``None`` leaves it out;
- a *card*, ``func() -> Card | None``: a link with a one-line count, shown in a compact row
  under the sections.

Core itself knows no domain app: the countries card is core's own, the rest come from the
apps that own the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext


@dataclass
class Card:
    title: str
    url: str
    text: str


_BLOCKS: list[tuple[int, str, Callable[[], Card | None]]] = []
_SECTIONS: list[tuple[int, str, Callable]] = []


def register_home_block(order: int, key: str, func: Callable[[], Card | None]) -> None:
    if any(k == key for _o, k, _f in _BLOCKS):
        return
    _BLOCKS.append((order, key, func))
    _BLOCKS.sort(key=lambda item: item[0])


def register_home_section(order: int, key: str, func: Callable) -> None:
    """Add a rendered block to the home page: ``func(request)`` returns HTML or ``None``."""
    if any(k == key for _o, k, _f in _SECTIONS):
        return
    _SECTIONS.append((order, key, func))
    _SECTIONS.sort(key=lambda item: item[0])


def countries_card() -> Card:
    from django.utils.translation import gettext as _

    from target87.countries.models import Country, UNStatus

    members = Country.objects.filter(un_status=UNStatus.MEMBER).count()
    return Card(_("Countries"), reverse("countries:list"),
                ngettext("%(n)d UN member state, each with its dashboard",
                         "%(n)d UN member states, each with its dashboard", members)
                % {"n": members})


register_home_block(10, "countries", countries_card)


def home_cards() -> list[Card]:
    cards = []
    for _order, _key, func in _BLOCKS:
        card = func()
        if card is not None:
            cards.append(card)
    return cards


def home_sections(request) -> list[tuple[str, str]]:
    """``(key, html)`` of every section that has something to show, in order."""
    sections = []
    for _order, key, func in _SECTIONS:
        html = func(request)
        if html:
            sections.append((key, mark_safe(html)))  # rendered by the app's own template
    return sections
