"""Pledges made at the Global Conferences on the Sustained Eradication of Child Labour and
their dated progress reviews (Roadmap to 2021, in the 7th GCG meeting's briefing pack: "to
assess pledges made by governments and social partners at the IV Global Conference in
2017")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PledgeEvent(models.Model):
    """A conference where pledges are made."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    curation_note = models.TextField(_("curation note"), blank=True,
                                     help_text=_("Shown to staff only."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "name"]
        verbose_name = _("pledging event")
        verbose_name_plural = _("pledging events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="pledge_event_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language for the conferences the platform knows."""
        from target87.pledges.services import EVENT_NAMES

        label = EVENT_NAMES.get(self.slug)
        return str(label) if label else self.name

    def is_public(self) -> bool:
        return True


class PledgeTheme(models.TextChoices):
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    HUMAN_TRAFFICKING = "human_trafficking", _("Human trafficking")
    MODERN_SLAVERY = "modern_slavery", _("Modern slavery")
    YOUTH_EMPLOYMENT = "youth_employment", _("Youth employment")
    SUPPLY_CHAINS = "supply_chains", _("Supply chains")
    MIGRATION = "migration", _("Migration")
    MEASUREMENT = "measurement", _("Measurement and knowledge")


class ReviewStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    ACHIEVED = "achieved", _("Achieved")
    NOT_REPORTED = "not_reported", _("Not reported")
    DROPPED = "dropped", _("Dropped")


NOT_REVIEWED = "not_reviewed"


class Pledge(models.Model):
    """A commitment made by a partner or a country at an event."""

    event = models.ForeignKey(PledgeEvent, on_delete=models.PROTECT, related_name="pledges",
                              verbose_name=_("event"))
    partner = models.ForeignKey(
        "partnership.Partner", on_delete=models.PROTECT, null=True, blank=True,
        related_name="pledges", verbose_name=_("partner"),
    )
    country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, null=True, blank=True,
        related_name="pledges", verbose_name=_("country"),
        help_text=_("For a pledge made by a government; otherwise choose the partner."),
    )
    text = models.TextField(_("pledge"))
    date = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=20, choices=PledgeTheme.choices)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=14, editable=False, default=NOT_REVIEWED,
        help_text=_("The status of the latest review."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "date", "id"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(
                condition=(Q(partner__isnull=False) & Q(country__isnull=True))
                | (Q(partner__isnull=True) & Q(country__isnull=False)),
                name="pledge_made_by_partner_or_country",
                violation_error_message=_(
                    "A pledge is made by a partner or by a country: choose one of them."),
            ),
            models.CheckConstraint(
                condition=Q(target_date__isnull=True) | Q(target_date__gte=F("date")),
                name="pledge_target_not_before_pledge",
                violation_error_message=_("The target date is before the date of the pledge."),
            ),
            models.CheckConstraint(
                condition=Q(theme__in=PledgeTheme.values), name="pledge_theme_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[*ReviewStatus.values, NOT_REVIEWED]),
                name="pledge_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledger}: {self.text[:60]}"

    @property
    def pledger(self) -> str:
        if self.partner_id:
            return str(self.partner)
        from django.utils.translation import get_language

        return self.country.name_in(get_language()) if self.country_id else ""

    def get_status_display(self) -> str:
        from target87.pledges.services import status_label

        return status_label(self.status)

    def get_absolute_url(self) -> str:
        return reverse("pledges:detail", args=[self.pk])

    def permission_country_ids(self) -> set[int]:
        return {self.country_id} if self.country_id else set()

    def is_public(self) -> bool:
        return self.is_published


class PledgeReview(models.Model):
    """A dated look at how far a pledge has come, with its evidence."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField(_("date of the review"))
    status = models.CharField(_("status"), max_length=14, choices=ReviewStatus.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("link to the evidence"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pledge", "-date", "-id"]
        verbose_name = _("pledge review")
        verbose_name_plural = _("pledge reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="pledge_review_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"

    def clean(self):
        from target87.pledges.services import check_review

        if self.pledge_id:
            check_review(self.pledge, self.date, self.status)

    def permission_country_ids(self):
        return self.pledge.permission_country_ids()

    def is_public(self) -> bool:
        return self.pledge.is_published
