from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The translation mechanism is core's, shared with the pathfinder roadmaps; its names stay
# importable from here.
from target87.core.translations import (  # noqa: E402, F401
    CONTENT_LANGUAGE_CODES,
    CONTENT_LANGUAGES,
    ContentTranslation,
    Translatable,
    content_language,
    translation_constraints,
)


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture")
    COCOA = "cocoa", _("Cocoa")
    COFFEE = "coffee", _("Coffee")
    COTTON_GARMENT = "cotton_garment", _("Cotton and garment")
    CARPETS = "carpets", _("Carpets and textiles")
    FISHING = "fishing", _("Fishing and seafood")
    MINING = "mining", _("Mining")
    ELECTRONICS = "electronics", _("Electronics")
    RUBBER = "rubber", _("Rubber")
    CONSTRUCTION = "construction", _("Construction")
    FINANCE = "finance", _("Finance")
    DAIRY = "dairy", _("Dairy")
    CROSS_SECTOR = "cross_sector", _("All sectors")


class Theme(models.TextChoices):
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    HUMAN_TRAFFICKING = "human_trafficking", _("Human trafficking")
    MODERN_SLAVERY = "modern_slavery", _("Modern slavery")
    ALL_TARGET_87 = "target_87", _("All forms (Target 8.7)")


class Level(models.TextChoices):
    COMMUNITY = "community", _("Community")
    NATIONAL = "national", _("National")
    SECTOR = "sector", _("Sector")
    GLOBAL = "global", _("Global")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Returned to the author")


class GoodPractice(Translatable, models.Model):
    """A practice or model that helped end child labour, forced labour or trafficking."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    countries = models.ManyToManyField(
        "countries.Country",
        blank=True,
        related_name="good_practices",
        verbose_name=_("countries"),
    )
    actors = models.TextField(_("actors"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    status = models.CharField(
        _("status"), max_length=12, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_practices",
        verbose_name=_("submitted by"),
    )
    review_note = models.TextField(_("review note"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    search_document = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        ordering = ["title"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        constraints = [
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values), name="practice_sector_valid"
            ),
            models.CheckConstraint(
                condition=Q(theme__in=Theme.values), name="practice_theme_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="practice_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values), name="practice_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:practice_detail", args=[self.slug])

    def is_public(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    translatable_fields = ("title", "summary", "results", "lessons")


class PracticeTranslation(ContentTranslation):
    parent_field = "practice"
    practice = models.ForeignKey(
        GoodPractice, on_delete=models.CASCADE, related_name="translations"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    history = HistoricalRecords()

    class Meta(ContentTranslation.Meta):
        constraints = translation_constraints("practice", "practice")


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="knowledge/practices/%Y/")
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("file type"), max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def is_public(self) -> bool:
        return self.practice.is_public()


class PublicationKind(models.TextChoices):
    REPORT = "report", _("Report")
    TOOLKIT = "toolkit", _("Toolkit")
    GUIDANCE = "guidance", _("Guidance note")
    STATEMENT = "statement", _("Statement")
    WORKPLAN = "workplan", _("Workplan")
    BRIEFING = "briefing", _("Briefing note")


class Publication(Translatable, models.Model):
    title = models.CharField(_("title"), max_length=250, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=PublicationKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("link"), max_length=300, blank=True)
    countries = models.ManyToManyField(
        "countries.Country", blank=True, related_name="publications", verbose_name=_("countries")
    )
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PublicationKind.values), name="publication_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2100), name="publication_year_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_public(self) -> bool:
        return self.is_published


class PublicationTranslation(ContentTranslation):
    parent_field = "publication"
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="translations"
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta(ContentTranslation.Meta):
        constraints = translation_constraints("publication", "publication")


class LawTopic(models.TextChoices):
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SLAVERY = "slavery", _("Slavery")
    HUMAN_TRAFFICKING = "human_trafficking", _("Human trafficking")
    LABOUR_MIGRATION = "labour_migration", _("Labour migration")
    ACCESS_TO_JUSTICE = "access_to_justice", _("Access to justice")


class LabourLaw(Translatable, models.Model):
    """A national law in the labour-law database by country."""

    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        related_name="labour_laws",
        verbose_name=_("country"),
    )
    title = models.CharField(_("law"), max_length=250)
    topic = models.CharField(_("topic"), max_length=30, choices=LawTopic.choices)
    year_adopted = models.PositiveSmallIntegerField(_("year adopted"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name_en", "-year_adopted", "title"]
        verbose_name = _("labour law")
        verbose_name_plural = _("labour laws")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "title"], name="labour_law_unique_per_country"
            ),
            models.CheckConstraint(
                condition=Q(topic__in=LawTopic.values), name="labour_law_topic_valid"
            ),
            models.CheckConstraint(
                condition=Q(year_adopted__isnull=True)
                | (Q(year_adopted__gte=1800) & Q(year_adopted__lte=2100)),
                name="labour_law_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_public(self) -> bool:
        return self.is_published


class LawTranslation(ContentTranslation):
    parent_field = "law"
    law = models.ForeignKey(LabourLaw, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("law"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta(ContentTranslation.Meta):
        constraints = translation_constraints("law", "law")


class EventKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    SIDE_EVENT = "side_event", _("Side event")
    FORUM = "forum", _("Forum")
    OBSERVANCE = "observance", _("International day")
    LAUNCH = "launch", _("Launch")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact dates")
    MONTH = "month", _("Month only")


class Event(Translatable, models.Model):
    translatable_fields = ("title", "summary", "location")

    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    is_virtual = models.BooleanField(_("online"), default=False)
    countries = models.ManyToManyField(
        "countries.Country", blank=True, related_name="events", verbose_name=_("countries")
    )
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("link"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["title", "start_date"], name="event_unique_title_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="event_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values), name="event_precision_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:event_detail", args=[self.pk])

    @property
    def uid(self) -> str:
        return f"event-{self.pk}@target87"

    @property
    def state(self) -> str:
        """"upcoming", "past", "postponed" or "cancelled" (knowledge.services.event_state)."""
        from target87.knowledge.services import event_state

        return event_state(self)

    @property
    def state_label(self) -> str:
        from target87.knowledge.services import EVENT_STATE_LABELS

        return EVENT_STATE_LABELS[self.state]

    def is_public(self) -> bool:
        return self.is_published


class EventTranslation(ContentTranslation):
    parent_field = "event"
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(ContentTranslation.Meta):
        constraints = translation_constraints("event", "event")
