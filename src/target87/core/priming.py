"""Load, once in the server's parent process, what each worker would load on its first
request: every URL module and view, the message catalogues of the six languages and the
platform's compiled templates. Workers are forked from the parent and start with all of
it, so the first reader after a (re)start waits for the page, not for the worker's own
start-up (``benchmarks/README.md``, first view after setup).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateSyntaxError
from django.template.loader import get_template
from django.urls import URLResolver, get_resolver
from django.utils import translation

import target87


def platform_templates() -> list[str]:
    """Names of the templates the platform ships (its own, not Django's admin)."""
    root = Path(target87.__file__).resolve().parent
    names = set()
    for folder in root.rglob("templates"):
        if not folder.is_dir():
            continue
        for path in folder.rglob("*.html"):
            names.add(path.relative_to(folder).as_posix())
    return sorted(names)


def _fill_url_tables(resolver: URLResolver) -> None:
    resolver.reverse_dict, resolver.namespace_dict, resolver.app_dict  # noqa: B018
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _fill_url_tables(pattern)


def prime_process() -> dict:
    """Prime this process; returns what was loaded (for the server's log and tests).
    Database connections opened on the way are closed, so that no forked worker shares
    its parent's connection."""
    languages = [code for code, _name in settings.LANGUAGES]
    for code in languages:
        # the language's merged catalogue, and the URL tables that reverse() builds for
        # each language (importing every URL module and view on the way)
        with translation.override(code):
            _fill_url_tables(get_resolver())
    templates = 0
    for name in platform_templates():
        try:
            get_template(name)
        except TemplateSyntaxError:
            continue  # a fragment meant to be included in a particular context
        templates += 1
    connections.close_all()
    return {"languages": len(languages), "templates": templates}
