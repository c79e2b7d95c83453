"""Content versions shared by every process: keys for cached fragments and ETags.

A page or fragment cached under a key that includes ``content_version()`` is never served
after the content changes, whichever server process rendered it, because the version is
read from the database (one indexed row) rather than from a per-process cache.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

DEFAULT_KEY = "public"


def content_version(key: str = DEFAULT_KEY) -> str:
    from target87.core.models import ContentVersion

    value = ContentVersion.objects.filter(key=key).values_list("value", flat=True).first()
    return str(value or 0)


def bump_content_version(key: str = DEFAULT_KEY, **_signal_kwargs) -> None:
    """Move the version on; usable directly as a signal receiver."""
    from target87.core.models import ContentVersion

    now = timezone.now()
    if ContentVersion.objects.filter(key=key).update(value=F("value") + 1, changed_at=now):
        return
    try:
        with transaction.atomic():
            ContentVersion.objects.create(key=key, value=1)
    except IntegrityError:  # another process created it first
        ContentVersion.objects.filter(key=key).update(value=F("value") + 1, changed_at=now)
