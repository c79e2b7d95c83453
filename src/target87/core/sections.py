"""Country page sections contributed by apps.

An app registers ``func(request, country) -> str | None`` (rendered HTML) in its
``AppConfig.ready``; the country page shows the sections in ``order``.
"""

from __future__ import annotations

from collections.abc import Callable

_SECTIONS: list[tuple[int, str, Callable]] = []


def register_country_section(order: int, key: str, func: Callable) -> None:
    if any(k == key for _, k, _f in _SECTIONS):
        return
    _SECTIONS.append((order, key, func))
    _SECTIONS.sort(key=lambda item: item[0])


def render_country_sections(request, country) -> list[tuple[str, str]]:
    rendered = []
    for _order, key, func in _SECTIONS:
        html = func(request, country)
        if html:
            rendered.append((key, html))
    return rendered
