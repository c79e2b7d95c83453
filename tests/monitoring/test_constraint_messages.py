"""Database constraints speak the user's language when a form (the admin) checks them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from target87.monitoring.models import Indicator, Observation


@pytest.mark.parametrize(
    "lang, message",
    [("en", "The standard error must be zero or more."),
     ("fr", "L'erreur type doit être supérieure ou égale à zéro.")],
)
def test_negative_se_constraint_has_a_message(catalogue, country, lang, message):
    obs = Observation(
        country=country, indicator=Indicator.objects.get(code="CL_PREV_ECON"), period=2020,
        value=Decimal("15.3"), se=Decimal("-0.5"),
    )
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        obs.validate_constraints()
    assert message in refused.value.messages
