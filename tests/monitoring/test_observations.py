"""Observations: saving drafts, validation rules, the approval workflow and its scoping."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from target87.monitoring import services
from target87.monitoring.models import Observation, ObservationStatus
from target87.monitoring.validation import validate_observations


def test_save_observation_creates_then_updates_the_draft(catalogue, country, focal_point):
    obs = services.save_observation(
        country,
        "CL_PREV_ECON",
        2019,
        "12.5",
        {"sex": "female", "age": "5-17"},
        se="0.8",
        ci_low="10.9",
        ci_high="14.1",
        source="NCLS 2018",
        method_note="survey design-based",
        user=focal_point,
    )
    assert obs.status == ObservationStatus.DRAFT
    assert obs.disaggregation_key == "age=5-17|sex=female"
    again = services.save_observation(
        country, "CL_PREV_ECON", 2019, "13", {"age": "5-17", "sex": "female"}, user=focal_point
    )
    assert again.pk == obs.pk and again.value == Decimal("13")
    assert Observation.objects.count() == 1
    assert obs.history.count() == 2


def test_save_observation_refuses_bad_disaggregation_and_computed(catalogue, country, secretariat):
    with pytest.raises(ValidationError, match="cannot be disaggregated by sector"):
        services.save_observation(
            country, "CL_PREV_ECON", 2019, 10, {"sector": "agriculture"}, user=secretariat
        )
    with pytest.raises(ValidationError, match="not a value of age"):
        services.save_observation(
            country, "CL_PREV_ECON", 2019, 10, {"age": "6-10"}, user=secretariat
        )
    with pytest.raises(ValidationError, match="computed"):
        services.save_observation(country, "IMP_ACTIVITIES_IMPLEMENTED", 2019, 50, user=secretariat)


def test_focal_point_saves_only_own_country(catalogue, other_country, focal_point):
    with pytest.raises(PermissionDenied):
        services.save_observation(
            other_country, "CL_POL_NAP", 2020, True, value_year=2019, user=focal_point
        )


def _rule_codes(observations):
    return {v.rule for v in validate_observations(observations)}


@pytest.mark.parametrize(
    "code,kwargs,rule",
    [
        ("CL_PREV_ECON", {"value": "101"}, "proportion_at_most_100"),
        ("CL_PREV_ECON", {"value": "-1"}, "proportion_not_negative"),
        (
            "CL_PREV_ECON",
            {"value": "10", "numerator": "50", "denominator": "40"},
            "numerator_at_most_denominator",
        ),
        (
            "CL_PREV_ECON",
            {"value": "10", "numerator": "5", "denominator": "0"},
            "denominator_positive",
        ),
        ("CL_PREV_ECON", {"value": "10", "ci_low": "11", "ci_high": "12"}, "ci_low_at_most_value"),
        ("CL_PREV_ECON", {"value": "10", "ci_low": "8", "ci_high": "9"}, "ci_high_at_least_value"),
        ("FL_PREV_VICTIMS", {"value": "-3"}, "count_not_negative"),
        ("CL_BUD_EDUCATION", {"value": "-5", "currency": "NPR"}, "amount_not_negative"),
        (
            "CL_BUD_EDUCATION",
            {"value": "5", "currency": "NPR", "percent_gdp": "-1"},
            "percent_gdp_not_negative",
        ),
        (
            "CL_BUD_EDUCATION",
            {"value": "5", "currency": "NPR", "percent_gdp": "120"},
            "percent_gdp_at_most_100",
        ),
        ("CL_BUD_EDUCATION", {"value": "5"}, "amount_requires_currency"),
        ("CL_POL_NAP", {"value_bool": True}, "law_adopted_implies_year"),
        ("CL_POL_NAP", {"value_bool": True, "value_year": 2031}, "year_not_after_period"),
        ("CL_LEG_MIN_AGE", {"value_bool": True, "value_year": 1900}, "year_not_before_1919"),
    ],
)
def test_each_validation_rule(catalogue, country, code, kwargs, rule):
    from target87.monitoring.models import Indicator

    obs = Observation(
        country=country, indicator=Indicator.objects.get(code=code), period=2020, **kwargs
    )
    assert rule in _rule_codes([obs])


def test_valid_values_pass_every_rule(catalogue, country):
    from target87.monitoring.models import Indicator

    def obs(code, **kw):
        return Observation(
            country=country, indicator=Indicator.objects.get(code=code), period=2020, **kw
        )

    good = [
        obs(
            "CL_PREV_ECON",
            value=Decimal("10"),
            numerator=Decimal("4"),
            denominator=Decimal("40"),
            ci_low=Decimal("9"),
            ci_high=Decimal("11"),
        ),
        obs("CL_PREV_ECON_CHORES", value=Decimal("12")),
        obs("CL_POL_NAP", value_bool=True, value_year=2016),
        obs("CL_POL_AWARENESS", value_bool=False),
        obs("CL_BUD_EDUCATION", value=Decimal("5"), currency="NPR", percent_gdp=Decimal("3.4")),
        obs("CL_MEAS_FIRST_YEAR", value_year=2008),
        obs("CL_MEAS_RECENT_YEAR", value_year=2018),
    ]
    assert validate_observations(good) == []


def test_cross_indicator_rules(catalogue, country):
    from target87.monitoring.models import Indicator

    def obs(code, **kw):
        return Observation(
            country=country, indicator=Indicator.objects.get(code=code), period=2020, **kw
        )

    assert "cl_recent_survey_not_before_first" in _rule_codes(
        [obs("CL_MEAS_FIRST_YEAR", value_year=2018), obs("CL_MEAS_RECENT_YEAR", value_year=2008)]
    )
    # a missing side skips the rule
    assert "cl_recent_survey_not_before_first" not in _rule_codes(
        [obs("CL_MEAS_RECENT_YEAR", value_year=2008)]
    )
    assert "cl_economic_activity_within_chores" in _rule_codes(
        [obs("CL_PREV_ECON", value=Decimal("20")), obs("CL_PREV_ECON_CHORES", value=Decimal("15"))]
    )


def test_rule_reads_the_other_side_from_the_database(catalogue, country, secretariat):
    services.save_observation(country, "FL_MEAS_FIRST_YEAR", 2020, 2015, user=secretariat)
    from target87.monitoring.models import Indicator

    recent = Observation(
        country=country,
        indicator=Indicator.objects.get(code="FL_MEAS_RECENT_YEAR"),
        period=2020,
        value_year=2010,
    )
    assert "fl_recent_survey_not_before_first" in _rule_codes([recent])


def test_submission_with_violations_refused_with_whole_list(catalogue, country, focal_point):
    a = services.save_observation(country, "CL_PREV_ECON", 2020, "150", user=focal_point)
    b = services.save_observation(country, "CL_POL_NAP", 2020, True, user=focal_point)
    with pytest.raises(services.SubmissionRefused) as refused:
        services.submit_observations([a, b], focal_point)
    fields = [name for name, _m in refused.value.errors]
    assert "CL_PREV_ECON.value" in fields and "CL_POL_NAP.value_year" in fields
    a.refresh_from_db()
    assert a.status == ObservationStatus.DRAFT and a.value == Decimal("150")


def test_workflow_draft_to_published_and_back(
    catalogue, country, focal_point, other_focal_point, secretariat, gcg_member
):
    obs = services.save_observation(country, "CL_PREV_ECON", 2020, "14.2", user=focal_point)
    with pytest.raises(PermissionDenied):
        services.submit_observations([obs], other_focal_point)
    services.submit_observations([obs], focal_point)
    assert obs.status == ObservationStatus.SUBMITTED
    with pytest.raises(ValidationError):  # nobody edits a submitted value
        services.save_observation(country, "CL_PREV_ECON", 2020, "1", user=secretariat)
    for user in (focal_point, gcg_member):
        with pytest.raises(PermissionDenied):
            services.approve_observation(obs, user)
    services.return_observation(obs, secretariat, "Source missing")
    assert obs.status == ObservationStatus.DRAFT and obs.review_comment == "Source missing"
    services.save_observation(
        country, "CL_PREV_ECON", 2020, "14.3", source="NCLS", user=focal_point
    )
    obs.refresh_from_db()
    services.submit_observations([obs], focal_point)
    services.approve_observation(obs, secretariat)
    assert services.latest_published(country, "CL_PREV_ECON") is None
    with pytest.raises(PermissionDenied):
        services.publish_observation(obs, focal_point)
    services.publish_observation(obs, secretariat)
    assert services.latest_published(country, "CL_PREV_ECON").value == Decimal("14.3")
    services.unapprove_observation(obs, secretariat, "Wrong weights")
    assert obs.status == ObservationStatus.SUBMITTED
    assert services.latest_published(country, "CL_PREV_ECON") is None
    statuses = [h.status for h in obs.history.order_by("history_date")]
    assert statuses[-5:] == ["draft", "submitted", "approved", "published", "submitted"]
    with pytest.raises(
        ValidationError
    ):  # approved -> published skips nothing: submitted cannot publish
        services.publish_observation(obs, secretariat)


def test_latest_published_takes_most_recent_period(catalogue, country, secretariat):
    for year, value in ((2008, "33.9"), (2018, "15.3")):
        obs = services.save_observation(
            country, "CL_PREV_ECON", year, value, {"age": "5-17"}, user=secretariat
        )
        services.submit_observations([obs], secretariat)
        services.approve_observation(obs, secretariat)
        services.publish_observation(obs, secretariat)
    assert services.latest_published(country, "CL_PREV_ECON", {"age": "5-17"}).period == 2018
    assert services.latest_published(country, "CL_PREV_ECON") is None  # total not published
