# Good practices loaded before the data file cited its documents by title kept a source
# written as "Seed 000, …" or "Seed 003 (…); seed 000": the visitor sees a file number.
# Rewrite those sources as the data file now gives them (title, author, date), only on
# practices no person has touched: none submitted by someone, no change made by a user.

import re

from django.db import migrations

CITATIONS = {
    "000": "Alliance 8.7 Supply Chain Action Group, Berlin Strategic Workshop: Outcome Report, "
           "21 June 2017",
    "001": "Alliance 8.7 Action Group on Supply Chains, 2018-19 Global Workplan",
    "002": "Alliance 8.7, Updated Workplan of the Alliance 8.7 Supply Chains Action Group, "
           "adopted 2024",
    "003": "Alliance 8.7, Global Progress and Good Practices of Alliance 8.7, 2019",
    "004": "Alliance 8.7, 7th Global Coordinating Group Meeting: briefing pack, 19 May 2020",
}
SEED = re.compile(r"\bseed (00\d)\b", re.I)


def cite(text: str) -> str:
    """The source with each "seed 00N" replaced by the document's citation; the part it
    names stays after a colon ("Seed 000, working group …" → "…, 21 June 2017: working
    group …"; "seed 003 (Child Labour Platform)" → "…, 2019: Child Labour Platform")."""

    def parts(piece: str) -> str:
        piece = piece.strip()
        match = re.fullmatch(r"seed (00\d)\s*(?:\((.*)\)|,\s*(.*))?", piece, re.I | re.S)
        if match is None or match.group(1) not in CITATIONS:
            return SEED.sub(lambda m: CITATIONS.get(m.group(1), m.group(0)), piece)
        named = (match.group(2) or match.group(3) or "").strip()
        return CITATIONS[match.group(1)] + (f": {named}" if named else "")

    return "; ".join(parts(piece) for piece in text.split(";"))[:300]


def edited_by_people(practice, history) -> bool:
    return practice.submitted_by_id is not None or history.filter(
        id=practice.pk, history_user__isnull=False).exists()


def cite_seed_sources(apps, schema_editor=None) -> int:
    """Rewrite the seed-numbered sources of practices untouched by people; returns how
    many changed."""
    practice_model = apps.get_model("knowledge", "GoodPractice")
    history = apps.get_model("knowledge", "HistoricalGoodPractice").objects
    changed = 0
    for practice in practice_model.objects.filter(source__iregex=r"seed 00[0-9]"):
        if edited_by_people(practice, history):
            continue
        source = cite(practice.source)
        if source != practice.source:
            practice.source = source
            practice.save(update_fields=["source"])
            changed += 1
    return changed


def forwards(apps, schema_editor):
    cite_seed_sources(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('knowledge', '0004_event_kinds'),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
