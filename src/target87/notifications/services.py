"""The rules of notifications: who is told what, in which language, by which channel.

Views, the admin, commands and tasks call these functions; ``receive`` is connected to
``target87.core.notify.notification_requested``.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from target87.notifications import kinds
from target87.notifications.models import (
    Delivery,
    Email,
    EmailState,
    Notification,
    Preference,
    Profile,
)

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "target87.notifications.unsubscribe"
ALL_KINDS = "*"
DEFAULT_RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
DIGEST_INTERVAL = dt.timedelta(days=7)
# a queued email whose attempt is this late lost its task (worker queue wiped, enqueue failed)
STALE_AFTER = dt.timedelta(minutes=10)


# --- who, in which language, by which channel ------------------------------------------------

def profile_for(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def language_of(user) -> str:
    profile = Profile.objects.filter(user=user).only("language").first()
    return profile.language if profile else settings.LANGUAGE_CODE


def remember_language(user, language: str) -> None:
    """Keep the language a person uses the site in, unless they already chose one."""
    codes = {code for code, _label in settings.LANGUAGES}
    if language not in codes:
        return
    Profile.objects.get_or_create(user=user, defaults={"language": language})


def delivery_for(user, kind: str) -> str:
    if not user.email or not user.is_active:
        return Delivery.SITE
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and not profile.email_enabled:
        return Delivery.SITE
    choice = Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True)
    return choice.first() or Delivery.IMMEDIATE


def set_preferences(user, *, language=None, email_enabled=None, deliveries=None) -> Profile:
    profile = profile_for(user)
    changed = False
    if language is not None and language != profile.language:
        profile.language, changed = language, True
    if email_enabled is not None and email_enabled != profile.email_enabled:
        profile.email_enabled, changed = email_enabled, True
    if changed:
        profile.save()
    for kind, delivery in (deliveries or {}).items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    return profile


# --- writing in the recipient's language -----------------------------------------------------

def render_text(text, params: dict | None, language: str) -> str:
    """``text`` in ``language``: a lazy translatable string gets its ``%(name)s``
    parameters; a plain string (e.g. a reviewer's comment) is kept as written."""
    if not text:
        return ""
    if not isinstance(text, Promise):
        return str(text)
    with translation.override(language):
        rendered = str(text)
        values = {key: str(value) if isinstance(value, Promise) or hasattr(value, "__html__")
                  or not isinstance(value, int | float) else value
                  for key, value in (params or {}).items()}
        if values:
            try:
                rendered = rendered % values
            except (KeyError, ValueError, TypeError):
                log.warning("notification text %r does not fit its parameters", rendered)
    return rendered


def url_in_language(url: str, language: str) -> str:
    """A site path moved to the recipient's language prefix (other links unchanged)."""
    if not url or not url.startswith("/"):
        return url
    return translate_url(url, language)


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


# --- receiving events ----------------------------------------------------------------------------

def receive(sender=None, *, recipients, kind, subject, body="", params=None, url="", obj=None,
            **_kwargs) -> list[Notification]:
    """Receiver of ``core.notify.notification_requested``: one notification per recipient."""
    created = []
    for user in recipients:
        # telling one person must not undo the event (the caller's transaction) nor stop
        # the others from being told: each in its own savepoint, a failure logged
        try:
            with transaction.atomic():
                language = language_of(user)
                created.append(tell(
                    user, kind, language=language,
                    subject=render_text(subject, params, language),
                    body=render_text(body, params, language),
                    url=url_in_language(url, language),
                ))
        except Exception:
            log.exception("could not notify user %s of %s", user.pk, kind)
    return created


def tell(user, kind: str, *, language: str, subject: str, body: str = "", url: str = "",
         note: str = "", announcement=None) -> Notification:
    """Record a notification already written in ``language`` and send its email if the
    person wants it immediately."""
    delivery = delivery_for(user, kind)
    notification = Notification.objects.create(
        recipient=user, kind=kind, language=language, subject=subject[:300], body=body,
        url=url, note=note, delivery=delivery, announcement=announcement,
    )
    if delivery == Delivery.IMMEDIATE:
        queue_email(
            user, kind, language=language, subject=subject,
            template="notifications/email/notification",
            context={"notification": notification}, notification=notification,
        )
    return notification


# --- reading on the site ---------------------------------------------------------------------

def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, ids=None) -> int:
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


# --- email ---------------------------------------------------------------------------------------

def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps([user.pk, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str):
    """(user, kind) of a valid token, else None."""
    from django.contrib.auth import get_user_model

    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = get_user_model().objects.filter(pk=user_id).first()
    return (user, kind) if user is not None else None


def unsubscribe(user, kind: str) -> None:
    """Stop emails of one kind (site notifications go on), or all emails for ``ALL_KINDS``."""
    if kind == ALL_KINDS or kind == kinds.DIGEST:
        set_preferences(user, email_enabled=False)
    else:
        set_preferences(user, deliveries={kind: Delivery.SITE})


def queue_email(user, kind: str, *, language: str, subject: str, template: str, context: dict,
                notification=None) -> Email | None:
    """Write an email in ``language`` and hand it to the worker; it is stored first, so it is
    never lost if the mail server or the worker is down."""
    if not user.email:
        return None
    token_kind = ALL_KINDS if kind == kinds.DIGEST else kind
    unsubscribe_url = absolute_url(
        url_in_language(reverse("notifications:unsubscribe", args=[unsubscribe_token(user,
                                                                                    token_kind)]),
                        language)
    )
    with translation.override(language):
        context = {
            **context, "user": user, "language": language, "kind_label": kinds.label(kind),
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "site_url": settings.SITE_URL.rstrip("/"),
            "LANGUAGE_DIR": "rtl" if translation.get_language_bidi() else "ltr",
        }
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    email = Email.objects.create(
        recipient=user, to_address=user.email, kind=kind, language=language,
        subject=subject[:300], body_text=text, body_html=html, unsubscribe_url=unsubscribe_url,
        notification=notification, next_attempt_at=timezone.now(),
    )
    _enqueue(email)
    return email


def _enqueue(email: Email, run_after=None) -> None:
    from target87.notifications.tasks import deliver_email

    task = deliver_email
    if run_after is not None:
        task = task.using(run_after=run_after)
    try:
        task.enqueue(email_id=email.pk, attempt=email.attempts)
    except Exception:  # the periodic sweep picks the email up again
        log.exception("could not queue email %s; the periodic run will retry it", email.pk)


def retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "NOTIFICATIONS_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def send_email(email_id: int, attempt: int | None = None) -> str:
    """Send one stored email (the worker calls this); returns its state afterwards.

    A failure is recorded with its reason and retried later, up to the number of retry
    delays; then the email is "failed" until the Secretariat sends it again."""
    with transaction.atomic():
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            return "missing"
        if email.state in (EmailState.SENT, EmailState.FAILED):
            return email.state
        if attempt is not None and attempt != email.attempts:
            return email.state  # a newer attempt is already queued
        message = EmailMultiAlternatives(
            subject=email.subject, body=email.body_text, to=[email.to_address],
            from_email=settings.DEFAULT_FROM_EMAIL,
            headers={
                "List-Unsubscribe": f"<{email.unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Content-Language": email.language,
                "Auto-Submitted": "auto-generated",
            } if email.unsubscribe_url else {"Content-Language": email.language},
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        email.attempts += 1
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # any failure of the mail server is retried
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000] or type(exc).__name__
            delays = retry_delays()
            if email.attempts > len(delays):
                email.state, email.next_attempt_at = EmailState.FAILED, None
            else:
                email.state = EmailState.RETRYING
                email.next_attempt_at = timezone.now() + dt.timedelta(
                    seconds=delays[email.attempts - 1])
            email.save()
            if email.state == EmailState.RETRYING:
                _enqueue(email, run_after=email.next_attempt_at)
            return email.state
        email.state, email.sent_at, email.next_attempt_at = EmailState.SENT, timezone.now(), None
        email.save()
        return email.state


def send_again(email: Email) -> None:
    """The Secretariat sends a waiting or failed email now."""
    if email.state == EmailState.SENT:
        return
    email.state, email.next_attempt_at = EmailState.QUEUED, timezone.now()
    email.save(update_fields=["state", "next_attempt_at"])
    _enqueue(email)


def requeue_stale(now=None) -> int:
    """Queue again emails whose attempt is long overdue (their task was lost)."""
    now = now or timezone.now()
    stale = Email.objects.filter(
        state__in=[EmailState.QUEUED, EmailState.RETRYING], next_attempt_at__lte=now - STALE_AFTER,
    )
    count = 0
    for email in stale:
        _enqueue(email)
        count += 1
    return count


# --- weekly digest -------------------------------------------------------------------------

def send_digests(now=None, force: bool = False) -> int:
    """One email per person with the notifications they chose to get weekly; sent when a
    week has passed since their last digest (or their oldest waiting item)."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    waiting = Notification.objects.filter(delivery=Delivery.DIGEST, digest_email__isnull=True)
    sent = 0
    for user in get_user_model().objects.filter(pk__in=waiting.values("recipient")):
        profile = profile_for(user)
        if not user.email or not user.is_active or not profile.email_enabled:
            continue
        items = list(waiting.filter(recipient=user).order_by("created_at", "pk"))
        since = profile.last_digest_at or items[0].created_at
        if not force and now - since < DIGEST_INTERVAL:
            continue
        with transaction.atomic():
            with translation.override(profile.language):
                subject = str(_("Your weekly summary from the Target 8.7 Platform"))
            email = queue_email(
                user, kinds.DIGEST, language=profile.language, subject=subject,
                template="notifications/email/digest", context={"items": items},
            )
            Notification.objects.filter(pk__in=[item.pk for item in items]).update(
                digest_email=email)
            profile.last_digest_at = now
            profile.save(update_fields=["last_digest_at"])
        sent += 1
    return sent


# --- announcements -------------------------------------------------------------------------

def send_announcement(announcement, by=None) -> int:
    """Tell every member of the audience, each in their language or in English with a note
    saying so. Sending twice is refused."""
    from target87.notifications import audiences

    if announcement.sent_at is not None:
        raise ValueError("announcement already sent")
    count = 0
    with transaction.atomic():
        for user in audiences.recipients(announcement.audience):
            language = language_of(user)
            text = announcement.text(language)
            note = ""
            if text["fallback"]:
                with translation.override(language):
                    note = str(_("This announcement is not available in your language; "
                                 "it is shown in English."))
            url = url_in_language(
                reverse("notifications:announcement", args=[announcement.pk]), language)
            tell(user, kinds.ANNOUNCEMENT, language=language, subject=text["title"],
                 body=text["body"], url=url, note=note, announcement=announcement)
            count += 1
        announcement.sent_at = timezone.now()
        announcement.recipient_count = count
        announcement.save()
    return count


# --- periodic work -----------------------------------------------------------------------------

def run_periodic(now=None) -> dict[str, int]:
    """Everything that runs on a schedule: deadline reminders, weekly digests, lost emails."""
    from target87.notifications.reminders import send_deadline_reminders

    now = now or timezone.now()
    return {
        "reminders": send_deadline_reminders(timezone.localdate(now)),
        "digests": send_digests(now),
        "requeued": requeue_stale(now),
    }
