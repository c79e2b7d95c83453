"""The pathfinders catalogues are complete and the French pages show no English heading."""
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import target87.pathfinders
from target87.pathfinders.reference import load_pathfinder_data

LOCALE = Path(target87.pathfinders.__file__).parent / "locale"
LANGUAGES = ["fr", "es", "ar", "zh_Hans", "ru"]
NPLURALS = {"fr": 2, "es": 2, "ar": 6, "zh_Hans": 1, "ru": 4}


def catalogue(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.po", "rb") as fh:
        return read_po(fh, locale=None)


def strings(message):
    value = message.string
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(lang):
    cat = catalogue(lang)
    messages = [m for m in cat if m.id]
    assert len(messages) > 250
    untranslated = [m.id for m in messages if not all(s.strip() for s in strings(m))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [], f"{lang}: untranslated entries: {untranslated}"
    assert fuzzy == [], f"{lang}: fuzzy entries: {fuzzy}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_match_the_language(lang):
    cat = catalogue(lang)
    assert cat.num_plurals == NPLURALS[lang]
    plurals = [m for m in cat if m.id and m.pluralizable]
    assert plurals, "the catalogue has plural entries"
    for m in plurals:
        assert len(m.string) == NPLURALS[lang], f"{lang}: {m.id[0]} has {len(m.string)} forms"
    if lang not in ("ar", "ru"):
        return
    # Arabic and Russian: the same plural rule as Django's own catalogue.
    with open(Path(django.__file__).parent / "conf" / "locale" / lang / "LC_MESSAGES"
              / "django.po", "rb") as fh:
        ours, djangos = cat.plural_expr, read_po(fh, locale=None).plural_expr
    assert "".join(ours.split()).strip("()") == "".join(djangos.split()).strip("()")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(lang):
    def entries(messages):
        return {tuple(m.id) if m.pluralizable else m.id: strings(m) for m in messages if m.id}

    po = entries(catalogue(lang))
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fh:
        mo = entries(read_mo(fh))
    assert mo == po


def test_russian_plural_uses_four_forms(settings):
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("ru"):
        one = ngettext("%(counter)s country", "%(counter)s countries", 21) % {"counter": 21}
        few = ngettext("%(counter)s country", "%(counter)s countries", 3) % {"counter": 3}
        many = ngettext("%(counter)s country", "%(counter)s countries", 5) % {"counter": 5}
    assert (one, few, many) == ("21 страна", "3 страны", "5 стран")


class Headings(HTMLParser):
    """Collects the text of headings, table headers, captions and labels inside <main>."""

    TAGS = {"h1", "h2", "h3", "h4", "caption", "label", "legend", "dt"}

    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.stack = []
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        if self.in_main and (tag in self.TAGS or (tag == "th" and ("scope", "col") in attrs)):
            self.stack.append([tag, ""])

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if self.stack and self.stack[-1][0] == tag:
            _, text = self.stack.pop()
            self.found.append(" ".join(text.split()))

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][1] += data


def headings(html):
    parser = Headings()
    parser.feed(html)
    return [h for h in parser.found if h]


@pytest.fixture
def seeded(db):
    load_pathfinder_data()


@pytest.mark.parametrize("path", ["/pathfinders/", "/pathfinders/NPL/", "/pathfinders/MDG/"])
def test_french_pages_show_no_english_heading(client, seeded, secretariat, path):
    client.force_login(secretariat)
    english = headings(client.get("/en" + path).content.decode())
    french = headings(client.get("/fr" + path).content.decode())
    assert len(english) >= 5 and len(french) == len(english)
    # Headings made of data (country names, dates, priority titles from the seeds) are the
    # same in both languages; interface headings must differ.
    # ("Date", "Document", "Participants" are the same words in French.)
    interface = {m.id for m in catalogue("fr")
                 if m.id and not m.pluralizable and m.string != m.id}
    left_in_english = [h for h in french if h.rstrip(" :") in interface]
    assert left_in_english == []
    if path == "/pathfinders/":
        assert "Pays pionniers" in french
    else:
        assert "Statut et historique" in french and "Examens annuels" in french
