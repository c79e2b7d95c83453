"""Notifications on the site, the emails that carry them, each person's choices and the
Secretariat's announcements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

LANGUAGE_CODES = [code for code, _label in settings.LANGUAGES]


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Email immediately")
    DIGEST = "digest", _("Weekly digest email")
    SITE = "site", _("On the site only")


class Profile(models.Model):
    """What the platform keeps of how a person wants to be written to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_profile"
    )
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Notifications and emails are written to you in this language."),
    )
    email_enabled = models.BooleanField(
        _("receive emails"), default=True,
        help_text=_("When off, you are told only on the site, whatever each kind says."),
    )
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_digest_at"])

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES), name="notification_profile_language"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Preference(models.Model):
    """How a person is told of one kind of event; no row means "email immediately"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique"),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="notification_preference_delivery"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"


class Notification(models.Model):
    """One event told to one person, written in their language when it happened."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # e.g. "shown in English": said beside the text, in the recipient's language
    note = models.CharField(_("note"), max_length=300, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    announcement = models.ForeignKey(
        "Announcement", on_delete=models.CASCADE, null=True, blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # set when a weekly digest email carried it
    digest_email = models.ForeignKey(
        "Email", on_delete=models.SET_NULL, null=True, blank=True, related_name="digest_items",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="notification_delivery_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class EmailState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RETRYING = "retrying", _("Waiting to retry")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Email(models.Model):
    """One email as the worker sends it; kept so nothing is lost while the mail server is
    down and so the Secretariat can see what happened to it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="notification_emails", verbose_name=_("recipient"),
    )
    to_address = models.EmailField(_("address"))
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    unsubscribe_url = models.CharField(_("unsubscribe link"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=EmailState.choices, default=EmailState.QUEUED,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("reason of the last failure"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="emails",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=EmailState.values), name="email_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="email_sent_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["failed", "retrying"]) | ~Q(last_error=""),
                name="email_failure_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to_address}: {self.subject}"


class Announcement(models.Model):
    """A message from the Secretariat to an audience, written in one or more languages."""

    audience = models.CharField(_("audience"), max_length=80)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_en = models.TextField(_("text (English)"))
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    body_fr = models.TextField(_("text (French)"), blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    body_es = models.TextField(_("text (Spanish)"), blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    body_ar = models.TextField(_("text (Arabic)"), blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    body_zh = models.TextField(_("text (Chinese)"), blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_en="") & ~Q(body_en=""), name="announcement_has_english"
            ),
        ]

    def __str__(self) -> str:
        return self.title_en

    def languages(self) -> list[str]:
        from target87.core.languages import LANGUAGE_SUFFIX

        return [code for code in LANGUAGE_CODES
                if getattr(self, f"title_{LANGUAGE_SUFFIX[code]}", "")]

    def text(self, language: str) -> dict:
        """Title and text in ``language``, or English with ``fallback`` set."""
        from target87.core.languages import language_suffix

        suffix = language_suffix(language)
        title, body = getattr(self, f"title_{suffix}"), getattr(self, f"body_{suffix}")
        if suffix != "en" and title and body:
            return {"title": title, "body": body, "language": language, "fallback": False}
        return {"title": self.title_en, "body": self.body_en, "language": "en",
                "fallback": suffix != "en"}


class SentReminder(models.Model):
    """A deadline reminder already sent, so a periodic run never sends it twice."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
