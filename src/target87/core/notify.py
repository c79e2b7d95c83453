"""Workflow events that people are told about.

Domain apps call ``notify(...)`` when something happens that a person should know; the app
that delivers notifications (site, email, digests) receives ``notification_requested``.
Subjects and bodies are lazy translatable strings with ``%(name)s`` parameters, so each
recipient can be written to in their own language.
"""

from __future__ import annotations

from django.dispatch import Signal

# kind key -> lazy label, shown where a person chooses how to be told of each kind
KINDS: dict[str, object] = {}

# sent with recipients, kind, subject, body, params, url, obj
notification_requested = Signal()


def register_kind(key: str, label) -> None:
    KINDS[key] = label


def notify(recipients, kind: str, *, subject, body="", params=None, url: str = "",
           obj=None) -> None:
    """Tell ``recipients`` (users) of an event of ``kind``; ``url`` is where to act."""
    recipients = [user for user in recipients if user is not None]
    if not recipients:
        return
    notification_requested.send(
        sender=kind, recipients=recipients, kind=kind, subject=subject, body=body,
        params=params or {}, url=url, obj=obj,
    )
