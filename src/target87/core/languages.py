"""The six UN languages as they appear in field names (``name_en`` … ``name_zh``)."""

from __future__ import annotations

from django.utils.translation import get_language

LANGUAGE_SUFFIX = {"en": "en", "fr": "fr", "es": "es", "ar": "ar", "zh-hans": "zh", "zh": "zh",
                   "ru": "ru"}


def language_suffix(language: str | None = None) -> str:
    """Field suffix for a language code (the active language by default); English otherwise."""
    language = (language or get_language() or "en").lower()
    return LANGUAGE_SUFFIX.get(language, LANGUAGE_SUFFIX.get(language[:2], "en"))
