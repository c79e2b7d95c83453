"""Left-to-right runs inside right-to-left pages are isolated, with their direction."""

from django.template import Context, Template
from django.utils import translation

from target87.core.bidi import LRI, PDI, RLI, isolate_plain, text_direction


def _render(text, lang):
    with translation.override(lang):
        return Template("{% load platform %}{{ text|isolate }}").render(Context({"text": text}))


def test_direction_is_that_of_the_first_strong_character():
    assert text_direction("1. Eliminate child labour by 2019") == "ltr"
    assert text_direction("(٢٠١٩) عمل الأطفال") == "rtl"
    assert text_direction("2019 – 12.5 %") == "auto"
    assert text_direction("") == "auto"


def test_plain_isolation_marks_for_pdfs_and_word_files():
    assert isolate_plain("Kantipur Daily") == f"{LRI}Kantipur Daily{PDI}"
    assert isolate_plain("نيبال") == f"{RLI}نيبال{PDI}"
    assert isolate_plain("") == ""


def test_english_run_in_an_arabic_page_is_isolated_left_to_right():
    html = _render("Women Empowerment Against Poverty of Nepal (WEAPON)", "ar")
    assert html.startswith('<bdi dir="ltr">' + LRI) and html.endswith(PDI + "</bdi>")
    assert "(WEAPON)" in html
    # numbers and units with no letter: isolated, direction left to the browser
    assert _render("12.5 %", "ar").startswith("<bdi>")
    # escaped like any other value
    assert "&lt;b&gt;" in _render("<b>Bold</b>", "ar")


def test_left_to_right_page_only_isolates_right_to_left_text():
    assert _render("Kantipur Daily", "en") == "Kantipur Daily"
    assert _render("نيبال", "en").startswith('<bdi dir="rtl">')


def test_arabic_page_isolates_partner_names(client, db):
    from target87.countries.models import Country
    from target87.partnership.models import Partner

    nepal = Country.objects.get(iso3="NPL")
    Partner.objects.create(name="Free Forum for Rights (FFR)", partner_type="civil_society",
                           country=nepal)
    html = client.get("/ar/countries/NPL/").content.decode()
    assert f'<bdi dir="ltr">{LRI}Free Forum for Rights (FFR){PDI}</bdi>' in html
    assert "<bdi" not in client.get("/en/partners/").content.decode().split("<tbody>")[1]
