"""What records that are proposed and then decided have in common.

A partner proposes an initiative, a member a progress update, a partner asks to join a
group; someone with the right then publishes, accepts or declines it. Each model keeps its
own state field, its choices and who may decide (the permission rules); this mixin keeps
who decided and when, and records a decision the same way everywhere.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DecidedRecord(models.Model):
    """Abstract: ``decided_by`` and ``decided_at``, empty until someone decides."""

    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    def record_decision(self, user, **changes) -> list[str]:
        """Set ``changes`` (the new state, say) and who decided, now; returns the names of
        the fields changed, for ``save(update_fields=...)``. Does not save."""
        for name, value in changes.items():
            setattr(self, name, value)
        self.decided_by = user
        self.decided_at = timezone.now()
        return [*changes, "decided_by", "decided_at"]
