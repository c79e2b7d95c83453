"""Limits checked before any work is done on a request.

Request bodies are limited per route before Django reads them: small for forms, larger for
the views that take documents, the survey limit for microdata uploads. The limit is checked
against ``Content-Length`` before a byte is read (Django never reads past it) and counted
again, chunk by chunk, by an upload handler while a file streams in. NUL characters, which
no text field can hold (PostgreSQL refuses them), are refused in the path, the query string
and form fields. Each refusal says which limit was passed and the setting that changes it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# Defaults of the settings read here (settings.py reads them from the environment).
DEFAULT_FORM_BYTES = 4 * 1024 * 1024
DEFAULT_DOCUMENT_BYTES = 20 * 1024 * 1024
# Room for the other fields and the multipart framing around an uploaded file.
FRAMING_BYTES = 1024 * 1024


class InputRefused(SuspiciousOperation):
    """A request refused before any work, with the message shown to its sender."""

    status = 400


class BodyTooLarge(InputRefused):
    status = 413


def accepts_upload(setting: str):
    """Mark a view as taking a file of up to ``settings.<setting>`` bytes."""

    def mark(view):
        view.body_limit_setting = setting
        return view

    return mark


def megabytes(n: int) -> str:
    value = n / 2**20
    return f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}"


def body_limit(view_func, resolver_match) -> tuple[int, str]:
    """(largest body in bytes, setting that sets it) for a request to this view."""
    setting = getattr(view_func, "body_limit_setting", None)
    if setting is None and resolver_match is not None and "admin" in resolver_match.namespaces:
        setting = "DOCUMENT_MAX_UPLOAD_BYTES"  # the admin edits records with attachments
    if setting is None:
        return int(getattr(settings, "REQUEST_MAX_BODY_BYTES", DEFAULT_FORM_BYTES)), (
            "REQUEST_MAX_BODY_BYTES")
    return int(getattr(settings, setting)) + FRAMING_BYTES, setting


def too_large_message(size: int | None, limit: int, setting: str) -> str:
    if size is None:
        return _("The request is larger than %(limit)s MB, the most this page accepts (setting "
                 "%(setting)s).") % {"limit": megabytes(limit), "setting": setting}
    return _("The request is %(size)s MB; this page accepts at most %(limit)s MB (setting "
             "%(setting)s).") % {"size": megabytes(size), "limit": megabytes(limit),
                                 "setting": setting}


def refusal_response(request, message: str, status: int = 400) -> HttpResponse:
    """The page (or JSON for the API and scripts) that tells the sender what was refused."""
    wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", "")
    if wants_json:
        return JsonResponse({"detail": message}, status=status)
    try:
        body = render_to_string("400.html", {"message": message, "status": status},
                                request=request)
    except Exception:  # a page that cannot render (e.g. a NUL in the path) still answers
        body = message
        return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=status)


def _has_nul(text: str) -> bool:
    return "\x00" in text


def _nul_in_parameter(name: str) -> str:
    return _("The parameter %(name)s contains a NUL character (\\0), which no text may hold."
             ) % {"name": name.replace("\x00", "")}


def _nul_in_field(name: str) -> str:
    return _("The field %(name)s contains a NUL character (\\0), which no text may hold."
             ) % {"name": name.replace("\x00", "")}


class RequestLimitsMiddleware:
    """Refuse over-large bodies and NUL characters before a view (or CSRF) reads them.

    Listed before ``CsrfViewMiddleware``: its ``process_view`` runs first, so the body is
    still unread when the limit is checked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit, setting = body_limit(view_func, request.resolver_match)
        request.body_limit = (limit, setting)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refusal_response(request, _("The Content-Length header is not a number."))
        if length > limit:
            # Not read at all: the connection is closed after the answer.
            request._stream = None
            request.META["CONTENT_LENGTH"] = "0"
            response = refusal_response(request, too_large_message(length, limit, setting), 413)
            response["Connection"] = "close"
            return response
        if _has_nul(request.path):
            return refusal_response(request, _("The address contains a NUL character, which no "
                                               "page or record has."))
        for key, values in request.GET.lists():
            if _has_nul(key) or any(_has_nul(v) for v in values):
                return refusal_response(request, _nul_in_parameter(key))
        if request.method in ("POST", "PUT", "PATCH") and length:
            content_type = request.content_type or ""
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                for key, values in request.POST.lists():
                    if _has_nul(key) or any(_has_nul(v) for v in values):
                        return refusal_response(request, _nul_in_field(key))
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, InputRefused):
            return refusal_response(request, str(exception), exception.status)
        return None


class BodyLimitUploadHandler(FileUploadHandler):
    """Counts the bytes of uploaded files as they stream and stops past the route's limit.

    ``Content-Length`` is already checked; this keeps the limit even where a front end
    passes a body whose length it did not declare truthfully.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        limit, setting = getattr(self.request, "body_limit", None) or (
            int(getattr(settings, "REQUEST_MAX_BODY_BYTES", DEFAULT_FORM_BYTES)),
            "REQUEST_MAX_BODY_BYTES")
        if self.received > limit:
            raise BodyTooLarge(too_large_message(None, limit, setting))
        return raw_data

    def file_complete(self, file_size):
        return None


# --- spreadsheets ---------------------------------------------------------------------------

DEFAULT_XLSX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DEFAULT_XLSX_CELLS = 1_000_000


def check_workbook(content: bytes, filename: str) -> None:
    """Refuse an XLSX workbook whose parts expand, or whose sheets declare, more than the
    limits (settings XLSX_MAX_UNCOMPRESSED_BYTES, XLSX_MAX_CELLS), before it is parsed.

    An XLSX file is a ZIP archive: its directory gives each part's uncompressed size, and
    each worksheet starts with the range it covers (``<dimension ref="A1:Q300"/>``).
    Raises ``ValueError`` with the message; a file that is not a ZIP archive is left to the
    spreadsheet reader, which says so.
    """
    import io
    import re
    import zipfile
    import zlib

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        members = archive.infolist()
        limit = int(getattr(settings, "XLSX_MAX_UNCOMPRESSED_BYTES",
                            DEFAULT_XLSX_UNCOMPRESSED_BYTES))
        expanded = sum(max(0, m.file_size) for m in members)
        if expanded > limit:
            raise ValueError(
                _("%(file)s expands to %(size)s MB when opened; at most %(limit)s MB are "
                  "accepted (setting %(setting)s).")
                % {"file": filename, "size": megabytes(expanded), "limit": megabytes(limit),
                   "setting": "XLSX_MAX_UNCOMPRESSED_BYTES"})
        max_cells = int(getattr(settings, "XLSX_MAX_CELLS", DEFAULT_XLSX_CELLS))
        for member in members:
            if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", member.filename):
                continue
            try:
                with archive.open(member) as fh:
                    head = fh.read(4096)
            except (zipfile.BadZipFile, zlib.error, OSError, ValueError, RuntimeError,
                    EOFError, NotImplementedError):
                continue  # a damaged part: the reader reports it
            found = re.search(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"',
                              head)
            if not found:
                continue
            cells = _range_cells(*found.groups())
            if cells > max_cells:
                raise ValueError(
                    _("%(file)s declares a sheet of %(cells)s cells; at most %(limit)s are "
                      "accepted (setting %(setting)s).")
                    % {"file": filename, "cells": f"{cells:,}", "limit": f"{max_cells:,}",
                       "setting": "XLSX_MAX_CELLS"})


def _column_number(letters: bytes | None) -> int:
    number = 0
    for ch in letters or b"A":
        number = number * 26 + (ch - 64)
    return number


def _range_cells(col1, row1, col2, row2) -> int:
    if col2 is None:
        return 1
    rows = abs(int(row2 or 1) - int(row1 or 1)) + 1
    columns = abs(_column_number(col2) - _column_number(col1)) + 1
    return rows * columns


# --- query parameters -----------------------------------------------------------------------

# The largest id a database key holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def id_param(request, name: str) -> int | None:
    """The whole-number id in ``request.GET[name]`` (``None`` if absent or empty); anything
    else is refused with a message naming the parameter."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ID:
        raise InputRefused(
            _("The parameter %(name)s must be a record number (a whole number from 1 to "
              "%(max)s); got “%(value)s”.")
            % {"name": name, "max": MAX_ID, "value": raw[:40]})
    return int(raw)
