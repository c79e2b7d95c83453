"""Every shipped translation catalogue is compiled, current and has its plural rule."""

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import target87

ROOT = Path(target87.__file__).parent
CATALOGUES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))
LANGUAGES = {"fr", "es", "ar", "zh_Hans", "ru"}


def test_every_app_with_strings_ships_all_five_languages():
    by_dir = {}
    for po in CATALOGUES:
        by_dir.setdefault(po.parents[2], set()).add(po.parent.parent.name)
    assert by_dir, "no catalogue found"
    for locale_dir, languages in by_dir.items():
        assert languages == LANGUAGES, f"{locale_dir}: {sorted(languages)}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_compiled_and_current(po):
    text = po.read_text(encoding="utf-8")
    header = text.split('msgid ""', 1)[0]
    assert "#, fuzzy" not in header, f"{po}: fuzzy header is ignored by gettext"
    assert "Plural-Forms: nplurals=" in text, f"{po}: no Plural-Forms header"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: compile the catalogue"
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    with po.open("rb") as fh:
        catalogue = read_po(fh)
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        # a message with a context is compiled under "context\x04msgid"
        prefix = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            if not message.string[0]:
                continue
            assert compiled._catalog.get((prefix + message.id[0], 0)) == message.string[0], (
                f"{mo} is older than {po} for {message.id[0]!r}")
        elif message.string:
            assert compiled._catalog.get(prefix + message.id) == message.string, (
                f"{mo} is older than {po} for {message.id!r}")


def test_platform_catalogue_is_complete():
    for language in LANGUAGES:
        po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        with po.open("rb") as fh:
            catalogue = read_po(fh)
        missing = [m.id for m in catalogue if m.id and (
            not all(m.string) if isinstance(m.string, tuple) else not m.string)]
        assert not missing, f"{language}: untranslated {missing}"


def test_a_failed_run_reads_failed_in_arabic_not_the_failed_jobs_date_column():
    """The failed-jobs page's date column has its own words ("Failed on"), so the status of
    a run keeps its app's translation whatever the order of the catalogues."""
    from django.utils import translation

    from target87.supplychains.models import RunStatus

    with translation.override("ar"):
        assert str(RunStatus.FAILED.label) == "فشل"
        assert translation.gettext("Failed on") == "فشلت في"
