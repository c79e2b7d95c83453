from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PartnerType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    GOVERNMENT_INSTITUTION = "government_institution", _("Government institution")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    WORKERS_ORGANISATION = "workers_organisation", _("Workers' organisation")
    EMPLOYERS_BUSINESS = "employers_business", _("Employer / business")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    MEDIA_NETWORK = "media_network", _("Media network")
    ACADEMIA = "academia", _("Academia and research")


class Partner(models.Model):
    """An organisation that has joined Alliance 8.7."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    partner_type = models.CharField(_("type"), max_length=40, choices=PartnerType.choices)
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("country"),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    joined = models.DateField(_("joined"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_type__in=PartnerType.values), name="partner_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_public(self) -> bool:
        return self.is_published


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Declined")


class PartnerApplication(models.Model):
    """A request to join the partnership, approved or rejected by the Secretariat."""

    organisation = models.CharField(_("organisation"), max_length=200)
    partner_type = models.CharField(_("type"), max_length=40, choices=PartnerType.choices)
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_applications",
        verbose_name=_("country"),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    motivation = models.TextField(_("statement of commitment to Target 8.7"), blank=True)
    action_groups = models.ManyToManyField(
        "groups.ActionGroup", blank=True, related_name="partner_applications",
        verbose_name=_("Action Groups of interest"),
    )
    language = models.CharField(
        _("language"), max_length=10, default="en",
        help_text=_("The applicant is written to in this language."),
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    partner = models.OneToOneField(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="application"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("partner application")
        verbose_name_plural = _("partner applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="partner_application_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(partner__isnull=False),
                name="partner_application_approved_has_partner",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(email_confirmed_at__isnull=False),
                name="partner_application_approved_email_confirmed",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="partner_application_declined_has_reason",
            ),
            # one open application per organisation at a time
            models.UniqueConstraint(
                Lower("organisation"), condition=Q(status="submitted"),
                name="partner_application_one_pending_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation

    def is_public(self) -> bool:
        return False
