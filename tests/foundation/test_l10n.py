import pytest
from django.utils import translation

from target87.core.templatetags.platform import number, percent


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,234,567.9"), ("fr", "1\u202f234\u202f567,9"), ("es", "1.234.567,9"),
     ("ru", "1\xa0234\xa0567,9"), ("zh-hans", "1,234,567.9")],
)
def test_numbers_follow_the_locale(language, expected):
    with translation.override(language):
        assert number(1234567.89, 1) == expected


def test_arabic_numbers_and_missing_values():
    with translation.override("ar"):
        assert number(None) == "—"
        assert number("") == "—"
        assert "1" in number(1000)
    with translation.override("en"):
        assert percent(9.6) == "9.6%"
        assert percent(None) == "—"
        assert number(0) == "0"
