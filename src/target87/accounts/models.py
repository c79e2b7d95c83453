import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    GCG_MEMBER = "gcg_member", _("GCG member")
    ACTION_GROUP_CHAIR = "action_group_chair", _("Action Group chair")
    FOCAL_POINT = "focal_point", _("Country focal point")
    PARTNER_REPRESENTATIVE = "partner_representative", _("Partner representative")


class RoleAssignment(models.Model):
    """A role held by a user; a focal point's role is scoped to one country per row, a
    partner representative's to the organisation they speak for.

    The organisation model is named by the ``TARGET87_ORGANISATION_MODEL`` setting (as
    ``AUTH_USER_MODEL`` names the user model), so this ground-floor app names no domain app.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    country = models.ForeignKey(
        "countries.Country", on_delete=models.CASCADE, null=True, blank=True,
        related_name="role_assignments", verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        settings.TARGET87_ORGANISATION_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="role_assignments", verbose_name=_("organisation"),
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="role_valid"),
            # a focal point always acts for a country; other roles are not country-scoped
            models.CheckConstraint(
                condition=(Q(role=Role.FOCAL_POINT) & Q(country__isnull=False))
                | (~Q(role=Role.FOCAL_POINT) & Q(country__isnull=True)),
                name="role_country_scope",
            ),
            # only a partner representative speaks for an organisation (accounts made before
            # organisations were recorded may still lack one; the site asks for it)
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(role=Role.PARTNER_REPRESENTATIVE),
                name="role_organisation_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "country"], name="role_assignment_unique_scoped"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="role_assignment_unique_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(country__isnull=True) & Q(organisation__isnull=True),
                name="role_assignment_unique_global",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.country_id:
            return f"{self.user}: {label} ({self.country.iso3})"
        if self.organisation_id:
            return f"{self.user}: {label} ({self.organisation})"
        return f"{self.user}: {label}"

    def scope_label(self) -> str:
        if self.country_id:
            return self.country.name_in(get_language())
        return str(self.organisation) if self.organisation_id else ""


INVITATION_VALID_FOR = dt.timedelta(days=7)


class Invitation(models.Model):
    """A one-time link, sent by email, with which an invited person sets their password.

    The link carries a signature of the invitation's id; whether it may still be used is
    this row's state: accepted, withdrawn (a newer invitation, or the account deactivated)
    or expired."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations",
                             verbose_name=_("user"))
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default="en")
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    send_error = models.TextField(_("sending error"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")),
                                   name="invitation_expires_after_creation"),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="invitation_accepted_or_withdrawn"),
        ]

    def __str__(self) -> str:
        return self.email

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.accepted_at:
            return "accepted"
        if self.withdrawn_at:
            return "withdrawn"
        if now >= self.expires_at:
            return "expired"
        return "pending"

    def get_state_display(self) -> str:
        return str(INVITATION_STATES[self.state()])


INVITATION_STATES = {
    "pending": _("waiting for the person"),
    "accepted": _("accepted"),
    "withdrawn": _("withdrawn"),
    "expired": _("expired"),
}
