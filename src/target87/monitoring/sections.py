"""The country page section: key figures, a chart for each indicator with a series, every
published indicator value, and the country's data as files.

Every key figure is always listed: a figure not yet published reads "No data", never 0.
"""

from django.template.loader import render_to_string
from django.urls import reverse

from target87.monitoring.country_data import country_charts_with_svg
from target87.monitoring.models import Convention, Dimension, Indicator, Origin, ValueType
from target87.monitoring.services import published_values

ORIGINS = [Origin.NATIONAL, Origin.GLOBAL]

# what a reader of a country dashboard looks for first (briefing pack annex)
KEY_PREVALENCE = ["CL_PREV_ECON", "CL_PREV_ECON_CHORES", "CL_PREV_HAZARDOUS",
                  "FL_PREV_ESTIMATES", "FL_PREV_VICTIMS", "HT_PREV_VICTIMS"]
KEY_COMMITMENT = ["CL_LEG_MIN_AGE", "CL_LEG_HAZARDOUS_LIST", "CL_LEG_AGE_EDUCATION",
                  "CL_POL_NAP", "FL_POL_NAP", "HT_POL_NAP", "CL_BUD_ELIMINATION",
                  "CL_MEAS_FIRST_YEAR", "CL_MEAS_RECENT_YEAR", "CL_MEAS_FREQUENCY"]


def country_key_figures(country, observations=None) -> dict:
    """The latest published figures of a country. Where the country reports its own figure
    and the custodian's global database publishes another, both are kept, national first,
    each labelled by its origin (as national SDG reporting platforms do)."""
    if observations is None:
        observations = published_values(country)
    latest = {}
    for obs in observations:  # newest period first within an indicator and disaggregation
        latest.setdefault((obs.indicator.code, obs.disaggregation_key, obs.origin), obs)
    indicators = {i.code: i for i in Indicator.objects.filter(
        code__in=KEY_PREVALENCE + KEY_COMMITMENT)}

    def figures(code, keys=("", "age=5-17")):
        # children aged 5-17 is the whole population of the child labour indicators
        found = []
        for origin in ORIGINS:
            for key in keys:
                if (code, key, origin) in latest:
                    found.append(latest[(code, key, origin)])
                    break
        return found

    prevalence = [(indicators[c], figures(c)) for c in KEY_PREVALENCE if c in indicators]
    commitment = [(indicators[c], figures(c)) for c in KEY_COMMITMENT if c in indicators]
    ratified: dict[tuple[str, str], object] = {}
    for obs in latest.values():
        if obs.indicator.value_type == ValueType.RATIFICATION:
            code = obs.disaggregation.get("convention")
            ident = (code, obs.origin)
            if code and (ident not in ratified or obs.period > ratified[ident].period):
                ratified[ident] = obs
    conventions = [
        (conv, [ratified[(conv.code, o)] for o in ORIGINS if (conv.code, o) in ratified])
        for conv in Convention.objects.order_by("order")
    ]
    shown = {id(o) for _i, found in prevalence + commitment for o in found}
    shown |= {id(o) for o in ratified.values()}
    others = [o for o in latest.values() if id(o) not in shown
              and o.indicator.dimension != Dimension.IMPLEMENTATION
              and o.indicator.value_type != ValueType.RATIFICATION]
    both = any(len(found) > 1 for _i, found in prevalence)
    return {"prevalence": prevalence, "commitment": commitment, "conventions": conventions,
            "others": others, "has_data": bool(latest), "national_and_global": both}


def country_indicators_section(request, country):
    observations = published_values(country)
    context = country_key_figures(country, observations)
    context["country"] = country
    context["charts"] = country_charts_with_svg(country, observations)
    if observations:
        context["downloads"] = [
            (label, reverse("monitoring:country_data", args=[country.iso3, fmt]))
            for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"), ("sdmx", "SDMX-CSV"))
        ]
    context["none_list"] = [None]  # one "No data" row for an indicator without a figure
    return render_to_string("monitoring/_country_section.html", context, request=request)
