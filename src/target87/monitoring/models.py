"""The monitoring framework of the pathfinder countries (briefing pack, annex "Proposed
monitoring indicators for Pathfinder countries" and the "Questionnaire to report progress
by Pathfinder Countries").

The catalogue (indicators, conventions, validation rules) is reference data loaded from
``monitoring/data/``; observations, customized indicators and questionnaires are the
records countries and the Secretariat keep.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from target87.core.languages import language_suffix


class Dimension(models.TextChoices):
    PREVALENCE = "prevalence", _("Prevalence")
    POLITICAL_COMMITMENT = "political_commitment", _("Political commitment")
    IMPLEMENTATION = "implementation", _("Implementation")


class Theme(models.TextChoices):
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    HUMAN_TRAFFICKING = "human_trafficking", _("Human trafficking")
    ALL = "all", _("Child labour, forced labour and human trafficking")


class Group(models.TextChoices):
    NONE = "", _("—")
    LEGISLATION = "legislation", _("Legislation")
    POLICIES = "policies", _("Policies")
    BUDGET = "budget", _("Budget")
    MEASUREMENT = "measurement", _("Measurement")


class ValueType(models.TextChoices):
    PROPORTION = "proportion", _("Proportion (%) with numerator and denominator")
    COUNT = "count", _("Count")
    YES_NO = "yes_no", _("Yes/no (with the year adopted)")
    YEAR = "year", _("Year")
    FREQUENCY = "frequency", _("Frequency")
    RATIFICATION = "ratification", _("Ratification, convention by convention")
    # xgettext:no-python-format
    AMOUNT = "amount", _("Amount in currency and as % of GDP")
    TEXT = "text", _("Text")


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Every year")
    TWO_YEARS = "two_years", _("Every two years")
    THREE_TO_FIVE_YEARS = "three_to_five_years", _("Every three to five years")
    IRREGULAR = "irregular", _("Irregularly")
    NOT_COLLECTED = "not_collected", _("Not collected")


# Allowed disaggregations and their values (briefing pack annex: "by age and by gender";
# SDG 8.7.1 is published by sex and age; area and sector for national estimates).
DISAGGREGATIONS: dict[str, list[str]] = {
    "sex": ["female", "male"],
    "age": ["5-11", "12-14", "15-17", "5-14", "5-17"],
    "area": ["urban", "rural"],
    "sector": ["agriculture", "industry", "services"],
}


class Indicator(models.Model):
    """One indicator of the annex, loaded from ``data/indicators.csv``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    dimension = models.CharField(_("dimension"), max_length=24, choices=Dimension.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    group = models.CharField(_("group"), max_length=12, choices=Group.choices, blank=True)
    standard = models.BooleanField(
        _("standard indicator"),
        default=True,
        help_text=_("False for the annex's examples of customized indicators."),
    )
    computed = models.BooleanField(
        _("computed"),
        default=False,
        help_text=_("Computed from the roadmap and other records, never typed in."),
    )
    value_type = models.CharField(_("value type"), max_length=14, choices=ValueType.choices)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    disaggregations = models.JSONField(_("allowed disaggregations"), default=list, blank=True)
    conventions = models.JSONField(_("conventions asked"), default=list, blank=True)
    sdg_series = models.CharField(_("SDG series code"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("order"))
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    source = models.CharField(_("source"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(dimension__in=Dimension.values), name="indicator_dimension_valid"
            ),
            models.CheckConstraint(
                condition=Q(theme__in=Theme.values), name="indicator_theme_valid"
            ),
            models.CheckConstraint(
                condition=Q(value_type__in=ValueType.values), name="indicator_value_type_valid"
            ),
            models.CheckConstraint(
                condition=~Q(computed=True) | Q(dimension=Dimension.IMPLEMENTATION),
                name="indicator_computed_only_implementation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    @property
    def name(self) -> str:
        return getattr(self, f"name_{language_suffix()}") or self.name_en

    def name_in(self, language: str) -> str:
        return getattr(self, f"name_{language_suffix(language)}") or self.name_en


class Convention(models.Model):
    """An international instrument whose ratification the annex asks about."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    adopted_year = models.PositiveSmallIntegerField(_("year adopted"))
    themes = models.JSONField(_("themes where it is a priority"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"))
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    source = models.CharField(_("source"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return getattr(self, f"name_{language_suffix()}") or self.name_en


class ValidationRule(models.Model):
    """A rule kept as data: ``left operator right`` (the DHIS2 validation rule pattern).

    An operand is a number (``0``), a field of the observation (``value``, ``numerator``,
    ``value_year``...) or a field of another indicator's observation for the same country,
    period and disaggregation (``CL_MEAS_FIRST_YEAR.value_year``).
    """

    class Operator(models.TextChoices):
        EQ = "==", "=="
        NE = "!=", "!="
        GT = ">", ">"
        GE = ">=", ">="
        LT = "<", "<"
        LE = "<=", "<="
        IMPLIES = "implies", _("implies (right side required when left side is true)")

    class MissingStrategy(models.TextChoices):
        SKIP_IF_ANY_MISSING = "skip_if_any_missing", _("Skip if any side is missing")
        SKIP_IF_LEFT_MISSING = "skip_if_left_missing", _("Skip if the left side is missing")
        NEVER_SKIP = "never_skip", _("Never skip (a missing side is a violation)")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    left = models.CharField(_("left side"), max_length=80)
    operator = models.CharField(_("operator"), max_length=8, choices=Operator.choices)
    right = models.CharField(_("right side"), max_length=80)
    missing_value_strategy = models.CharField(
        _("when a side is missing"), max_length=24, choices=MissingStrategy.choices
    )
    value_types = models.JSONField(_("applies to value types"), default=list, blank=True)
    indicators = models.JSONField(_("applies to indicators"), default=list, blank=True)
    field = models.CharField(_("field shown with the message"), max_length=30)
    message_en = models.CharField(_("message (English)"), max_length=300)
    message_fr = models.CharField(_("message (French)"), max_length=300)
    message_es = models.CharField(_("message (Spanish)"), max_length=300)
    message_ar = models.CharField(_("message (Arabic)"), max_length=300)
    message_zh = models.CharField(_("message (Chinese)"), max_length=300)
    message_ru = models.CharField(_("message (Russian)"), max_length=300)
    source = models.CharField(_("source"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(operator__in=["==", "!=", ">", ">=", "<", "<=", "implies"]),
                name="validation_rule_operator_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.left} {self.operator} {self.right}"

    @property
    def message(self) -> str:
        return getattr(self, f"message_{language_suffix()}") or self.message_en


class CustomIndicator(models.Model):
    """A customized indicator of a country, tied to one of its national priorities."""

    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.CASCADE,
        related_name="custom_indicators",
        verbose_name=_("country"),
    )
    priority = models.CharField(_("national priority"), max_length=300)
    national_priority_id = models.PositiveIntegerField(
        _("national priority record"),
        null=True,
        blank=True,
        help_text=_("The pathfinder national priority this indicator follows, when recorded."),
    )
    objective = models.TextField(_("objective"))
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "priority", "id"]
        verbose_name = _("customized indicator")
        verbose_name_plural = _("customized indicators")

    def __str__(self) -> str:
        return f"{self.country.iso3}: {self.indicator}"


class SupportActivity(models.Model):
    """Support a country gave to others at sub-regional, regional or global level (the
    records the "support provided to other countries" indicators are counted from)."""

    class Kind(models.TextChoices):
        SPONSORING = (
            "sponsoring",
            _("Sponsoring, convening or chairing initiatives and events to accelerate action"),
        )
        SCALING = (
            "scaling",
            _(
                "Scaling up or testing multi-stakeholder and innovative approaches "
                "in countries and sectors"
            ),
        )
        KNOWLEDGE = "knowledge", _("Contributing to the Alliance 8.7 Knowledge Platform")
        ACTION_GROUP = (
            "action_group",
            _("Participating in one or more of the Alliance 8.7 action groups"),
        )

    class Level(models.TextChoices):
        SUB_REGIONAL = "sub_regional", _("Sub-regional")
        REGIONAL = "regional", _("Regional")
        GLOBAL = "global", _("Global")

    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.CASCADE,
        related_name="support_activities",
        verbose_name=_("country"),
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=14, choices=Level.choices)
    description = models.TextField(_("description"))
    date = models.DateField(_("date"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("support activity")
        verbose_name_plural = _("support activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["sponsoring", "scaling", "knowledge", "action_group"]),
                name="support_activity_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country.iso3}: {self.get_kind_display()} ({self.date})"


class ObservationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Origin(models.TextChoices):
    """Who publishes a figure: the country itself, or the custodian agency's global
    database (the UN SDG Global Database, ILOSTAT, treaty records)."""

    NATIONAL = "national", _("National")
    GLOBAL = "global", _("Global")


class Observation(models.Model):
    """A value for (country, indicator, period, disaggregation, origin).

    A national figure goes through the reporting workflow; a global one is loaded from a
    custodian's published file (``monitoring.imports``) and is published as it comes, with
    the file's source, nature and release. A country may have both for the same year.
    """

    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("country"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("indicator"),
    )
    custom_indicator = models.ForeignKey(
        CustomIndicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("customized indicator"),
    )
    period = models.PositiveSmallIntegerField(_("period (year)"))
    disaggregation = models.JSONField(_("disaggregation"), default=dict, blank=True)
    disaggregation_key = models.CharField(
        _("disaggregation key"), max_length=200, blank=True, editable=False
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    value_bool = models.BooleanField(_("yes/no"), null=True, blank=True)
    value_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    value_text = models.TextField(_("text"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    percent_gdp = models.DecimalField(
        # xgettext:no-python-format
        _("% of GDP"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    se = models.DecimalField(
        _("standard error"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    ci_low = models.DecimalField(
        _("confidence interval, lower bound"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
    )
    ci_high = models.DecimalField(
        _("confidence interval, upper bound"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    method_note = models.TextField(_("method note"), blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.NATIONAL
    )
    nature = models.CharField(
        _("nature"),
        max_length=20,
        blank=True,
        help_text=_(
            "How the publisher produced the figure (country data, estimated, modelled...)."
        ),
    )
    release = models.CharField(_("release"), max_length=40, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObservationStatus.choices,
        default=ObservationStatus.DRAFT,
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "period", "indicator__order", "disaggregation_key"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(indicator__isnull=False) & Q(custom_indicator__isnull=True))
                | (Q(indicator__isnull=True) & Q(custom_indicator__isnull=False)),
                name="observation_one_indicator",
            ),
            models.UniqueConstraint(
                fields=["country", "indicator", "period", "disaggregation_key", "origin"],
                condition=Q(indicator__isnull=False),
                name="observation_unique_standard",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=["national", "global"]), name="observation_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin="national") | Q(status="published"),
                name="observation_global_published",
            ),
            models.UniqueConstraint(
                fields=["country", "custom_indicator", "period", "disaggregation_key"],
                condition=Q(custom_indicator__isnull=False),
                name="observation_unique_custom",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ObservationStatus.values), name="observation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period__gte=1990) & Q(period__lte=2100), name="observation_period_range"
            ),
            models.CheckConstraint(
                condition=Q(se__isnull=True) | Q(se__gte=0),
                name="observation_se_non_negative",
                violation_error_message=_("The standard error must be zero or more."),
            ),
        ]

    def __str__(self) -> str:
        what = self.indicator.code if self.indicator_id else str(self.custom_indicator)
        key = f" [{self.disaggregation_key}]" if self.disaggregation_key else ""
        return f"{self.country.iso3} {what} {self.period}{key}"

    @property
    def is_published(self) -> bool:
        return self.status == ObservationStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status == ObservationStatus.DRAFT


class ReportingCycle(models.Model):
    """A yearly reporting round: opens a questionnaire for every pathfinder country."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(_("deadline"))
    note = models.TextField(_("note"), blank=True)
    closed_at = models.DateTimeField(
        _("closed"),
        null=True,
        blank=True,
        help_text=_("A closed cycle takes no more changes or submissions; it can be reopened."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="reporting_cycle_deadline_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class Questionnaire(models.Model):
    """The yearly progress questionnaire of one pathfinder country (briefing pack)."""

    cycle = models.ForeignKey(
        ReportingCycle,
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("reporting cycle"),
    )
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("country"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.DRAFT,
    )
    answers = models.JSONField(_("answers to the open questions"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    carried_over = models.JSONField(
        _("answers carried over, not yet confirmed or changed"),
        default=list,
        blank=True,
        help_text=_("Names of the answers copied from the last approved questionnaire."),
    )
    carried_from = models.PositiveSmallIntegerField(
        _("answers carried over from the cycle of"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "country__name_en"]
        verbose_name = _("progress questionnaire")
        verbose_name_plural = _("progress questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "country"], name="questionnaire_one_per_country_cycle"
            ),
            models.CheckConstraint(
                condition=Q(status__in=QuestionnaireStatus.values),
                name="questionnaire_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="questionnaire_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country.iso3} {self.cycle.year}"

    @property
    def is_editable(self) -> bool:
        return (
            self.status in (QuestionnaireStatus.DRAFT, QuestionnaireStatus.RETURNED)
            and self.cycle.is_open
        )


class NextStepCheck(models.Model):
    """One of the workshop's next steps, ticked when achieved (question 2)."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="next_steps",
        verbose_name=_("questionnaire"),
    )
    next_step_id = models.PositiveIntegerField(
        _("workshop next step record"), null=True, blank=True
    )
    text = models.TextField(_("next step"))
    achieved = models.BooleanField(_("achieved"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")

    def __str__(self) -> str:
        return self.text[:60]

    def permission_country_ids(self):
        return [self.questionnaire.country_id]


class ReviewComment(models.Model):
    """A reviewer's comment on one question of a submitted questionnaire."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("questionnaire"),
    )
    question = models.CharField(_("question"), max_length=60)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return f"{self.question}: {self.text[:40]}"

    def permission_country_ids(self):
        return [self.questionnaire.country_id]


class ImportKind(models.TextChoices):
    SDG = "sdg", _("UN SDG Global Database export")
    ILOSTAT = "ilostat", _("ILOSTAT bulk file (SDG 8.7.1)")
    RATIFICATIONS = "ratifications", _("Ratifications (convention, country, date, status)")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being checked and loaded")
    LOADED = "loaded", _("Loaded")
    REJECTED = "rejected", _("Rejected: rows with errors, nothing loaded")
    FAILED = "failed", _("Failed")


class PublishedImport(models.Model):
    """One custodian file loaded (or refused) through the Secretariat's upload page or the
    ``target87 import`` command."""

    kind = models.CharField(_("kind of file"), max_length=14, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(_("stored file"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("new figures"), default=0)
    revised = models.PositiveIntegerField(_("revised figures"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged figures"), default=0)
    skipped = models.PositiveIntegerField(_("rows skipped (regional or world aggregates)"),
                                          default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    result_id = models.CharField(_("job"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("published figures import")
        verbose_name_plural = _("published figures imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["sdg", "ilostat", "ratifications"]),
                name="published_import_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "loaded", "rejected", "failed"]),
                name="published_import_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"
