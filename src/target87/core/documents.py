"""The checks an uploaded document passes before it is kept: a type named by its extension
(office and PDF documents and scans, as people download them again), content that matches
the extension for the formats a browser would display, and the size limit of the setting
``DOCUMENT_MAX_UPLOAD_BYTES`` (the limit of the request body on the pages that take
documents, see ``core.limits``)."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from target87.core.limits import DEFAULT_DOCUMENT_BYTES

DOCUMENT_EXTENSIONS = {".pdf", ".png", ".jpg", ".jpeg", ".docx", ".doc", ".odt"}
# The first bytes of the formats a browser would display: a file named .pdf or .png must
# be one, not a page or a script under a harmless name.
DOCUMENT_MAGIC = {
    ".pdf": ("PDF", (b"%PDF-",)),
    ".png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG", (b"\xff\xd8\xff",)),
}


def max_document_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_UPLOAD_BYTES", DEFAULT_DOCUMENT_BYTES))


def check_document(upload) -> None:
    """Raise ``ValidationError`` (naming the file and what was expected) unless ``upload``
    is an accepted document."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not an accepted document: expected a PDF, PNG, JPEG, DOCX, DOC "
              "or ODT file."), code="document_type", params={"name": name})
    limit = max_document_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; a document may be at most %(limit)d MB."),
            code="document_size",
            params={"name": name, "size": upload.size / 1024 / 1024,
                    "limit": limit // 1024 // 1024})
    if extension in DOCUMENT_MAGIC:
        kind, signatures = DOCUMENT_MAGIC[extension]
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(signatures):
            raise ValidationError(
                _("“%(name)s” is named as a %(kind)s file but its content is not %(kind)s."),
                code="document_content", params={"name": name, "kind": kind})
