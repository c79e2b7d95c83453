"""Security headers of responses that do not pass through the middleware stack."""

from __future__ import annotations

from django.conf import settings


def content_security_policy() -> str:
    """The site's Content-Security-Policy as a header value (from CONTENT_SECURITY_POLICY)."""
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def static_file_headers(headers, path, url) -> None:
    """WhiteNoise serves static files before any middleware: give them the site's policy,
    so that an SVG or HTML file opened directly runs no script from elsewhere."""
    headers["Content-Security-Policy"] = content_security_policy()
    headers["X-Content-Type-Options"] = "nosniff"
