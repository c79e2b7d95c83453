from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class JobProgress(models.Model):
    """Progress of a background task, keyed by the task result id, for progress bars."""

    result_id = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("job"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=1)
    message = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job progress")
        verbose_name_plural = _("job progress")
        constraints = [
            models.CheckConstraint(condition=Q(total__gt=0), name="job_total_positive"),
            models.CheckConstraint(condition=Q(done__lte=F("total")), name="job_done_le_total"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.percent}%)"

    @property
    def percent(self) -> int:
        return int(round(100 * self.done / self.total))


class ContentVersion(models.Model):
    """A counter that changes whenever public content changes.

    It lives in the database rather than in a process's memory so that every server process
    sees a change at once, and it moves in the same transaction as the change itself: no
    process can cache the old content under the new version."""

    key = models.CharField(max_length=50, unique=True)
    value = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return f"{self.key} v{self.value}"


class SeedRecord(models.Model):
    """Which record `target87 setup` created for an entry of a data file, and the values it
    last wrote.

    Reloading finds the record by this key, never by its text, so a record a person has
    edited is recognised and not created again; a field the person changed is left as they
    set it, while a field still holding the loader's last value follows the data file."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE,
                                     related_name="+")
    key = models.CharField(max_length=200)
    object_id = models.CharField(max_length=64)
    values = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("seeded record")
        verbose_name_plural = _("seeded records")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "key"], name="seed_record_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.key}"
