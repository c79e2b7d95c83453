from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
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
    """A role held by a user; a focal point's role is scoped to one country per row."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    country = models.ForeignKey(
        "countries.Country", on_delete=models.CASCADE, null=True, blank=True,
        related_name="role_assignments", verbose_name=_("country"),
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
            models.UniqueConstraint(
                fields=["user", "role", "country"], name="role_assignment_unique_scoped"
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(country__isnull=True),
                name="role_assignment_unique_global",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.country_id:
            return f"{self.user}: {label} ({self.country.iso3})"
        return f"{self.user}: {label}"
