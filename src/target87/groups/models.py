"""Action Groups of Alliance 8.7: thematic groups with chairs, member partners and pillars."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from target87.core.languages import language_suffix
from target87.core.review import DecidedRecord


class SixLanguageName(models.Model):
    """A name kept in the six UN languages; English is the fallback."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def name_in(self, language: str | None = None) -> str:
        return getattr(self, f"name_{language_suffix(language)}") or self.name_en

    @property
    def name(self) -> str:
        return self.name_in()

    def name_is_translated(self, language: str | None = None) -> bool:
        return bool(getattr(self, f"name_{language_suffix(language)}"))


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RELAUNCHING = "relaunching", _("Being launched or relaunched")


class ActionGroup(SixLanguageName):
    """A thematic Action Group, one of the three tiers of the partnership."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=GroupStatus.choices, default=GroupStatus.ACTIVE
    )
    description = models.TextField(
        _("description"), blank=True,
        help_text=_("What the group does, as its source documents describe it (English)."),
    )
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    sources = models.TextField(
        _("sources"), blank=True,
        help_text=_("Documents cited on the public page: title, author and date, one a line."),
    )
    curation_note = models.TextField(
        _("curation note"), blank=True, help_text=_("For staff only; never shown to visitors.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("Action Group")
        verbose_name_plural = _("Action Groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GroupStatus.values), name="action_group_status_valid"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="action_group_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.slug])

    def is_public(self) -> bool:
        return self.is_published

    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class GroupPillar(SixLanguageName):
    """One pillar of a group's strategy (e.g. "Policy and Strategy Development")."""

    group = models.ForeignKey(
        ActionGroup, on_delete=models.CASCADE, related_name="pillars", verbose_name=_("group")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "order"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["group", "order"], name="group_pillar_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ChairRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")


class GroupChair(models.Model):
    """An organisation chairing a group, with the person who represents it."""

    group = models.ForeignKey(
        ActionGroup, on_delete=models.CASCADE, related_name="chairs", verbose_name=_("group")
    )
    organisation = models.ForeignKey(
        "partnership.Partner", on_delete=models.PROTECT, related_name="chaired_groups",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=ChairRole.choices)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="chaired_groups", verbose_name=_("representative"),
        help_text=_("The person who acts for the organisation; they may edit the group's work."),
    )
    since = models.DateField(_("since"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role", "organisation__name"]
        verbose_name = _("chair")
        verbose_name_plural = _("chairs")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=ChairRole.values), name="chair_role_valid"),
            models.UniqueConstraint(
                fields=["group", "organisation"], name="group_chair_organisation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()}, {self.group})"


class GroupMembership(models.Model):
    """A partner that is a member of an Action Group."""

    group = models.ForeignKey(
        ActionGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    partner = models.ForeignKey(
        "partnership.Partner", on_delete=models.CASCADE, related_name="group_memberships",
        verbose_name=_("partner"),
    )
    since = models.DateField(_("since"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "partner__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "partner"], name="group_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} in {self.group}"


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the chair")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MembershipRequest(DecidedRecord):
    """A partner asking to "sign up as a member" of a group; the group's chair decides."""

    group = models.ForeignKey(ActionGroup, on_delete=models.CASCADE,
                              related_name="membership_requests", verbose_name=_("group"))
    partner = models.ForeignKey("partnership.Partner", on_delete=models.CASCADE,
                                related_name="membership_requests", verbose_name=_("partner"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, related_name="+", verbose_name=_("requested by"))
    message = models.TextField(_("message"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices,
                             default=RequestState.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=RequestState.values),
                                   name="membership_request_state_valid"),
            models.UniqueConstraint(fields=["group", "partner"], condition=Q(state="pending"),
                                    name="membership_request_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.group}"

    def is_public(self) -> bool:
        return False


class WorkplanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    CLOSED = "closed", _("Closed")


class Workplan(models.Model):
    """A group's plan for a period (or, without a group, an Alliance-wide roadmap)."""

    group = models.ForeignKey(ActionGroup, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="workplans", verbose_name=_("group"),
                              help_text=_("Empty for an Alliance-wide roadmap."))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=10, choices=WorkplanStatus.choices,
                              default=WorkplanStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    donors = models.TextField(_("donors"), blank=True, help_text=_("One a line."))
    sources = models.TextField(_("sources"), blank=True)
    curation_note = models.TextField(_("curation note"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__order", "-period_start"]
        verbose_name = _("workplan")
        verbose_name_plural = _("workplans")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=WorkplanStatus.values),
                                   name="workplan_status_valid"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="workplan_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:workplan", args=[self.slug])

    def is_public(self) -> bool:
        return self.is_published and (self.group is None or self.group.is_published)

    def donor_list(self) -> list[str]:
        return [line.strip() for line in self.donors.splitlines() if line.strip()]

    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class ItemLevel(models.IntegerChoices):
    GOAL = 1, _("Broad goal")
    OUTCOME = 2, _("Outcome")
    OUTPUT = 3, _("Output")
    ACTIVITY = 4, _("Activity")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class WorkplanItem(models.Model):
    """A goal, outcome, output or activity of a workplan, with its indicator and target."""

    workplan = models.ForeignKey(Workplan, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("workplan"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="children", verbose_name=_("part of"))
    level = models.PositiveSmallIntegerField(_("level"), choices=ItemLevel.choices)
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.TextField(_("title"))
    indicator = models.CharField(_("indicator (KPI)"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True,
                                       blank=True)
    target_unit = models.CharField(_("unit"), max_length=80, blank=True)
    milestone = models.CharField(_("milestone"), max_length=300, blank=True,
                                 help_text=_("A dated milestone, when the target is not a number."))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    lead = models.CharField(_("lead"), max_length=300, blank=True)
    lead_partners = models.ManyToManyField("partnership.Partner", blank=True, related_name="+",
                                           verbose_name=_("lead partners"))
    contributing_partners = models.ManyToManyField(
        "partnership.Partner", blank=True, related_name="+",
        verbose_name=_("contributing partners"))
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices,
                              default=ItemStatus.NOT_STARTED)
    achieved_value = models.DecimalField(_("achieved"), max_digits=14, decimal_places=2,
                                         null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["workplan", "order", "code"]
        verbose_name = _("workplan item")
        verbose_name_plural = _("workplan items")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ItemStatus.values),
                                   name="workplan_item_status_valid"),
            models.CheckConstraint(condition=Q(level__in=ItemLevel.values),
                                   name="workplan_item_level_valid"),
            models.UniqueConstraint(fields=["workplan", "code"], name="workplan_item_code_unique"),
            models.CheckConstraint(condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                                   name="workplan_item_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:80]}"

    def is_public(self) -> bool:
        return self.workplan.is_public()


class UpdateState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ProgressUpdate(DecidedRecord):
    """A dated account of progress on an item with its evidence; a chair accepts it."""

    item = models.ForeignKey(WorkplanItem, on_delete=models.CASCADE, related_name="updates",
                             verbose_name=_("item"))
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="groups/evidence/%Y/", blank=True)
    achieved_value = models.DecimalField(_("achieved so far"), max_digits=14, decimal_places=2,
                                         null=True, blank=True)
    status = models.CharField(_("status of the item"), max_length=12, choices=ItemStatus.choices)
    state = models.CharField(_("state"), max_length=10, choices=UpdateState.choices,
                             default=UpdateState.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=UpdateState.values),
                                   name="progress_update_state_valid"),
            models.CheckConstraint(condition=Q(status__in=ItemStatus.values),
                                   name="progress_update_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.date}"

    def is_public(self) -> bool:
        return self.state == UpdateState.ACCEPTED and self.item.is_public()
