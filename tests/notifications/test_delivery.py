"""Notifications reach people on the site and by email through a real SMTP server, in
their language, with a working unsubscribe link; nothing is lost while the server is down."""

import time
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from target87.core.notify import notify
from target87.notifications import kinds, services
from target87.notifications.models import Delivery, Email, EmailState, Notification

from .conftest import body_text

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection

SUBJECT = _("%(country)s: the %(year)s progress questionnaire is overdue")


def run_worker():
    call_command("worker", batch=True, interval=0.01)


def tell_overdue(*users):
    notify(list(users), kinds.OVERDUE, subject=SUBJECT,
           body=_("The deadline was %(deadline)s. Please submit it as soon as you can."),
           params={"country": "Nepal", "year": "2021", "deadline": "2021-03-31"},
           url=reverse("monitoring:questionnaire", args=["NPL", 2021]))


@pytest.fixture
def french_focal_point(focal_point):
    focal_point.email = "fp@example.org"
    focal_point.save()
    services.set_preferences(focal_point, language="fr")
    return focal_point


def test_site_notification_listed_counted_and_marked_read(client, focal_point, gcg_member):
    tell_overdue(focal_point)
    notification = Notification.objects.get(recipient=focal_point)
    assert notification.delivery == Delivery.SITE  # no email address
    assert not Email.objects.exists()
    client.force_login(focal_point)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Nepal: the 2021 progress questionnaire is overdue" in page
    assert 'class="menu-count">1<' in page
    opened = client.get(reverse("notifications:open", args=[notification.pk]))
    assert opened["Location"] == "/en/monitoring/questionnaires/NPL/2021/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="menu-count"' not in client.get(reverse("notifications:list")).content.decode()
    # nobody opens another person's notification
    client.force_login(gcg_member)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_email_in_recipients_language_with_unsubscribe(client, smtp, french_focal_point):
    tell_overdue(french_focal_point)
    email = Email.objects.get()
    assert email.state == EmailState.QUEUED  # stored first, sent by the worker
    run_worker()
    email.refresh_from_db()
    assert email.state == EmailState.SENT and email.attempts == 1
    [message] = smtp.inbox.to("fp@example.org")
    assert message["Subject"].strip() == "Nepal : le questionnaire d’avancement 2021 est en retard"
    assert message["Content-Language"].strip() == "fr"
    text = body_text(message)
    assert "http://platform.test/fr/monitoring/questionnaires/NPL/2021/" in text
    assert "Se désabonner" in text
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert message["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    assert unsubscribe in text
    # the link works without login: the page asks, the one-click POST does it
    path = urlparse(unsubscribe).path
    assert client.get(path).status_code == 200
    assert services.delivery_for(french_focal_point, kinds.OVERDUE) == Delivery.IMMEDIATE
    assert client.post(path, {"scope": "kind"}).status_code == 200
    assert services.delivery_for(french_focal_point, kinds.OVERDUE) == Delivery.SITE
    # other kinds still come by email; this one only on the site
    assert services.delivery_for(french_focal_point, kinds.DEADLINE_3) == Delivery.IMMEDIATE
    tell_overdue(french_focal_point)
    assert Email.objects.count() == 1
    assert Notification.objects.filter(recipient=french_focal_point).count() == 2


def test_tampered_unsubscribe_link_changes_nothing(client, french_focal_point):
    token = services.unsubscribe_token(french_focal_point, kinds.OVERDUE)
    response = client.post(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"]),
                           {"scope": "all"})
    assert response.status_code == 400
    assert services.profile_for(french_focal_point).email_enabled
    response = client.post(reverse("notifications:unsubscribe", args=[token]), {"scope": "all"})
    assert response.status_code == 200
    assert services.delivery_for(french_focal_point, kinds.DEADLINE_3) == Delivery.SITE


def test_mail_server_down_then_up(client, settings, smtp_settings, french_focal_point,
                                  secretariat):
    settings.NOTIFICATIONS_RETRY_DELAYS = [1, 1]
    tell_overdue(french_focal_point)
    run_worker()  # nobody listens on the port
    email = Email.objects.get()
    assert email.state == EmailState.RETRYING and email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    client.force_login(secretariat)
    page = client.get(reverse("notifications:emails"), {"state": "retrying"}).content.decode()
    assert "fp@example.org" in page and "Waiting to retry" in page
    assert "ConnectionRefusedError" in page
    smtp_settings.start()
    try:
        time.sleep(1.2)
        run_worker()  # the retry the worker had waiting
        email.refresh_from_db()
        assert email.state == EmailState.SENT and email.attempts == 2
        assert len(smtp_settings.inbox.to("fp@example.org")) == 1
    finally:
        smtp_settings.stop()
    page = client.get(reverse("notifications:emails"), {"state": "sent"}).content.decode()
    assert "fp@example.org" in page


def test_failed_after_retries_then_sent_by_the_secretariat(client, settings, smtp_settings,
                                                           french_focal_point, secretariat,
                                                           focal_point):
    settings.NOTIFICATIONS_RETRY_DELAYS = []  # no retry: fails at once
    tell_overdue(french_focal_point)
    run_worker()
    email = Email.objects.get()
    assert email.state == EmailState.FAILED and email.last_error
    # the Secretariat has it in My work; only the Secretariat sees the emails
    from target87.core.work import work_items

    [item] = [i for i in work_items(secretariat) if i.kind == "notifications.email_failed"]
    assert item.title == "1 email could not be sent" and "state=failed" in item.url
    assert not [i for i in work_items(focal_point) if i.kind == "notifications.email_failed"]
    client.force_login(focal_point)
    assert client.get(reverse("notifications:emails")).status_code == 403
    client.force_login(secretariat)
    smtp_settings.start()
    try:
        client.post(reverse("notifications:email_send_again", args=[email.pk]))
        run_worker()
        email.refresh_from_db()
        assert email.state == EmailState.SENT
        assert len(smtp_settings.inbox.messages) == 1
        assert not [i for i in work_items(secretariat) if i.kind == "notifications.email_failed"]
    finally:
        smtp_settings.stop()


def test_weekly_digest(smtp, french_focal_point):
    from datetime import timedelta

    from django.utils import timezone

    services.set_preferences(french_focal_point, deliveries={kinds.OVERDUE: Delivery.DIGEST})
    tell_overdue(french_focal_point)
    notify([french_focal_point], kinds.OVERDUE, subject="Madagascar",
           params={})
    assert not Email.objects.exists()
    assert services.send_digests() == 0  # not a week old yet
    assert services.send_digests(timezone.now() + timedelta(days=8)) == 1
    run_worker()
    [message] = smtp.inbox.to("fp@example.org")
    text = body_text(message)
    assert "Nepal : le questionnaire d’avancement 2021 est en retard" in text
    assert "Madagascar" in text
    assert message["List-Unsubscribe"]
    # each item goes in one digest only
    assert services.send_digests(timezone.now() + timedelta(days=30)) == 0


def test_preferences_page(client, french_focal_point):
    client.force_login(french_focal_point)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    data = {"language": "es", "email_enabled": "on"}
    for key, _label in kinds.choosable():
        data[f"kind__{key}"] = Delivery.IMMEDIATE
    data[f"kind__{kinds.ANNOUNCEMENT}"] = Delivery.DIGEST
    client.post(reverse("notifications:preferences"), data)
    assert services.language_of(french_focal_point) == "es"
    assert services.delivery_for(french_focal_point, kinds.ANNOUNCEMENT) == Delivery.DIGEST
    data["kind__announcement"] = "never"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200 and "Please correct" in response.content.decode()


def test_language_kept_from_first_login(client, focal_point):
    client.post("/ar/accounts/login/", {"username": "fp", "password": "a-Strong-pass-87!"})
    assert services.language_of(focal_point) == "ar"


def test_one_failing_recipient_neither_stops_the_others_nor_the_event(
        monkeypatch, focal_point, gcg_member, caplog):
    real_tell = services.tell

    def tell(user, *args, **kwargs):
        if user == focal_point:
            raise RuntimeError("broken template")
        return real_tell(user, *args, **kwargs)

    monkeypatch.setattr(services, "tell", tell)
    tell_overdue(focal_point, gcg_member)  # does not raise into the workflow
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["gcg"]
    assert "could not notify" in caplog.text
