"""The items of the progress questionnaire, in one place for the web form, the XLSForm,
the import of submissions and the Excel export of indicator values.

Item names are valid XML names (XLSForm requires it): ``v__CODE__field`` for a standard
indicator, ``v__CODE__CONVENTION__field`` for a convention asked one by one,
``c__ID__field`` for a customized indicator, ``ns__ID__field`` for a workshop next step and
``q1_progress``... for the open questions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from target87.monitoring.models import (
    Convention,
    CustomIndicator,
    Frequency,
    Indicator,
    NextStepCheck,
    Questionnaire,
    ValueType,
)

LANGUAGES = ["en", "fr", "es", "ar", "zh-hans", "ru"]

# the fields asked for each value type, in order, with their kind of input
FIELDS_BY_TYPE: dict[str, list[tuple[str, str]]] = {
    ValueType.PROPORTION: [
        ("value", "decimal"),
        ("numerator", "decimal"),
        ("denominator", "decimal"),
        ("source", "text"),
    ],
    ValueType.COUNT: [("value", "integer"), ("source", "text")],
    ValueType.YES_NO: [("value_bool", "yes_no"), ("value_year", "year")],
    ValueType.YEAR: [("value_year", "year")],
    ValueType.FREQUENCY: [("value_text", "frequency")],
    ValueType.RATIFICATION: [("value_bool", "yes_no"), ("value_year", "year")],
    ValueType.AMOUNT: [("value", "decimal"), ("currency", "currency"), ("percent_gdp", "decimal")],
    ValueType.TEXT: [("value_text", "long_text")],
}

FIELD_LABELS = {
    "value": _("Value"),
    "numerator": _("Numerator"),
    "denominator": _("Denominator"),
    "source": _("Source"),
    "value_bool": _("Yes/no"),
    "value_year": _("Year"),
    "value_text": _("Answer"),
    "currency": _("Currency (ISO 4217)"),
    # xgettext:no-python-format
    "percent_gdp": _("% of GDP"),
    "note": _("Comment"),
    "achieved": _("Achieved"),
    "comment": _("Comment"),
}
RATIFICATION_LABELS = {"value_bool": _("Ratified"), "value_year": _("Year of ratification")}
YES_NO_LABELS = {"value_bool": _("In place"), "value_year": _("Year adopted")}

OPEN_QUESTIONS: list[tuple[str, object, bool]] = [
    (
        "q1_progress",
        _(
            "1. Since {country} became a pathfinder country, what progress has been made "
            "against the national priorities?"
        ),
        True,
    ),
    ("q1_successes", _("What successes is {country} proud of?"), False),
    (
        "q1_challenges",
        _(
            "What were the main challenges that {country} found on its path to achieving "
            "the main priorities?"
        ),
        False,
    ),
    ("q1_lessons", _("If relevant: how were they overcome? What are the lessons learned?"), False),
    (
        "q3_highlights",
        _(
            "3. By May {year}, what are the main highlights around the pathfinder process "
            "for {country}?"
        ),
        True,
    ),
    (
        "q4_opportunities",
        _(
            "4. Have any key opportunities been identified to tap on for {country} to "
            "achieve its priorities? (e.g. partnerships, events, meetings, resources)"
        ),
        False,
    ),
    (
        "q5_next_steps",
        _(
            "5. What are the next steps for {country}? (Include goals, targets as relevant, "
            "be as specific as possible)"
        ),
        True,
    ),
]
NEXT_STEPS_QUESTION = _(
    "2. In the {country} pathfinder workshop the following next steps were identified. "
    "Please tick the box if they have been achieved and add any comments as needed."
)


@dataclass
class Item:
    name: str
    kind: str  # decimal, integer, yes_no, year, frequency, currency, text, long_text, checkbox
    section: str  # indicators, custom, next_steps, open
    labels: dict[str, str] = dataclasses.field(default_factory=dict)
    required: bool = False
    indicator: Indicator | None = None
    custom_indicator: CustomIndicator | None = None
    convention: Convention | None = None
    next_step: NextStepCheck | None = None
    field: str = ""
    group_label: dict[str, str] = dataclasses.field(default_factory=dict)
    short_labels: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def short_label(self) -> str:
        lang = (translation.get_language() or "en").lower()
        if not self.short_labels:
            return self.label
        short = self.short_labels
        return short.get(lang) or short.get(lang[:2]) or short["en"]

    @property
    def label(self) -> str:
        lang = (translation.get_language() or "en").lower()
        return self.labels.get(lang) or self.labels.get(lang[:2]) or self.labels["en"]

    @property
    def group(self) -> str:
        lang = (translation.get_language() or "en").lower()
        return (
            self.group_label.get(lang)
            or self.group_label.get(lang[:2])
            or self.group_label.get("en", "")
        )

    @property
    def observation_key(self) -> tuple:
        """What observation this item feeds: (kind, id or code, disaggregation key)."""
        if self.indicator is not None:
            dkey = f"convention={self.convention.code}" if self.convention else ""
            return ("standard", self.indicator.code, dkey)
        if self.custom_indicator is not None:
            return ("custom", self.custom_indicator.pk, "")
        return ("", "", "")


def _in_languages(text_or_lazy, **fmt) -> dict[str, str]:
    out = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            text = str(text_or_lazy)
            out[lang] = text.format(**fmt) if fmt else text
    return out


def _indicator_names(indicator: Indicator) -> dict[str, str]:
    return {lang: indicator.name_in(lang) for lang in LANGUAGES}


def _convention_names(convention: Convention) -> dict[str, str]:
    return {
        lang: getattr(convention, f"name_{'zh' if lang == 'zh-hans' else lang}")
        for lang in LANGUAGES
    }


def reported_indicators():
    """Standard indicators a country types in: the annex's standard, non-computed ones."""
    return Indicator.objects.filter(standard=True, computed=False).order_by("order")


def build_items(questionnaire: Questionnaire) -> list[Item]:
    country_names = {lang: questionnaire.country.name_in(lang) for lang in LANGUAGES}
    year = questionnaire.cycle.year
    items: list[Item] = []
    conventions = {c.code: c for c in Convention.objects.all()}
    for indicator in reported_indicators():
        names = _indicator_names(indicator)
        targets = (
            [conventions[c] for c in indicator.conventions if c in conventions]
            if indicator.value_type == ValueType.RATIFICATION
            else [None]
        )
        for convention in targets:
            group = dict(names)
            if convention is not None:
                conv_names = _convention_names(convention)
                group = {lang: f"{names[lang]}: {conv_names[lang]}" for lang in LANGUAGES}
            for fname, kind in FIELDS_BY_TYPE[indicator.value_type]:
                special = (
                    RATIFICATION_LABELS
                    if indicator.value_type == ValueType.RATIFICATION
                    else YES_NO_LABELS
                    if indicator.value_type == ValueType.YES_NO
                    else {}
                )
                flabel = _in_languages(special.get(fname, FIELD_LABELS[fname]))
                labels = {lang: f"{group[lang]}: {flabel[lang]}" for lang in LANGUAGES}
                name = (
                    f"v__{indicator.code}__{convention.code}__{fname}"
                    if convention
                    else f"v__{indicator.code}__{fname}"
                )
                items.append(
                    Item(
                        name=name,
                        kind=kind,
                        section="indicators",
                        labels=labels,
                        indicator=indicator,
                        convention=convention,
                        field=fname,
                        group_label=group,
                        short_labels=flabel,
                    )
                )
    for custom in CustomIndicator.objects.filter(country=questionnaire.country):
        base = {lang: f"{custom.priority}: {custom.indicator}" for lang in LANGUAGES}
        for fname, kind in [("value", "decimal"), ("note", "text")]:
            flabel = _in_languages(FIELD_LABELS[fname])
            items.append(
                Item(
                    name=f"c__{custom.pk}__{fname}",
                    kind=kind,
                    section="custom",
                    labels={lang: f"{base[lang]}: {flabel[lang]}" for lang in LANGUAGES},
                    custom_indicator=custom,
                    field=fname,
                    group_label=base,
                    short_labels=flabel,
                )
            )
    for step in questionnaire.next_steps.all():
        base = {lang: step.text for lang in LANGUAGES}
        for fname, kind in [("achieved", "checkbox"), ("comment", "text")]:
            flabel = _in_languages(FIELD_LABELS[fname])
            items.append(
                Item(
                    name=f"ns__{step.pk}__{fname}",
                    kind=kind,
                    section="next_steps",
                    labels={lang: f"{step.text}: {flabel[lang]}" for lang in LANGUAGES},
                    next_step=step,
                    field=fname,
                    group_label=base,
                    short_labels=flabel,
                )
            )
    for name, text, required in OPEN_QUESTIONS:
        labels = {}
        for lang in LANGUAGES:
            with translation.override(lang):
                labels[lang] = str(text).format(country=country_names[lang], year=year)
        items.append(
            Item(name=name, kind="long_text", section="open", labels=labels, required=required)
        )
    return items


def frequency_choices() -> list[tuple[str, dict[str, str]]]:
    return [(value, _in_languages(label)) for value, label in Frequency.choices]
