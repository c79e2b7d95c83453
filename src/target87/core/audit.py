"""Readable audit trail from the history tables kept by django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class HistoryRow:
    when: object
    who: str
    kind: str  # created, changed, deleted
    changes: list[tuple[str, str, str]] = field(default_factory=list)


KIND = {"+": "created", "~": "changed", "-": "deleted"}


def history_rows(obj, limit: int = 20) -> list[HistoryRow]:
    history = getattr(obj, "history", None)
    if history is None:
        return []
    records = list(history.select_related("history_user").order_by("-history_date")[: limit + 1])
    rows = []
    for i, record in enumerate(records[:limit]):
        row = HistoryRow(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "system",
            kind=KIND.get(record.history_type, record.history_type),
        )
        previous = records[i + 1] if i + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                label = str(obj._meta.get_field(change.field).verbose_name)
                row.changes.append((label, _short(change.old), _short(change.new)))
        rows.append(row)
    return rows


def _short(value, width: int = 120) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
