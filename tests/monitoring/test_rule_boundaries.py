"""Validation rules at their exact boundary."""

from decimal import Decimal

import pytest

from target87.monitoring.services import save_observation
from target87.monitoring.validation import validate_observations


@pytest.mark.parametrize(
    ("value", "refused"),
    [("100", False), ("100.0000", False), ("100.0001", True), ("0", False)],
)
def test_proportion_at_most_100(catalogue, country, value, refused):
    obs = save_observation(country, "CL_PREV_ECON", 2021, Decimal(value))
    rules = {v.rule for v in validate_observations([obs])}
    assert ("proportion_at_most_100" in rules) is refused


@pytest.mark.parametrize(("share", "refused"), [("100", False), ("100.0001", True)])
def test_share_of_gdp_at_most_100(catalogue, country, share, refused):
    from target87.monitoring.models import Indicator

    code = Indicator.objects.filter(value_type="amount").values_list("code", flat=True).first()
    obs = save_observation(country, code, 2021, Decimal("1000"), currency="USD",
                           percent_gdp=Decimal(share))
    rules = {v.rule for v in validate_observations([obs])}
    assert ("percent_gdp_at_most_100" in rules) is refused
