"""Content versions shared by every process: keys for cached fragments and ETags.

A page or fragment cached under a key that includes ``content_version()`` is never served
after the content changes, whichever server process rendered it, because the version is
read from the database (one indexed row) rather than from a per-process cache.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

DEFAULT_KEY = "public"


def content_version(key: str = DEFAULT_KEY) -> str:
    from target87.core.models import ContentVersion

    # read on every public request: plain SQL, no query building
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE {connection.ops.quote_name('key')} = %s",
                       [key])
        row = cursor.fetchone()
    return str(row[0] if row else 0)


def cache_version(key: str = DEFAULT_KEY) -> str:
    """The part of a cache key that says what a cached page or fragment was made from: the
    content version and the running code's release, so that neither a changed record nor
    an upgrade serves what was cached before."""
    from target87.core.release import release_fingerprint

    return f"{release_fingerprint()}.{content_version(key)}"


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


# ------------------------------------------------------------------ any change to the platform

def _bump_after_commit(**_signal_kwargs) -> None:
    """Move the version on once the transaction that changed something commits (at once
    outside a transaction). Bumping after the commit holds no lock during long transactions
    and cannot let old content be cached under the new version."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # one bump per transaction; a rollback discards the pending callback with the rest
        if any(entry[1] is bump_content_version for entry in connection.run_on_commit):
            return
    transaction.on_commit(bump_content_version)


def _tracked(model) -> bool:
    meta = model._meta
    return (
        model.__module__.startswith("target87.")
        and meta.app_label != "core"
        and not meta.auto_created
        and not model.__name__.startswith("Historical")
        and not getattr(model, "content_version_exempt", False)
    )


def connect_change_signals() -> None:
    """Every saved or deleted record of the platform's apps moves the version on, so whole
    public pages can be cached under it (see ``core.pagecache``)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_models():
        if not _tracked(model):
            continue
        uid = f"t87-version-{meta_label(model)}"
        post_save.connect(_bump_after_commit, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=uid + "-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_bump_after_commit, sender=through,
                                dispatch_uid=f"t87-version-m2m-{meta_label(through)}")


def meta_label(model) -> str:
    return model._meta.label_lower
