"""The server's parent process loads what every worker would otherwise load on its first
request, and leaves no database connection for the forked workers to share."""

import pytest
from django.conf import settings
from django.template import engines
from django.urls import get_resolver

from target87.core.priming import platform_templates, prime_process


@pytest.mark.django_db
def test_priming_fills_every_language_url_table_and_template_and_closes_the_database(
    monkeypatch,
):
    from target87.core import priming

    resolver = get_resolver()
    resolver._reverse_dict.clear()  # as in a process that has answered nothing yet
    closed = []
    monkeypatch.setattr(priming.connections, "close_all", lambda: closed.append(True))

    loaded = prime_process()

    languages = {code for code, _name in settings.LANGUAGES}
    assert languages <= set(resolver._reverse_dict)
    assert loaded["languages"] == len(languages)
    names = platform_templates()
    assert "core/home.html" in names and "admin/base.html" not in names
    assert 0.9 * len(names) <= loaded["templates"] <= len(names)
    cached = [loader for loader in engines["django"].engine.template_loaders
              if hasattr(loader, "get_template_cache")]
    if cached:  # the cached loader (as in production) now holds the compiled templates
        assert "core/home.html" in cached[0].get_template_cache
    assert closed == [True]  # after everything that could open one
