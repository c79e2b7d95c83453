"""Whole public pages cached for anonymous readers, keyed by the content version.

The key holds the code's release and the content version (``core.versions.cache_version``:
moved on by an upgrade and by any change to the platform's records), the full path (with
its language), the language cookie and header and today's date, so a cached page is never
served after something it shows has changed, by any server process. Views opt in with
``@public_page_cache``; only 200 answers that set no cookie are kept; a reader with a
session (signed in, or with a message waiting) never gets a copy.
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response

from target87.core.versions import cache_version


def _key(request) -> str:
    # the language is in the path (/en/, /ar/...); the cookie and header count for the rest
    raw = "|".join([
        cache_version(), request.get_full_path(),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
        request.META.get("HTTP_ACCEPT_LANGUAGE", ""), str(timezone.localdate()),
    ])
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _anonymous_get(request) -> bool:
    # no session cookie: not signed in, and no message waiting to be shown
    return (request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES)


def public_page_cache(view):
    """Mark the view's answers to anonymous readers as cacheable whole (see the middleware)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if _anonymous_get(request) and not request.user.is_authenticated:
            response.public_page_cache = True
        return response

    wrapper.public_page_cache = True
    return wrapper


def _marked_view(request) -> bool:
    """Whether the path leads to a view marked with ``@public_page_cache``, resolved in the
    path's language as LocaleMiddleware will: any other request (the API, a form, an
    unknown path) goes on without reading the content version."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, "public_page_cache", False)


class PublicPageCacheMiddleware:
    """Answer anonymous readers of marked pages from the cache before any other work.

    Placed just after the security and static-file middleware: a cached page skips
    sessions, URL resolution and rendering. What is stored is the finished answer with
    every header the other middleware added, and only when it sets no cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (_anonymous_get(request) and _marked_view(request)):
            return self.get_response(request)
        key = _key(request)
        cache = caches["pages"]
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            # a reader revalidating its copy gets 304, as from ConditionalGetMiddleware
            return get_conditional_response(request, etag=response.get("ETag"),
                                            response=response)
        response = self.get_response(request)
        if (getattr(response, "public_page_cache", False)
                and response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_USED")  # a form token is per reader
                and "private" not in response.get("Cache-Control", "")
                and "no-store" not in response.get("Cache-Control", "")):
            cache.set(key, (response.content, list(response.items())),
                      settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response


_WARM_PATHS: list = []


def register_warm_paths(func) -> None:
    """Let an app name more public pages to make ready at setup (``func() -> [path]``, paths
    with their language), such as the pages of the countries that have charts."""
    if func not in _WARM_PATHS:
        _WARM_PATHS.append(func)


def warm_paths() -> list[str]:
    """The menu pages of every language, then the pages the apps registered."""
    paths = public_paths()
    for func in _WARM_PATHS:
        paths.extend(func())
    return list(dict.fromkeys(paths))


def public_paths() -> list[str]:
    """The public pages of the menu (home, countries and every app's menu entry) in each
    language."""
    from django.urls import reverse

    from target87.core.context_processors import navigation

    paths = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths.append(reverse("core:home"))
            paths.append(reverse("countries:list"))
            paths.extend(url for url, _label in navigation())
    return list(dict.fromkeys(paths))


def _warm_host() -> str:
    return next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not
                 h.startswith(".")), "localhost")


# an image of the page's own site (a chart or a map drawn from its own address), and the
# phone drawing a <picture> offers for it (core.charts.chart_picture)
_IMAGE_SRC = re.compile(
    r'<(?:img\b[^>]*\bsrc|source\b[^>]*\bsrcset)="(/[^"\s]+\.(?:svg|png)(?:\?[^"\s]*)?)"')


def chart_images(page: str) -> list[str]:
    """The addresses of the drawn images a page shows (charts and maps served by the
    platform, not static files), the phone drawings included."""
    found = (html.unescape(src) for src in _IMAGE_SRC.findall(page))
    return [src for src in dict.fromkeys(found) if not src.startswith(settings.STATIC_URL)]


def warm_public_pages(stdout=None) -> int:
    """Render every public page of the menu in every language once (and the pages apps
    registered with ``register_warm_paths``), as an anonymous reader would see it: its
    charts are drawn and stored (core.charts), including those a page shows as images of
    their own (the home page's pathfinder map, the world maps), and the page is kept in the
    shared page cache, so the first reader after setup is served as fast as the next.
    Returns the number of pages rendered."""
    return warm_pages(warm_paths(), stdout)


def warm_pages(paths, stdout=None) -> int:
    """Render the given public pages as an anonymous reader (charts drawn and stored, pages
    kept in the page cache), then draw the chart images they show; returns how many pages
    answered 200."""
    from django.test import Client

    host = _warm_host()
    # a page that fails is reported and left out; the others are still made ready
    client = Client(HTTP_HOST=host, raise_request_exception=False)
    rendered = 0
    images: dict[str, None] = {}
    for path in paths:
        response = client.get(path, secure=settings.SECURE_SSL_REDIRECT)
        if response.status_code == 200:
            rendered += 1
            if "html" in response.get("Content-Type", ""):
                images.update(dict.fromkeys(chart_images(response.content.decode())))
        elif response.status_code >= 400 and stdout is not None:
            # a redirect is a menu entry that asks readers to sign in: nothing to report
            stdout.write(f"  {path}: answered {response.status_code}, not kept")
    for src in images:
        response = client.get(src, secure=settings.SECURE_SSL_REDIRECT)
        if response.status_code != 200 and stdout is not None:
            stdout.write(f"  {src}: answered {response.status_code}, not drawn")
    return rendered
