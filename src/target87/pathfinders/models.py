"""Pathfinder countries: lifecycle, strategic planning workshops, roadmaps, annual reviews.

The rules (legal transitions, the award precondition, the on-hold rule) live in
``services.py``; the tables below refuse the states those rules exclude.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from target87.core.translations import (
    ContentTranslation,
    Translatable,
    translation_constraints,
)
from target87.countries.models import ILORegion


class PathfinderStatus(models.TextChoices):
    PROSPECTIVE = "prospective", _("Prospective")
    EXPRESSION_OF_INTEREST = "expression_of_interest", _("Expression of interest")
    WORKSHOP_HELD = "workshop_held", _("Workshop held")
    REPORTED_TO_GCG = "reported_to_gcg", _("Reported to the GCG")
    ACTIVE = "active", _("Pathfinder country")
    ON_HOLD = "on_hold", _("On hold")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = PathfinderStatus
# Guidance note (briefing pack): observer at the GCG -> expression of interest -> strategic
# planning workshop -> report to the GCG and the Chair's letter -> annual reviews -> hold.
LEGAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PROSPECTIVE: (S.EXPRESSION_OF_INTEREST, S.WITHDRAWN),
    S.EXPRESSION_OF_INTEREST: (S.WORKSHOP_HELD, S.WITHDRAWN),
    S.WORKSHOP_HELD: (S.REPORTED_TO_GCG, S.WITHDRAWN),
    S.REPORTED_TO_GCG: (S.ACTIVE, S.WITHDRAWN),
    S.ACTIVE: (S.ON_HOLD, S.WITHDRAWN),
    S.ON_HOLD: (S.ACTIVE, S.WITHDRAWN),
    S.WITHDRAWN: (S.EXPRESSION_OF_INTEREST,),
}
# a country's first recorded status has no "from" status
INITIAL_STATUSES = (S.PROSPECTIVE, S.EXPRESSION_OF_INTEREST)


def _legal_pairs_q() -> Q:
    q = Q(from_status="", to_status__in=[str(s) for s in INITIAL_STATUSES])
    for source, targets in LEGAL_TRANSITIONS.items():
        q |= Q(from_status=str(source), to_status__in=[str(t) for t in targets])
    return q


class Theme(models.TextChoices):
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    HUMAN_TRAFFICKING = "human_trafficking", _("Human trafficking")
    MIGRATION = "migration", _("Migration")
    SUPPLY_CHAINS = "supply_chains", _("Supply chains")
    CONFLICT_HUMANITARIAN = "conflict_humanitarian", _("Conflict and humanitarian settings")


class AreaOfFocus(models.TextChoices):
    """The eight potential areas of focus of the methodological note (briefing pack)."""

    ADVOCACY = "advocacy", _("Advocacy, communication and information")
    KNOWLEDGE_BASE = "knowledge_base", _("Knowledge base: research and statistics")
    LEGAL_ACTION = "legal_action", _("Legal action")
    COORDINATION = "coordination", _("Institutional coordination and collaboration")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    SOCIAL_PROGRAMMES = "social_programmes", _("Social programmes and direct intervention")
    MONITORING = "monitoring", _("Monitoring, evaluation, learning and reporting")
    GLOBAL_CONTRIBUTION = "global_contribution", _("Contribution to the global level")


class PathfinderCountry(models.Model):
    country = models.OneToOneField(
        "countries.Country", on_delete=models.PROTECT, related_name="pathfinder",
        verbose_name=_("country"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=PathfinderStatus.choices,
        default=PathfinderStatus.PROSPECTIVE,
    )
    responsible_ministry = models.CharField(_("responsible ministry"), max_length=200, blank=True)
    minister = models.CharField(_("responsible minister"), max_length=200, blank=True)
    focal_point_name = models.CharField(_("focal point"), max_length=200, blank=True)
    focal_point_title = models.CharField(_("focal point's position"), max_length=200, blank=True)
    focal_point_contact = models.CharField(
        _("focal point's contact"), max_length=200, blank=True,
        help_text=_("E-mail address or telephone number."),
    )
    focal_point_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="pathfinder_focal_points", verbose_name=_("focal point's account"),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name_en"]
        verbose_name = _("pathfinder country")
        verbose_name_plural = _("pathfinder countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PathfinderStatus.values), name="pathfinder_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.country)

    def get_absolute_url(self) -> str:
        return reverse("pathfinders:detail", args=[self.country.iso3])

    def permission_country_ids(self) -> set[int]:
        return {self.country_id}

    def is_public(self) -> bool:
        return True

    def allowed_next(self) -> tuple[str, ...]:
        return LEGAL_TRANSITIONS.get(self.status, ())


def transition_upload_to(instance, filename: str) -> str:
    return f"pathfinders/{instance.pathfinder.country.iso3}/transitions/{filename}"


class StatusTransition(models.Model):
    """One dated step of a country's lifecycle, made by someone, with its document."""

    pathfinder = models.ForeignKey(
        PathfinderCountry, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        _("from status"), max_length=30, choices=PathfinderStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=30, choices=PathfinderStatus.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="pathfinder_transitions", verbose_name=_("made by"),
    )
    document = models.FileField(_("document"), upload_to=transition_upload_to, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    curation_note = models.TextField(
        _("curation note"), blank=True, help_text=_("Shown to staff only."),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pathfinder", "id"]
        verbose_name = _("status transition")
        verbose_name_plural = _("status transitions")
        constraints = [
            models.CheckConstraint(condition=_legal_pairs_q(), name="transition_legal"),
            # a transition made on the platform is dated and signed; only rows taken from
            # a source document may lack a date or a user (the document did not give them)
            models.CheckConstraint(
                condition=(Q(date__isnull=False) & Q(user__isnull=False)) | ~Q(source=""),
                name="transition_dated_signed_or_sourced",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pathfinder}: {self.from_status or '—'} → {self.to_status}"

    @property
    def country_id(self):
        return self.pathfinder.country_id

    def is_public(self) -> bool:
        return True


class WorkshopStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Workshop(models.Model):
    """A national strategic planning workshop (methodological note, briefing pack)."""

    country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, related_name="pathfinder_workshops",
        verbose_name=_("country"),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=WorkshopStatus.choices, default=WorkshopStatus.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    postponed_to = models.DateField(_("new date"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=30, choices=ILORegion.choices, blank=True)
    virtual = models.BooleanField(_("virtual"), default=False)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    executive_summary = models.TextField(_("executive summary"), blank=True)
    context = models.TextField(_("context and background"), blank=True)
    what_is_there = models.TextField(_("what is there?"), blank=True)
    what_is_missing = models.TextField(_("what is missing?"), blank=True)
    way_forward = models.TextField(_("the way forward"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    curation_note = models.TextField(
        _("curation note"), blank=True, help_text=_("Shown to staff only."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "country__name_en"]
        verbose_name = _("strategic planning workshop")
        verbose_name_plural = _("strategic planning workshops")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=WorkshopStatus.values), name="workshop_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="workshop_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=WorkshopStatus.HELD) | Q(start_date__isnull=False),
                name="workshop_held_has_date",
            ),
            models.CheckConstraint(
                condition=Q(postponed_to__isnull=True) | Q(status=WorkshopStatus.POSTPONED),
                name="workshop_new_date_only_when_postponed",
            ),
            models.CheckConstraint(
                condition=Q(postponed_to__isnull=True) | Q(start_date__isnull=True)
                | Q(postponed_to__gt=F("start_date")),
                name="workshop_new_date_after_old",
            ),
        ]

    def __str__(self) -> str:
        when = self.start_date.isoformat() if self.start_date else "—"
        return f"{self.country} ({when})"

    @property
    def days(self) -> int | None:
        if not self.start_date:
            return None
        return ((self.end_date or self.start_date) - self.start_date).days + 1

    def missing_groups(self) -> list[str]:
        present = {p.group for p in self.participants.all() if p.total > 0}
        return [g for g in REQUIRED_GROUPS if g not in present]

    def get_absolute_url(self) -> str:
        return reverse("pathfinders:detail", args=[self.country.iso3]) + "#workshop"

    def is_public(self) -> bool:
        return True


class PreparatoryItem(models.TextChoices):
    STATISTICS = "statistics", _("Statistics, policies and plans on SDG Target 8.7 areas analysed")
    PLANS = "plans", _("UNDAF, Decent Work Country Programme and poverty strategies reviewed")
    SUPERVISORY = "supervisory", _("Recommendations of UN supervisory bodies reviewed")
    PARTICIPANTS = "participants", _("Partners and participants identified")


class PreparatoryTask(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="preparation")
    item = models.CharField(_("item"), max_length=20, choices=PreparatoryItem.choices)
    done = models.BooleanField(_("done"), default=False)
    done_by = models.CharField(_("done by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["workshop", "item"]
        verbose_name = _("preparatory task")
        verbose_name_plural = _("preparatory tasks")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "item"], name="preparatory_task_unique"),
            models.CheckConstraint(
                condition=Q(item__in=PreparatoryItem.values), name="preparatory_item_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_item_display()

    @property
    def country_id(self):
        return self.workshop.country_id


class StakeholderGroup(models.TextChoices):
    MINISTRIES = "ministries", _("Ministries")
    EMPLOYERS = "employers", _("Employers' organisations")
    WORKERS = "workers", _("Workers' organisations")
    BUSINESS = "business", _("Business")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    SURVIVORS = "survivors", _("Survivors and affected groups")
    ACADEMIA = "academia", _("Academia")
    INTERNATIONAL = "international", _("International organisations")


# Guidance note step 1 (briefing pack): "a wide range of ministries, private sector, civil
# society organisations, social partners, survivors and affected groups".
REQUIRED_GROUPS = [
    StakeholderGroup.MINISTRIES, StakeholderGroup.EMPLOYERS, StakeholderGroup.WORKERS,
    StakeholderGroup.BUSINESS, StakeholderGroup.CIVIL_SOCIETY, StakeholderGroup.SURVIVORS,
]


class Participation(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    group = models.CharField(
        _("stakeholder group"), max_length=20, choices=StakeholderGroup.choices
    )
    organisations = models.TextField(
        _("organisations"), blank=True, help_text=_("One name per line (ministries by name).")
    )
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    other = models.PositiveIntegerField(_("other or not stated"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["workshop", "group"]
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "group"], name="participation_unique"),
            models.CheckConstraint(
                condition=Q(group__in=StakeholderGroup.values), name="participation_group_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_group_display()

    @property
    def total(self) -> int:
        return self.women + self.men + self.other

    @property
    def country_id(self):
        return self.workshop.country_id


class NationalPriority(Translatable, models.Model):
    country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, related_name="pathfinder_priorities",
        verbose_name=_("country"),
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="priorities",
        verbose_name=_("workshop"),
    )
    title = models.TextField(_("priority"))
    heading = models.CharField(
        _("heading"), max_length=200, blank=True,
        help_text=_("The heading under which the source lists the priority."),
    )
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, blank=True)
    area_of_focus = models.CharField(
        _("area of focus"), max_length=30, choices=AreaOfFocus.choices, blank=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "order", "id"]
        verbose_name = _("national priority")
        verbose_name_plural = _("national priorities")
        constraints = [
            models.CheckConstraint(
                condition=Q(theme="") | Q(theme__in=Theme.values), name="priority_theme_valid"
            ),
            models.CheckConstraint(
                condition=Q(area_of_focus="") | Q(area_of_focus__in=AreaOfFocus.values),
                name="priority_area_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    def is_public(self) -> bool:
        return True

    @property
    def labels(self) -> list[str]:
        return [str(x) for x in (self.heading, self.get_theme_display(),
                                 self.get_area_of_focus_display()) if x]

    def get_absolute_url(self) -> str:
        return reverse("pathfinders:detail", args=[self.country.iso3]) + f"#priority-{self.pk}"

    translatable_fields = ("title", "heading")

    @property
    def shown_labels(self) -> list[tuple[str, bool]]:
        """The labels in the reader's language, each with whether it is shown in English
        (the heading, when it has no translation); needs ``shown`` (``translated()``)."""
        shown = getattr(self, "shown", None) or self.translated()
        heading = (shown["heading"], "heading" in shown["english"])
        return [(str(x), english) for x, english in (
            heading, (self.get_theme_display(), False),
            (self.get_area_of_focus_display(), False)) if x]


class PriorityTranslation(ContentTranslation):
    parent_field = "priority"
    priority = models.ForeignKey(
        NationalPriority, on_delete=models.CASCADE, related_name="translations"
    )
    title = models.TextField(_("priority"))
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(ContentTranslation.Meta):
        constraints = translation_constraints("priority", "priority")

    @property
    def country_id(self):
        return self.priority.country_id


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class RoadmapAction(Translatable, models.Model):
    priority = models.ForeignKey(
        NationalPriority, on_delete=models.CASCADE, related_name="actions",
        verbose_name=_("priority"),
    )
    title = models.TextField(_("action"))
    lead = models.CharField(_("lead organisation"), max_length=200, blank=True)
    partners = models.TextField(_("partner organisations"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    indicator = models.TextField(_("indicator"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    resources_required = models.DecimalField(
        _("resources required"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    resources_available = models.DecimalField(
        _("resources available"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, such as USD.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "target_date", "id"]
        verbose_name = _("roadmap action")
        verbose_name_plural = _("roadmap actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(resources_required__isnull=True) | Q(resources_required__gte=0),
                name="action_required_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(resources_available__isnull=True) | Q(resources_available__gte=0),
                name="action_available_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(resources_required__isnull=True)
                           & Q(resources_available__isnull=True))
                | Q(currency__regex=r"^[A-Z]{3}$"),
                name="action_amount_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def country_id(self):
        return self.priority.country_id

    def is_public(self) -> bool:
        return True

    @property
    def resources_gap(self) -> Decimal | None:
        """What is still missing to fund the action; never negative; None if unknown."""
        if self.resources_required is None:
            return None
        gap = self.resources_required - (self.resources_available or Decimal("0"))
        return max(gap, Decimal("0"))

    translatable_fields = ("title", "indicator")


class ActionTranslation(ContentTranslation):
    parent_field = "action"
    action = models.ForeignKey(
        RoadmapAction, on_delete=models.CASCADE, related_name="translations"
    )
    title = models.TextField(_("action"))
    indicator = models.TextField(_("indicator"), blank=True)
    history = HistoricalRecords()

    class Meta(ContentTranslation.Meta):
        constraints = translation_constraints("action", "action")

    @property
    def country_id(self):
        return self.action.priority.country_id


class Benchmark(models.Model):
    action = models.ForeignKey(RoadmapAction, on_delete=models.CASCADE, related_name="benchmarks")
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("benchmark"))
    achieved = models.BooleanField(_("achieved"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "year", "id"]
        verbose_name = _("annual benchmark")
        verbose_name_plural = _("annual benchmarks")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2015) & Q(year__lte=2100), name="benchmark_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.description[:60]}"

    @property
    def country_id(self):
        return self.action.priority.country_id

    def is_public(self) -> bool:
        return True


class ProgressNote(Translatable, models.Model):
    action = models.ForeignKey(
        RoadmapAction, on_delete=models.CASCADE, related_name="progress_notes"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("author"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-date", "-id"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"

    @property
    def country_id(self):
        return self.action.priority.country_id

    def is_public(self) -> bool:
        return True

    translatable_fields = ("text",)


class ProgressNoteTranslation(ContentTranslation):
    parent_field = "note"
    note = models.ForeignKey(
        ProgressNote, on_delete=models.CASCADE, related_name="translations"
    )
    text = models.TextField(_("progress"))
    history = HistoricalRecords()

    class Meta(ContentTranslation.Meta):
        constraints = translation_constraints("note", "progress_note")

    @property
    def country_id(self):
        return self.note.action.priority.country_id


class NextStep(Translatable, models.Model):
    country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, related_name="pathfinder_next_steps",
        verbose_name=_("country"),
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="next_steps",
        verbose_name=_("workshop"),
    )
    text = models.TextField(_("next step"))
    done = models.BooleanField(_("done"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "order", "id"]
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")

    def __str__(self) -> str:
        return self.text[:80]

    def is_public(self) -> bool:
        return True

    translatable_fields = ("text",)


class NextStepTranslation(ContentTranslation):
    parent_field = "step"
    step = models.ForeignKey(NextStep, on_delete=models.CASCADE, related_name="translations")
    text = models.TextField(_("next step"))
    history = HistoricalRecords()

    class Meta(ContentTranslation.Meta):
        constraints = translation_constraints("step", "next_step")

    @property
    def country_id(self):
        return self.step.country_id


class AnnualReview(models.Model):
    """Guidance note step 5: the Secretariat and GCG review a country's progress yearly."""

    country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, related_name="pathfinder_reviews",
        verbose_name=_("country"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    substantial_progress = models.BooleanField(_("substantial progress shown"))
    reasonable_justification = models.BooleanField(
        _("reasonable justification given"), default=False,
        help_text=_("Only when no substantial progress was shown."),
    )
    evidence = models.TextField(_("evidence"))
    date = models.DateField(
        _("date of the review"), null=True, blank=True,
        help_text=_("The day the Secretariat and the GCG held the review; a hold it proposes "
                    "or lifts carries this date."),
    )
    questionnaire_id = models.PositiveIntegerField(
        _("approved questionnaire reviewed"), null=True, blank=True,
        help_text=_("The progress questionnaire whose approved answers are the evidence."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "-year"]
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="annual_review_unique_year"),
            models.CheckConstraint(
                condition=Q(substantial_progress=False) | Q(reasonable_justification=False),
                name="annual_review_justification_only_without_progress",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2015) & Q(year__lte=2100), name="annual_review_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.year}"

    @property
    def counts_against(self) -> bool:
        """Lack of substantial progress with no reasonable justification."""
        return not self.substantial_progress and not self.reasonable_justification

    def is_public(self) -> bool:
        return True


class LessonLearnt(models.Model):
    text = models.TextField(_("lesson"))
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("lesson learnt")
        verbose_name_plural = _("lessons learnt")

    def __str__(self) -> str:
        return self.text[:80]

    def is_public(self) -> bool:
        return True
