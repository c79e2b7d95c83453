"""The catalogue matches the annex of seed 004 item by item."""

import pytest

from target87.monitoring.models import Convention, Indicator, ValidationRule
from target87.monitoring.services import FRAMEWORK_SOURCE, load_catalogue

# (code, dimension, theme, group, value type) in the annex's order; the words that must appear
# in the English name are the annex's own.
ANNEX = [
    (
        "CL_PREV_ECON",
        "prevalence",
        "child_labour",
        "",
        "proportion",
        "SNA production boundary basis",
    ),
    (
        "CL_PREV_ECON_CHORES",
        "prevalence",
        "child_labour",
        "",
        "proportion",
        "general production boundary basis",
    ),
    ("CL_PREV_NATIONAL", "prevalence", "child_labour", "", "proportion", "national definition"),
    ("CL_PREV_HAZARDOUS", "prevalence", "child_labour", "", "proportion", "hazardous work"),
    ("FL_PREV_VICTIMS", "prevalence", "forced_labour", "", "count", "victims"),
    ("FL_PREV_LEGAL_CASES", "prevalence", "forced_labour", "", "count", "legal cases"),
    (
        "FL_PREV_ESTIMATES",
        "prevalence",
        "forced_labour",
        "",
        "proportion",
        "National/regional/sectoral estimates",
    ),
    ("HT_PREV_VICTIMS", "prevalence", "human_trafficking", "", "count", "victims"),
    ("HT_PREV_LEGAL_CASES", "prevalence", "human_trafficking", "", "count", "legal cases"),
    (
        "HT_PREV_ESTIMATES",
        "prevalence",
        "human_trafficking",
        "",
        "proportion",
        "National/regional/sectoral estimates",
    ),
    (
        "CL_LEG_CONV_PRIORITY",
        "political_commitment",
        "child_labour",
        "legislation",
        "ratification",
        "Priority conventions",
    ),
    (
        "CL_LEG_CONV_ADDITIONAL",
        "political_commitment",
        "child_labour",
        "legislation",
        "ratification",
        "Additional relevant conventions",
    ),
    (
        "CL_LEG_MIN_AGE",
        "political_commitment",
        "child_labour",
        "legislation",
        "yes_no",
        "minimum age",
    ),
    (
        "CL_LEG_HAZARDOUS_LIST",
        "political_commitment",
        "child_labour",
        "legislation",
        "yes_no",
        "hazardous occupation list",
    ),
    (
        "CL_LEG_WORKING_HOURS",
        "political_commitment",
        "child_labour",
        "legislation",
        "yes_no",
        "working hours",
    ),
    (
        "CL_LEG_AGE_EDUCATION",
        "political_commitment",
        "child_labour",
        "legislation",
        "yes_no",
        "compulsory education",
    ),
    (
        "CL_LEG_OTHER",
        "political_commitment",
        "child_labour",
        "legislation",
        "text",
        "other provisions",
    ),
    (
        "CL_POL_NAP",
        "political_commitment",
        "child_labour",
        "policies",
        "yes_no",
        "National Action Plan on the Elimination of Child Labour",
    ),
    (
        "CL_POL_DIRECT",
        "political_commitment",
        "child_labour",
        "policies",
        "count",
        "targeting directly child labour",
    ),
    (
        "CL_POL_INCLUDING",
        "political_commitment",
        "child_labour",
        "policies",
        "count",
        "including child labour",
    ),
    (
        "CL_POL_AWARENESS",
        "political_commitment",
        "child_labour",
        "policies",
        "yes_no",
        "Awareness raising",
    ),
    (
        "CL_BUD_ELIMINATION",
        "political_commitment",
        "child_labour",
        "budget",
        "amount",
        "child labour elimination/prevention",
    ),
    ("CL_BUD_EDUCATION", "political_commitment", "child_labour", "budget", "amount", "education"),
    (
        "CL_BUD_SOCIAL_PROTECTION",
        "political_commitment",
        "child_labour",
        "budget",
        "amount",
        "social protection",
    ),
    (
        "CL_MEAS_FIRST_YEAR",
        "political_commitment",
        "child_labour",
        "measurement",
        "year",
        "was collected",
    ),
    (
        "CL_MEAS_RECENT_YEAR",
        "political_commitment",
        "child_labour",
        "measurement",
        "year",
        "Most recent",
    ),
    (
        "CL_MEAS_FREQUENCY",
        "political_commitment",
        "child_labour",
        "measurement",
        "frequency",
        "regularly collected",
    ),
    (
        "FL_LEG_CONV_PRIORITY",
        "political_commitment",
        "forced_labour",
        "legislation",
        "ratification",
        "Priority conventions",
    ),
    (
        "FL_LEG_CONV_ADDITIONAL",
        "political_commitment",
        "forced_labour",
        "legislation",
        "ratification",
        "Additional relevant conventions",
    ),
    (
        "FL_LEG_DEFINITION",
        "political_commitment",
        "forced_labour",
        "legislation",
        "yes_no",
        "defining forced labour",
    ),
    (
        "FL_LEG_VICTIM_RIGHTS",
        "political_commitment",
        "forced_labour",
        "legislation",
        "yes_no",
        "protecting rights",
    ),
    (
        "FL_LEG_PUNISH",
        "political_commitment",
        "forced_labour",
        "legislation",
        "yes_no",
        "perpetrators",
    ),
    (
        "FL_LEG_RECRUITMENT",
        "political_commitment",
        "forced_labour",
        "legislation",
        "yes_no",
        "regulating recruitment",
    ),
    (
        "FL_LEG_DUE_DILIGENCE",
        "political_commitment",
        "forced_labour",
        "legislation",
        "yes_no",
        "due diligence",
    ),
    (
        "FL_LEG_OTHER",
        "political_commitment",
        "forced_labour",
        "legislation",
        "text",
        "other provisions",
    ),
    (
        "FL_POL_NAP",
        "political_commitment",
        "forced_labour",
        "policies",
        "yes_no",
        "National Action Plan on the Elimination of Forced Labour",
    ),
    (
        "FL_POL_DIRECT",
        "political_commitment",
        "forced_labour",
        "policies",
        "count",
        "targeting directly forced labour",
    ),
    (
        "FL_POL_FAIR_RECRUITMENT",
        "political_commitment",
        "forced_labour",
        "policies",
        "count",
        "fair recruitment",
    ),
    (
        "FL_POL_COMPLAINTS",
        "political_commitment",
        "forced_labour",
        "policies",
        "yes_no",
        "complaints mechanisms",
    ),
    (
        "FL_POL_AWARENESS",
        "political_commitment",
        "forced_labour",
        "policies",
        "yes_no",
        "Awareness raising",
    ),
    (
        "FL_BUD_ELIMINATION",
        "political_commitment",
        "forced_labour",
        "budget",
        "amount",
        "forced labour elimination",
    ),
    (
        "FL_BUD_SOCIAL_PROTECTION",
        "political_commitment",
        "forced_labour",
        "budget",
        "amount",
        "social protection",
    ),
    (
        "FL_MEAS_AVAILABLE",
        "political_commitment",
        "forced_labour",
        "measurement",
        "yes_no",
        "are available",
    ),
    (
        "FL_MEAS_FIRST_YEAR",
        "political_commitment",
        "forced_labour",
        "measurement",
        "year",
        "was collected",
    ),
    (
        "FL_MEAS_RECENT_YEAR",
        "political_commitment",
        "forced_labour",
        "measurement",
        "year",
        "Most recent",
    ),
    (
        "FL_MEAS_FREQUENCY",
        "political_commitment",
        "forced_labour",
        "measurement",
        "frequency",
        "regularly collected",
    ),
    (
        "HT_LEG_CONV_PRIORITY",
        "political_commitment",
        "human_trafficking",
        "legislation",
        "ratification",
        "Palermo",
    ),
    (
        "HT_LEG_CONV_ADDITIONAL",
        "political_commitment",
        "human_trafficking",
        "legislation",
        "ratification",
        "Additional relevant conventions",
    ),
    (
        "HT_LEG_VICTIM_RIGHTS",
        "political_commitment",
        "human_trafficking",
        "legislation",
        "yes_no",
        "rights of victims",
    ),
    (
        "HT_LEG_PUNISH",
        "political_commitment",
        "human_trafficking",
        "legislation",
        "yes_no",
        "perpetrators",
    ),
    (
        "HT_LEG_RECRUITMENT",
        "political_commitment",
        "human_trafficking",
        "legislation",
        "yes_no",
        "fair recruitment",
    ),
    (
        "HT_LEG_DUE_DILIGENCE",
        "political_commitment",
        "human_trafficking",
        "legislation",
        "yes_no",
        "due diligence",
    ),
    (
        "HT_LEG_MIGRATION",
        "political_commitment",
        "human_trafficking",
        "legislation",
        "yes_no",
        "migration",
    ),
    (
        "HT_LEG_BILATERAL",
        "political_commitment",
        "human_trafficking",
        "legislation",
        "yes_no",
        "bilateral labour agreements",
    ),
    (
        "HT_LEG_OTHER",
        "political_commitment",
        "human_trafficking",
        "legislation",
        "text",
        "other provisions",
    ),
    (
        "HT_POL_NAP",
        "political_commitment",
        "human_trafficking",
        "policies",
        "yes_no",
        "National Action Plan on the Elimination of Human Trafficking",
    ),
    (
        "HT_POL_DIRECT",
        "political_commitment",
        "human_trafficking",
        "policies",
        "count",
        "targeting directly human trafficking",
    ),
    (
        "HT_POL_PRE_MIGRATION",
        "political_commitment",
        "human_trafficking",
        "policies",
        "yes_no",
        "Pre-migration",
    ),
    (
        "HT_POL_AWARENESS",
        "political_commitment",
        "human_trafficking",
        "policies",
        "yes_no",
        "abusive recruitment",
    ),
    (
        "HT_BUD_ELIMINATION",
        "political_commitment",
        "human_trafficking",
        "budget",
        "amount",
        "forced labour elimination",
    ),
    (
        "HT_BUD_SOCIAL_PROTECTION",
        "political_commitment",
        "human_trafficking",
        "budget",
        "amount",
        "social protection",
    ),
    (
        "HT_MEAS_AVAILABLE",
        "political_commitment",
        "human_trafficking",
        "measurement",
        "yes_no",
        "are available",
    ),
    (
        "HT_MEAS_FIRST_YEAR",
        "political_commitment",
        "human_trafficking",
        "measurement",
        "year",
        "was collected",
    ),
    (
        "HT_MEAS_RECENT_YEAR",
        "political_commitment",
        "human_trafficking",
        "measurement",
        "year",
        "Most recent",
    ),
    (
        "HT_MEAS_FREQUENCY",
        "political_commitment",
        "human_trafficking",
        "measurement",
        "frequency",
        "regularly collected",
    ),
    ("IMP_ROADMAP_DEVELOPED", "implementation", "all", "", "yes_no", "Roadmap developed"),
    (
        "IMP_ACTIVITIES_IMPLEMENTED",
        "implementation",
        "all",
        "",
        "proportion",
        "% of roadmap activities implemented",
    ),
    ("IMP_TARGETS_ACHIEVED", "implementation", "all", "", "proportion", "% of targets achieved"),
    ("IMP_RESOURCES_ALLOCATED", "implementation", "all", "", "amount", "Resources allocated"),
    ("IMP_RESOURCES_DISBURSED", "implementation", "all", "", "amount", "Resources disbursed"),
    (
        "IMP_SUPPORT_SPONSORING",
        "implementation",
        "all",
        "",
        "count",
        "Sponsoring, convening or chairing",
    ),
    (
        "IMP_SUPPORT_SCALING",
        "implementation",
        "all",
        "",
        "count",
        "multi-stakeholder and innovative",
    ),
    ("IMP_SUPPORT_KNOWLEDGE", "implementation", "all", "", "count", "Knowledge Platform"),
    ("IMP_SUPPORT_ACTION_GROUP", "implementation", "all", "", "count", "action groups"),
]


# Indicators the platform adds beyond the annex, each with the source it comes from.
BEYOND_ANNEX = {"HT_PREV_MSE": "SDG indicator metadata 16.2.2"}


def test_catalogue_matches_annex_item_by_item(catalogue):
    rows = [i for i in Indicator.objects.order_by("order") if i.code not in BEYOND_ANNEX]
    assert [i.code for i in rows] == [a[0] for a in ANNEX]
    assert {i.source for i in rows} == {
        f"{FRAMEWORK_SOURCE}: Proposed monitoring indicators for Pathfinder countries"}
    for indicator, (code, dimension, theme, group, value_type, words) in zip(
        rows, ANNEX, strict=True
    ):
        assert (indicator.dimension, indicator.theme, indicator.group, indicator.value_type) == (
            dimension,
            theme,
            group,
            value_type,
        ), code
        assert words.lower() in indicator.name_en.lower(), code


def test_indicators_beyond_the_annex_cite_their_source(catalogue):
    for code, source in BEYOND_ANNEX.items():
        indicator = Indicator.objects.get(code=code)
        assert indicator.source.startswith(source) and not indicator.standard
    mse = Indicator.objects.get(code="HT_PREV_MSE")
    assert (mse.dimension, mse.theme, mse.value_type) == ("prevalence", "human_trafficking",
                                                           "count")
    assert "detected and undetected" in mse.name_en


def test_every_indicator_named_in_six_languages(catalogue):
    for indicator in Indicator.objects.all():
        names = [
            indicator.name_en,
            indicator.name_fr,
            indicator.name_es,
            indicator.name_ar,
            indicator.name_zh,
            indicator.name_ru,
        ]
        assert all(n.strip() for n in names), indicator.code
        assert len(set(names)) >= 5, indicator.code  # translations, not copies of the English


def test_sdg_series_for_8_7_1(catalogue):
    assert Indicator.objects.get(code="CL_PREV_ECON").sdg_series == "SL_TLF_CHLDEA"
    assert Indicator.objects.get(code="CL_PREV_ECON_CHORES").sdg_series == "SL_TLF_CHLDEC"
    assert set(Indicator.objects.get(code="CL_PREV_ECON").disaggregations) >= {"sex", "age"}


def test_implementation_indicators_are_computed_and_only_they(catalogue):
    computed = set(Indicator.objects.filter(computed=True).values_list("code", flat=True))
    assert computed == {a[0] for a in ANNEX if a[0].startswith("IMP_")}


def test_customized_examples_are_not_standard(catalogue):
    customized = set(Indicator.objects.filter(standard=False).values_list("code", flat=True))
    assert customized - set(BEYOND_ANNEX) == {
        "CL_PREV_NATIONAL",
        "CL_PREV_HAZARDOUS",
    }


def test_conventions_answered_one_by_one(catalogue):
    assert list(Convention.objects.values_list("code", flat=True)) == [
        "C138",
        "C182",
        "CRC",
        "C29",
        "P029",
        "C105",
        "PALERMO",
        "C143",
        "C181",
        "C189",
        "C190",
    ]
    assert Indicator.objects.get(code="CL_LEG_CONV_PRIORITY").conventions == ["C182", "C138", "CRC"]
    assert Indicator.objects.get(code="FL_LEG_CONV_PRIORITY").conventions == ["C105", "C29", "P029"]
    assert Indicator.objects.get(code="HT_LEG_CONV_PRIORITY").conventions == [
        "PALERMO",
        "C143",
        "C181",
    ]
    assert Convention.objects.get(code="P029").adopted_year == 2014


def test_loader_is_idempotent(catalogue):
    assert load_catalogue() == 0
    Indicator.objects.filter(code="CL_POL_NAP").update(name_fr="x")
    assert load_catalogue() == 1
    assert Indicator.objects.get(code="CL_POL_NAP").name_fr.startswith("Plan d'action national")


def test_validation_rules_are_data(catalogue):
    codes = set(ValidationRule.objects.values_list("code", flat=True))
    assert {
        "proportion_at_most_100",
        "numerator_at_most_denominator",
        "cl_recent_survey_not_before_first",
        "law_adopted_implies_year",
        "amount_not_negative",
    } <= codes


@pytest.mark.parametrize("code", ["CL_PREV_ECON", "CL_POL_NAP"])
def test_name_follows_language(catalogue, code):
    from django.utils import translation

    indicator = Indicator.objects.get(code=code)
    with translation.override("fr"):
        assert indicator.name == indicator.name_fr
    with translation.override("zh-hans"):
        assert indicator.name == indicator.name_zh
