"""The monitoring tasks on each person's "My work" list."""

from __future__ import annotations


def register() -> None:
    pass
