"""Whole public pages cached for anonymous readers, keyed by the content version.

The key holds the content version (moved on by any change to the platform's records, see
``core.versions``), the language, the full path and today's date, so a cached page is never
served after something it shows has changed, by any server process. Only plain 200 HTML
answers that set no cookie are kept; signed-in readers always get a fresh page.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from target87.core.versions import content_version


def _key(request) -> str:
    raw = f"{content_version()}|{get_language()}|{request.get_full_path()}|{timezone.localdate()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable_request(request) -> bool:
    # no session cookie: not signed in, and no message waiting to be shown
    return (request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and not request.user.is_authenticated)


def _cacheable_response(request, response) -> bool:
    return (response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", ""))


def public_page_cache(view):
    """Serve anonymous readers the page cached under the current content version."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if _cacheable_response(request, response):
                cache.set(key, (response.content, response["Content-Type"]),
                          settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
