"""Supply chains: the eight criteria for priority countries and sectors (Alliance 8.7 Supply
Chain Action Group, Berlin Strategic Workshop: Outcome Report, 21 June 2017), the scores
given to candidates, the registry of initiatives, and footprint runs over a multi-regional
input-output system."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from target87.core.review import DecidedRecord

MAX_SCORE = 3


class Sector(models.TextChoices):
    """Sectors named by the Action Group's workplans (mining, cocoa, coffee, cotton, fishing)
    and the Knowledge Platform's good practices, with broad ones for the rest."""

    AGRICULTURE = "agriculture", _("Agriculture")
    COCOA = "cocoa", _("Cocoa")
    COFFEE = "coffee", _("Coffee")
    COTTON_GARMENT = "cotton_garment", _("Cotton and garment")
    FISHING = "fishing", _("Fishing and seafood")
    MINING = "mining", _("Mining")
    ELECTRONICS = "electronics", _("Electronics")
    RUBBER = "rubber", _("Rubber")
    CONSTRUCTION = "construction", _("Construction")
    MANUFACTURING = "manufacturing", _("Other manufacturing")
    DOMESTIC_WORK = "domestic_work", _("Domestic work")
    SERVICES = "services", _("Other services")


class CriterionScope(models.TextChoices):
    COUNTRY = "country", _("Country")
    COUNTRY_OR_SECTOR = "country_or_sector", _("Country or sector")


class Criterion(models.Model):
    """One of the eight criteria, its text in the six UN languages and its default weight."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    scope = models.CharField(_("applies to"), max_length=20, choices=CriterionScope.choices)
    text_en = models.TextField(_("text (English)"))
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    text_ar = models.TextField(_("text (Arabic)"), blank=True)
    text_zh = models.TextField(_("text (Chinese)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    default_weight = models.DecimalField(_("default weight"), max_digits=6, decimal_places=2,
                                         default=1)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(default_weight__gte=0),
                                   name="criterion_weight_not_negative"),
            models.CheckConstraint(condition=Q(number__gte=1), name="criterion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text()[:80]}"

    def text(self, language: str | None = None) -> str:
        code = (language or get_language() or "en").split("-")[0].split("_")[0]
        return getattr(self, f"text_{code}", "") or self.text_en

    def is_public(self) -> bool:
        return True


class Candidate(models.Model):
    """A country, or a sector in a country, considered for priority action."""

    country = models.ForeignKey("countries.Country", on_delete=models.PROTECT,
                                related_name="supply_chain_candidates",
                                verbose_name=_("country"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True,
                              help_text=_("Leave empty to consider the whole country."))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name_en", "sector"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["country", "sector"],
                                    name="candidate_country_sector_unique",
                                    violation_error_message=_(
                                        "This country and sector is already a candidate.")),
            models.CheckConstraint(condition=Q(sector="") | Q(sector__in=Sector.values),
                                   name="candidate_sector_valid"),
        ]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        name = self.country.name_in(language)
        return f"{name} · {self.get_sector_display()}" if self.sector else name

    def get_absolute_url(self) -> str:
        return reverse("supplychains:candidate", args=[self.pk])

    def is_public(self) -> bool:
        return False


class Score(models.Model):
    """A candidate's score on one criterion (0-3), with its evidence and date; changes are
    kept in the history."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores",
                                  verbose_name=_("candidate"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores",
                                  verbose_name=_("criterion"))
    score = models.PositiveSmallIntegerField(_("score"))
    evidence = models.TextField(_("evidence"))
    date = models.DateField(_("date"))
    cas_reference = models.CharField(_("ILO CAS reference"), max_length=200, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("scored by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "criterion__number"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion"],
                                    name="score_one_per_criterion"),
            models.CheckConstraint(condition=Q(score__lte=MAX_SCORE), name="score_0_to_3"),
            models.CheckConstraint(condition=~Q(evidence=""), name="score_has_evidence"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.criterion.number}: {self.score}"

    def is_public(self) -> bool:
        return False


class CasCase(models.Model):
    """A case of child labour or forced labour discussed by the ILO Committee on the
    Application of Standards, entered with its reference."""

    country = models.ForeignKey("countries.Country", on_delete=models.PROTECT,
                                related_name="cas_cases", verbose_name=_("country"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year of the session"))
    convention = models.CharField(_("convention"), max_length=100,
                                  help_text=_("Such as C029, C105, C138 or C182."))
    reference = models.CharField(_("reference"), max_length=200)
    link = models.URLField(_("link"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "country__name_en"]
        verbose_name = _("ILO CAS case")
        verbose_name_plural = _("ILO CAS cases")
        constraints = [
            models.UniqueConstraint(fields=["country", "year", "convention"],
                                    name="cas_case_unique"),
            models.CheckConstraint(condition=Q(year__gte=1927), name="cas_case_year_valid"),
            models.CheckConstraint(condition=~Q(reference=""), name="cas_case_has_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.year})"

    def is_public(self) -> bool:
        return False


class Covers(models.TextChoices):
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    BOTH = "both", _("Both")


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class Initiative(DecidedRecord):
    """An initiative on child labour or forced labour in supply chains."""

    name = models.CharField(_("name"), max_length=300)
    lead_organisations = models.TextField(_("lead organisations"),
                                          help_text=_("One a line."))
    description = models.TextField(_("description"), blank=True)
    countries = models.ManyToManyField("countries.Country", blank=True,
                                       related_name="supply_chain_initiatives",
                                       verbose_name=_("countries"))
    covers = models.CharField(_("covers"), max_length=20, choices=Covers.choices)
    engages_trade_unions = models.BooleanField(_("engages trade unions"), default=False)
    engages_employers = models.BooleanField(_("engages employers' organisations"),
                                            default=False)
    engages_local_government = models.BooleanField(_("engages local government"),
                                                   default=False)
    global_south = models.BooleanField(_("originates in the global South"), default=False)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True,
                                                help_text=_("Leave empty if ongoing."))
    link = models.URLField(_("link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InitiativeStatus.choices,
                              default=InitiativeStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(condition=Q(covers__in=Covers.values),
                                   name="initiative_covers_valid"),
            models.CheckConstraint(condition=Q(status__in=InitiativeStatus.values),
                                   name="initiative_status_valid"),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="initiative_end_not_before_start",
                violation_error_message=_("The end year cannot come before the start year.")),
            models.CheckConstraint(condition=~Q(name=""), name="initiative_has_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("supplychains:initiative", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == InitiativeStatus.PUBLISHED

    def is_public(self) -> bool:
        return self.is_published

    def lead_list(self) -> list[str]:
        return [line.strip() for line in self.lead_organisations.splitlines() if line.strip()]

    def sector_keys(self) -> list[str]:
        return [s.sector for s in self.sectors.all()]

    def sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(k, k)) for k in self.sector_keys()]


class InitiativeSector(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sectors")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sector"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "sector"],
                                    name="initiative_sector_unique"),
            models.CheckConstraint(condition=Q(sector__in=Sector.values),
                                   name="initiative_sector_valid"),
        ]

    def __str__(self) -> str:
        return self.get_sector_display()

    def is_public(self) -> bool:
        return self.initiative.is_public()


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


def run_upload_to(instance, filename: str) -> str:
    from django.utils.crypto import get_random_string

    return f"supplychains/{get_random_string(16)}/{filename}"


class FootprintRun(models.Model):
    """A footprint computed from an uploaded MRIO system and satellite account."""

    mrio_file = models.FileField(_("MRIO system"), upload_to=run_upload_to)
    mrio_name = models.CharField(_("MRIO file name"), max_length=255)
    mrio_sha256 = models.CharField(max_length=64)
    mrio_source = models.CharField(_("source of the MRIO system"), max_length=500)
    satellite_file = models.FileField(_("satellite account"), upload_to=run_upload_to)
    satellite_name = models.CharField(_("satellite file name"), max_length=255)
    satellite_sha256 = models.CharField(max_length=64)
    satellite_source = models.CharField(_("source of the satellite account"), max_length=500)
    stressor = models.CharField(_("child labour column"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    error = models.TextField(_("reason"), blank=True)
    error_code = models.CharField(max_length=60, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    result_id = models.CharField(max_length=64, blank=True)
    method_note = models.TextField(_("method note"), blank=True)
    regions = models.JSONField(default=list, blank=True)
    sectors = models.JSONField(default=list, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("footprint run")
        verbose_name_plural = _("footprint runs")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RunStatus.values),
                                   name="footprint_run_status_valid"),
            models.CheckConstraint(condition=~Q(is_published=True) | Q(status="finished"),
                                   name="footprint_run_published_only_when_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.mrio_name} × {self.satellite_name} ({self.stressor})"

    def get_absolute_url(self) -> str:
        return reverse("supplychains:run", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status in (RunStatus.FINISHED, RunStatus.FAILED)

    def error_message(self) -> str:
        """The failure in the active language (the stored English text where its code or
        text is not known here). A job's own reasons (worker stopped, too long, an
        unexpected error) are said by the jobs machinery."""
        from target87.core.jobs import REASONS, describe_reason
        from target87.supplychains.errors import describe_code

        if self.error_code in REASONS:
            return describe_reason(self.error_code, self.error_params, self.error)
        return describe_code(self.error_code, self.error_params, self.error)

    def is_public(self) -> bool:
        return self.is_published and self.status == RunStatus.FINISHED


class FootprintFlow(models.Model):
    """What a consuming region's final demand embodies of a producing region and sector's
    stressor. Written once by the run's job, never edited (the run keeps the history)."""

    run = models.ForeignKey(FootprintRun, on_delete=models.CASCADE, related_name="flows")
    consumer = models.CharField(max_length=60)
    producer = models.CharField(max_length=60)
    sector = models.CharField(max_length=200)
    value = models.FloatField()
    direct = models.FloatField()
    indirect = models.FloatField()

    class Meta:
        ordering = ["run", "producer", "sector", "consumer"]
        indexes = [models.Index(fields=["run", "producer", "sector"])]

    def __str__(self) -> str:
        return f"{self.producer}/{self.sector} → {self.consumer}: {self.value:g}"

    def is_public(self) -> bool:
        return self.run.is_public()


class FootprintAccount(models.Model):
    """A region's production- and consumption-based accounts in a run (written once)."""

    run = models.ForeignKey(FootprintRun, on_delete=models.CASCADE, related_name="accounts")
    region = models.CharField(max_length=60)
    production = models.FloatField()
    consumption = models.FloatField()
    exports = models.FloatField()
    imports = models.FloatField()

    class Meta:
        ordering = ["run", "region"]
        constraints = [models.UniqueConstraint(fields=["run", "region"],
                                               name="footprint_account_unique")]

    def __str__(self) -> str:
        return self.region

    def is_public(self) -> bool:
        return self.run.is_public()

    @property
    def export_share(self) -> float | None:
        return self.exports / self.production * 100 if self.production else None
