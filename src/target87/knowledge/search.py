"""Full-text search over good practices in every language.

One normalised document per practice holds the English text, every translation and the
countries' names in the six UN languages. PostgreSQL searches it with a ``simple``
text-search configuration (no language stemming, so Arabic, Chinese and French behave
alike); SQLite uses an FTS5 table. Queries are reduced to word tokens before they reach
either engine, so no input can form an operator or break the query syntax.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection

FTS_TABLE = "knowledge_practice_fts"
MAX_TOKENS = 16
MAX_TOKEN_LENGTH = 64
MAX_QUERY_LENGTH = 1000

_WORD = re.compile(r"[^\W_]+")
# Han ideographs, kana and hangul have no spaces between words: index every character
# as a token and match them in order.
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None}
)


def normalise(text: str) -> str:
    """Case-folded text without accents or Arabic diacritics, CJK split per character."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    text = text.casefold().translate(_ARABIC_FOLD)
    text = _CJK.sub(r" \1 ", text)
    return unicodedata.normalize("NFC", text)


def tokens(query: str) -> list[str]:
    words = _WORD.findall(normalise((query or "")[:MAX_QUERY_LENGTH]))
    seen: list[str] = []
    for word in words:
        word = word[:MAX_TOKEN_LENGTH]
        if word not in seen:
            seen.append(word)
        if len(seen) >= MAX_TOKENS:
            break
    return seen


def _is_cjk(token: str) -> bool:
    return bool(_CJK.fullmatch(token))


def _prefix(token: str) -> bool:
    return len(token) >= 3 and not _is_cjk(token)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def fts5_query(words: list[str], mode: str = "AND") -> str:
    parts = [f'"{w}"' + ("*" if _prefix(w) else "") for w in words]
    return f" {mode} ".join(parts)


def tsquery(words: list[str], mode: str = "&") -> str:
    parts = [f"'{w}'" + (":*" if _prefix(w) else "") for w in words]
    return f" {mode} ".join(parts)


def ranked_ids(query: str) -> list[int] | None:
    """Practice ids matching a query, best first; ``None`` when the query has no words.

    All words must match; if nothing does, practices matching any word are returned.
    """
    words = tokens(query)
    if not words:
        return None
    ids = _search(words, all_words=True)
    if not ids and len(words) > 1:
        ids = _search(words, all_words=False)
    return ids


def _search(words: list[str], all_words: bool) -> list[int]:
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT id FROM knowledge_goodpractice, to_tsquery('simple', %s) AS q "
                "WHERE to_tsvector('simple', search_document) @@ q "
                "ORDER BY ts_rank(to_tsvector('simple', search_document), q) DESC, id",
                [tsquery(words, "&" if all_words else "|")],
            )
        else:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"ORDER BY bm25({FTS_TABLE}), rowid",
                [fts5_query(words, "AND" if all_words else "OR")],
            )
        return [row[0] for row in cursor.fetchall()]


def document_for(practice) -> str:
    parts = [
        practice.title,
        practice.summary,
        practice.actors,
        practice.results,
        practice.lessons,
        practice.get_sector_display(),
        practice.slug.replace("-", " "),
    ]
    for tr in practice.translations.all():
        parts += [tr.title, tr.summary, tr.results, tr.lessons]
    for country in practice.countries.all():
        parts += [
            country.iso3,
            country.name_en,
            country.name_fr,
            country.name_es,
            country.name_ar,
            country.name_zh,
            country.name_ru,
        ]
    return normalise("\n".join(p for p in parts if p))


def index_practice(practice) -> None:
    from target87.knowledge.models import GoodPractice

    document = document_for(practice)
    GoodPractice.objects.filter(pk=practice.pk).update(search_document=document)
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [practice.pk])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, document) VALUES (%s, %s)", [practice.pk, document]
            )


def unindex_practice(practice_id: int) -> None:
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [practice_id])


def create_index(schema_editor) -> None:
    """Called by the migration: the engine-specific index over ``search_document``."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS knowledge_practice_search_gin ON knowledge_goodpractice "
            "USING gin (to_tsvector('simple', search_document))"
        )
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "document, tokenize = 'unicode61 remove_diacritics 2')"
        )


def drop_index(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_practice_search_gin")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
