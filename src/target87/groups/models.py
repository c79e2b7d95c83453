"""Action Groups of Alliance 8.7: thematic groups with chairs, member partners and pillars."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from target87.core.languages import language_suffix


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
