"""Blocks of the home page, contributed by apps.

An app registers ``func() -> Card | None`` in its ``AppConfig.ready`` (as the country page
gathers its sections in ``core.sections``); the home page shows the cards in ``order``.
Core itself knows no domain app: the countries card is core's own, the others come from
the apps that own the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import ngettext


@dataclass
class Card:
    title: str
    url: str
    text: str


_BLOCKS: list[tuple[int, str, Callable[[], Card | None]]] = []


def register_home_block(order: int, key: str, func: Callable[[], Card | None]) -> None:
    if any(k == key for _o, k, _f in _BLOCKS):
        return
    _BLOCKS.append((order, key, func))
    _BLOCKS.sort(key=lambda item: item[0])


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
