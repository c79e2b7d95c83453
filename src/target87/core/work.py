""""My work": each person's open tasks, contributed by the apps that own them.

An app registers ``func(user) -> Iterable[WorkItem]`` in its ``AppConfig.ready`` with
``register_work_provider(key, func)``. A provider returns only the tasks the user's roles
cover (ask ``target87.accounts.permissions``); the page sorts and counts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_PROVIDERS: dict[str, Callable] = {}


@dataclass(frozen=True)
class WorkItem:
    kind: str  # a stable key, e.g. "questionnaire.fill"
    title: str  # in the active language
    url: str  # where the task is done
    due: dt.date | None = None
    created: dt.datetime | None = None
    overdue: bool = False


def register_work_provider(key: str, func: Callable[..., Iterable[WorkItem]]) -> None:
    _PROVIDERS[key] = func


def work_items(user) -> list[WorkItem]:
    """The user's open tasks, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[WorkItem] = []
    for func in _PROVIDERS.values():
        items.extend(func(user))
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    items.sort(key=lambda item: item.created or epoch, reverse=True)
    return items
