"""Content written in English on the record and translated into the other UN languages
in rows of their own: the mechanism the knowledge base and the pathfinder roadmaps share.

A record mixes in ``Translatable`` and names its ``translatable_fields``; a
``ContentTranslation`` subclass holds one language's text of those fields (one row per
record and language, ``translation_constraints``). ``Translatable.translated()`` gives the
text in the reader's language with English where no translation has it, and says so, so
that pages can mark the English text (``lang="en"``) and show the fallback note.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Languages content is translated into; English is the reference text on the record itself.
CONTENT_LANGUAGES = [
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("ru", _("Russian")),
]


CONTENT_LANGUAGE_CODES = [code for code, _label in CONTENT_LANGUAGES]


def content_language(language: str | None = None) -> str:
    language = (language or get_language() or "en").lower()
    if language.startswith("zh"):
        return "zh-hans"
    return language[:2]


class Translatable:
    """A record whose English text is on the record itself and whose other languages are
    rows of a ``ContentTranslation`` subclass with ``related_name="translations"``."""

    #: fields a translation replaces, each only where the translation has text
    translatable_fields: tuple[str, ...] = ("title", "summary")

    def translated(self, language: str | None = None) -> dict:
        """The translatable fields in a language, English where missing.

        ``language`` is the language of the translation used ("en" when none),
        ``fallback`` says the whole record is not translated into the language asked for,
        ``english`` names the fields shown in English instead (for ``lang="en"``).
        """
        language = content_language(language)
        text = {name: getattr(self, name) for name in self.translatable_fields}
        text.update({"language": "en", "fallback": language != "en", "english": set()})
        if language == "en":
            return text
        # all(): uses the prefetched rows when the caller prefetched "translations"
        found = next((tr for tr in self.translations.all() if tr.language == language), None)
        if found is not None:
            text.update({"language": language, "fallback": False})
        for name in self.translatable_fields:
            value = getattr(found, name, "") if found is not None else ""
            if value:
                text[name] = value
            elif text[name]:
                text["english"].add(name)
        return text


def translation_constraints(parent_field: str, prefix: str) -> list:
    """One translation per record and language; only the content languages."""
    return [
        models.UniqueConstraint(
            fields=[parent_field, "language"], name=f"{prefix}_translation_unique"
        ),
        models.CheckConstraint(
            condition=Q(language__in=CONTENT_LANGUAGE_CODES),
            name=f"{prefix}_translation_language_valid",
        ),
    ]


class ContentTranslation(models.Model):
    """One language's text of a ``Translatable`` record. Subclasses add the foreign key
    named by ``parent_field`` (``related_name="translations"``), the translated fields,
    ``history`` and ``translation_constraints(...)`` in their Meta."""

    parent_field = ""
    language = models.CharField(_("language"), max_length=10, choices=CONTENT_LANGUAGES)

    class Meta:
        abstract = True
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def parent(self):
        return getattr(self, self.parent_field)

    def __str__(self) -> str:
        return f"{self.parent()} ({self.language})"

    def is_public(self) -> bool:
        return self.parent().is_public()


def with_translations(records, language: str | None = None, attribute: str = "shown") -> list:
    """The records, each given ``attribute``: its ``translated()`` text in the language
    (the reader's by default). Prefetch "translations" first."""
    records = list(records)
    for record in records:
        setattr(record, attribute, record.translated(language))
    return records


def shown_in_english(records, attribute: str = "shown") -> bool:
    """Whether one of the records shows some text in English in place of a missing
    translation (a page then says so once)."""
    return any(getattr(record, attribute)["english"] for record in records)
