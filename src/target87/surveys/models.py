"""Survey microdata uploaded by a country and the estimate runs made from it."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from target87.surveys.errors import describe_code


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    PARQUET = "parquet", "Parquet"
    SAV = "sav", "SPSS (.sav)"
    DTA = "dta", "Stata (.dta)"


class UploadContent(models.TextChoices):
    MICRODATA = "microdata", _("survey microdata")
    LIST_OVERLAP = "list_overlap", _("list-overlap table")


class RunKind(models.TextChoices):
    CHILD_LABOUR = "child_labour", _("child labour")
    TRAFFICKING_MSE = "trafficking_mse", _("hidden victims of trafficking")
    FORCED_LABOUR = "forced_labour", _("forced labour")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    FINISHED = "finished", _("finished")
    FAILED = "failed", _("failed")


def upload_path(instance: SurveyUpload, filename: str) -> str:
    # A random directory per upload: names never collide and cannot be guessed.
    return f"surveys/{uuid.uuid4().hex}/{PurePath(filename).name}"


class SurveyUpload(models.Model):
    """A microdata file (one row per child) uploaded for one country."""

    country = models.ForeignKey("countries.Country", on_delete=models.PROTECT,
                                related_name="survey_uploads", verbose_name=_("country"))
    file = models.FileField(_("file"), upload_to=upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    format = models.CharField(_("format"), max_length=8, choices=FileFormat.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    columns = models.JSONField(_("columns"), default=list, blank=True)
    content = models.CharField(_("content"), max_length=16, choices=UploadContent.choices,
                               default=UploadContent.MICRODATA)
    # the year the data are about, for a list-overlap table (a survey's year is chosen when
    # its figures are saved)
    period = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True,
                                   help_text=_("For example: MICS6 2019, children aged 5-17."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey upload")
        verbose_name_plural = _("survey uploads")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="survey_upload_size_positive"),
            models.CheckConstraint(condition=Q(format__in=FileFormat.values),
                                   name="survey_upload_format_known"),
            models.CheckConstraint(condition=~Q(original_name=""),
                                   name="survey_upload_name_present"),
            models.CheckConstraint(condition=Q(content__in=UploadContent.values),
                                   name="survey_upload_content_known"),
            models.CheckConstraint(
                condition=~Q(content=UploadContent.LIST_OVERLAP) | Q(period__isnull=False),
                name="survey_upload_overlap_has_year"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.country.iso3})"

    def permission_country_ids(self) -> set[int]:
        return {self.country_id}

    def is_public(self) -> bool:
        return False


class EstimateRun(models.Model):
    """One SDG 8.7.1 estimate over an upload: the settings used and, once run, the result."""

    upload = models.ForeignKey(SurveyUpload, on_delete=models.PROTECT, related_name="runs",
                               verbose_name=_("upload"))
    kind = models.CharField(_("kind"), max_length=20, choices=RunKind.choices,
                            default=RunKind.CHILD_LABOUR)
    mapping = models.JSONField(_("variable mapping"))
    definition = models.JSONField(_("definition"))
    options = models.JSONField(_("options"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    error = models.TextField(_("error"), blank=True)
    # The library's code and values of the error, so each reader sees it in their language.
    error_code = models.CharField(_("error code"), max_length=64, blank=True)
    error_params = models.JSONField(_("error values"), default=dict, blank=True)
    rows = models.JSONField(_("result rows"), default=list, blank=True)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    result_id = models.CharField(_("task result id"), max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("started by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    observations = models.ManyToManyField("monitoring.Observation", blank=True,
                                          related_name="estimate_runs",
                                          verbose_name=_("observations saved"))
    saved_period = models.PositiveSmallIntegerField(_("survey year saved"), null=True, blank=True)
    # when the person who started the run first looked at it after it ended ("My work")
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["rows", "metadata", "seen_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("estimate run")
        verbose_name_plural = _("estimate runs")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RunStatus.values),
                                   name="estimate_run_status_known"),
            models.CheckConstraint(condition=Q(kind__in=RunKind.values),
                                   name="estimate_run_kind_known"),
            models.CheckConstraint(
                condition=~Q(status=RunStatus.FAILED) | ~Q(error=""),
                name="estimate_run_failure_has_error",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[RunStatus.FINISHED, RunStatus.FAILED])
                | Q(finished_at__isnull=False),
                name="estimate_run_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.upload.original_name} ({self.get_status_display()})"

    def error_message(self) -> str:
        """The failure in the active language (the stored English text if its code is not
        known here). A job's own reasons (worker stopped, too long) are the platform's."""
        from target87.core.jobs import REASONS, UNEXPECTED, describe_reason

        if self.error_code in REASONS and self.error_code != UNEXPECTED:
            return describe_reason(self.error_code, self.error_params, self.error)
        return describe_code(self.error_code, self.error_params, self.error)

    @property
    def country(self):
        return self.upload.country

    def permission_country_ids(self) -> set[int]:
        return {self.upload.country_id}

    def is_public(self) -> bool:
        return False

    @property
    def is_done(self) -> bool:
        return self.status in (RunStatus.FINISHED, RunStatus.FAILED)
