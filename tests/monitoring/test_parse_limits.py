"""Typed numbers are refused quickly and in the user's language, whatever their form."""

from decimal import Decimal

import pytest
from django.utils import translation

from target87.monitoring.services import parse_raw


@pytest.mark.parametrize("kind", ["decimal", "integer"])
@pytest.mark.parametrize("raw", ["1e1000000", "1E16", "-1e300000", "12345678901234567"])
def test_huge_numbers_refused(kind, raw):
    with pytest.raises(ValueError, match="10\\^16"):
        parse_raw(kind, raw)


def test_largest_accepted_number():
    assert parse_raw("integer", "9999999999999999") == 9999999999999999
    assert parse_raw("decimal", "9999999999999999.5") == Decimal("9999999999999999.5")
    assert parse_raw("decimal", "0") == 0


@pytest.mark.parametrize("raw", ["1.5", "2.000001"])
def test_integer_answer_must_be_whole(raw):
    with pytest.raises(ValueError, match="whole number"):
        parse_raw("integer", raw)


def test_integer_written_with_zero_decimals_is_read():
    assert parse_raw("integer", "40.0") == 40


@pytest.mark.parametrize("raw", ["²²²²", "20²0", "2o2o"])
def test_year_refused_with_a_translated_message(raw):
    with translation.override("fr"):
        with pytest.raises(ValueError) as refused:
            parse_raw("year", raw)
        assert str(refused.value) == "Saisissez une année à quatre chiffres."
    with pytest.raises(ValueError, match="four digits"):
        parse_raw("year", raw)


@pytest.mark.parametrize("raw", ["2020", "٢٠٢٠", "２０２０"])
def test_year_in_any_script_of_decimal_digits(raw):
    assert parse_raw("year", raw) == 2020
