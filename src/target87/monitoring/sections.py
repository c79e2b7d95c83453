"""The country page section: the country's published indicator values."""

from django.template.loader import render_to_string

from target87.monitoring.models import Convention, Dimension, ValueType
from target87.monitoring.services import published_values


def country_indicators_section(request, country):
    observations = published_values(country)
    if not observations:
        return None
    latest = {}
    for obs in observations:  # ordered newest period first within an indicator and disaggregation
        latest.setdefault((obs.indicator_id, obs.disaggregation_key), obs)
    conventions = {c.code: c for c in Convention.objects.all()}
    prevalence, commitment, ratifications = [], [], []
    for obs in latest.values():
        if obs.indicator.value_type == ValueType.RATIFICATION:
            conv = conventions.get(obs.disaggregation.get("convention"))
            ratifications.append((obs, conv))
        elif obs.indicator.dimension == Dimension.PREVALENCE:
            prevalence.append(obs)
        elif obs.indicator.dimension == Dimension.POLITICAL_COMMITMENT:
            commitment.append(obs)
    return render_to_string(
        "monitoring/_country_section.html",
        {
            "country": country,
            "prevalence": prevalence,
            "commitment": commitment,
            "ratifications": ratifications,
        },
        request=request,
    )
