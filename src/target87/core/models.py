from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("job", "queued")
    RUNNING = "running", pgettext_lazy("job", "running")
    FINISHED = "finished", pgettext_lazy("job", "finished")
    FAILED = "failed", pgettext_lazy("job", "failed")


class JobProgress(models.Model):
    """Progress of a background task, keyed by the task result id, for progress bars, and
    how it ended: a failed job keeps the code and values of its reason so that its owner
    reads it in their own language (``target87.core.jobs.describe_reason``)."""

    result_id = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("job"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=1)
    message = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    error_code = models.CharField(_("error code"), max_length=64, blank=True)
    error_params = models.JSONField(_("error values"), default=dict, blank=True)
    # where the job's result (or its failure) is shown to its owner
    url = models.CharField(_("page"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job progress")
        verbose_name_plural = _("job progress")
        constraints = [
            models.CheckConstraint(condition=Q(total__gt=0), name="job_total_positive"),
            models.CheckConstraint(condition=Q(done__lte=F("total")), name="job_done_le_total"),
            models.CheckConstraint(condition=Q(status__in=JobStatus.values),
                                   name="job_status_known"),
            models.CheckConstraint(condition=~Q(status=JobStatus.FAILED) | ~Q(error=""),
                                   name="job_failure_has_error"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.percent}%)"

    @property
    def percent(self) -> int:
        return int(round(100 * self.done / self.total))

    @property
    def is_done(self) -> bool:
        return self.status in (JobStatus.FINISHED, JobStatus.FAILED)

    def error_message(self) -> str:
        """Why the job failed, in the active language."""
        from target87.core.jobs import describe_reason

        return describe_reason(self.error_code, self.error_params, self.error)


class WorkerHeartbeat(models.Model):
    """A running ``target87 worker`` process, which beats while it lives. A job claimed by
    a worker whose last beat is older than the lease (``TARGET87_JOB_LEASE_SECONDS``) is
    abandoned: ``target87.core.jobs.recover_abandoned`` runs it again or fails it."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    beat_at = models.DateTimeField(_("last beat"), db_index=True)

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


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
