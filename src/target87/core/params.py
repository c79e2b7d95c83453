"""Record ids sent by forms, read without trusting them: a value that is not a whole number
names no record (a 404 or nothing chosen), never a server error."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest primary key any supported database holds


def record_id(value) -> int | None:
    """The id in ``value``, or None when it cannot be one."""
    text = str(value or "").strip()
    if not text.isdecimal():
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def record_ids(values) -> list[int]:
    """The ids among ``values`` that can be ids; the others are left out."""
    return [number for number in map(record_id, values) if number is not None]
