"""Invitations: a signed link valid 7 days that sets the password once; a link that is
expired, used, withdrawn or forged says so and changes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from target87.accounts import services
from target87.accounts.models import Invitation, Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "long-enough-Pass-8.7"


def invite(client, secretariat, **extra):
    client.force_login(secretariat)
    data = {"email": "Ana.Rao@Labour.example", "first_name": "Ana", "last_name": "Rao",
            "organisation_name": "Ministry of Labour", "language": "en",
            "role": Role.FOCAL_POINT, "countries": [], "organisation": ""} | extra
    return client.post("/en/accounts/people/invite/", data)


def link_in(message) -> str:
    line = next(ln for ln in message.body.splitlines() if "/accounts/invitation/" in ln)
    return line.strip().split("testserver", 1)[1]


def test_invitation_makes_a_closed_account_with_its_role_and_mails_a_link(
        client, secretariat, country):
    response = invite(client, secretariat, countries=[country.pk], language="fr")
    user = User.objects.get(email="ana.rao@labour.example")
    assert response.status_code == 302 and response.url == f"/en/accounts/people/{user.pk}/"
    assert not user.is_active and not user.has_usable_password()
    assert list(user.role_assignments.values_list("role", "country")) == [
        (Role.FOCAL_POINT, country.pk)]
    [message] = mail.outbox
    assert message.to == ["ana.rao@labour.example"]
    # written in the language chosen for the invited person
    assert message.subject == "Votre invitation à la Plateforme Cible 8.7"
    assert "Ouvrez ce lien pour choisir votre mot de passe" in message.body
    assert link_in(message).startswith("/fr/accounts/invitation/")
    invitation = user.invitations.get()
    assert invitation.sent_at is not None
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)


def test_link_sets_the_password_once_and_logs_in(client, secretariat, country):
    invite(client, secretariat, countries=[country.pk])
    link = link_in(mail.outbox[0])
    client.logout()
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="ana.rao@labour.example")
    assert user.is_active and user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    # the same link again: refused, the password stays as it was
    client.logout()
    response = client.post(link, {"new_password1": "another-Pass-8.7x",
                                  "new_password2": "another-Pass-8.7x"})
    assert response.status_code == 410
    assert "already used" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert "_auth_user_id" not in client.session


def test_expired_link_says_so_and_changes_nothing(client, secretariat, country):
    invite(client, secretariat, countries=[country.pk])
    link = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    # seven days and a minute later
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - dt.timedelta(days=7, minutes=1),
        expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "expired on" in response.content.decode()
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 410
    user = User.objects.get(email="ana.rao@labour.example")
    assert not user.is_active and not user.has_usable_password()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_link_still_works_just_before_seven_days(client, secretariat, country):
    invite(client, secretariat, countries=[country.pk])
    link = link_in(mail.outbox[0])
    Invitation.objects.update(created_at=timezone.now() - dt.timedelta(days=7),
                              expires_at=timezone.now() + dt.timedelta(minutes=1))
    client.logout()
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302


def test_new_invitation_withdraws_the_earlier_link(client, secretariat, country):
    invite(client, secretariat, countries=[country.pk])
    old_link = link_in(mail.outbox[0])
    user = User.objects.get(email="ana.rao@labour.example")
    response = client.post(f"/en/accounts/people/{user.pk}/invitation/")
    assert response.status_code == 302
    new_link = link_in(mail.outbox[1])
    assert new_link != old_link
    client.logout()
    response = client.post(old_link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active
    assert client.post(new_link, {"new_password1": PASSWORD,
                                  "new_password2": PASSWORD}).status_code == 302


def test_forged_or_damaged_link_is_refused(client, secretariat, country):
    invite(client, secretariat, countries=[country.pk])
    link = link_in(mail.outbox[0])
    client.logout()
    damaged = link.rstrip("/")[:-3] + "abc/"
    response = client.post(damaged, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert not User.objects.get(email="ana.rao@labour.example").is_active


def test_weak_password_is_refused_and_link_stays_usable(client, secretariat, country):
    invite(client, secretariat, countries=[country.pk])
    link = link_in(mail.outbox[0])
    client.logout()
    response = client.post(link, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert Invitation.objects.get().accepted_at is None


def test_deactivating_withdraws_a_pending_invitation(client, secretariat, country):
    invite(client, secretariat, countries=[country.pk])
    link = link_in(mail.outbox[0])
    user = User.objects.get(email="ana.rao@labour.example")
    services.deactivate_account(secretariat, user)
    client.logout()
    assert client.get(link).status_code == 410


def test_invitation_needs_the_scope_of_its_role(client, secretariat, partner_user):
    response = invite(client, secretariat, role=Role.FOCAL_POINT)
    assert response.status_code == 200
    assert response.context["form"].errors["countries"]
    response = invite(client, secretariat, role=Role.PARTNER_REPRESENTATIVE)
    assert response.context["form"].errors["organisation"]
    assert not User.objects.filter(email="ana.rao@labour.example").exists()
    assert mail.outbox == []


def test_inviting_an_existing_account_is_refused(client, secretariat, focal_point):
    focal_point.email = "fp@example.org"
    focal_point.save()
    response = invite(client, secretariat, email="FP@example.org", role=Role.GCG_MEMBER)
    assert response.status_code == 200
    assert "already has an account" in str(response.context["form"].errors)
    assert not focal_point.role_assignments.filter(role=Role.GCG_MEMBER).exists()


def test_mail_server_down_keeps_the_invitation_and_says_so(client, secretariat, country,
                                                           settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = invite(client, secretariat, countries=[country.pk])
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and invitation.send_error
    page = client.get(response.url).content.decode()
    assert "could not be sent" in page


@pytest.mark.parametrize("who", ["focal_point", "gcg_member", "partner_user"])
def test_only_the_secretariat_invites(client, request, who, country):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/en/accounts/people/invite/").status_code == 403
    response = client.post("/en/accounts/people/invite/", {
        "email": "x@example.org", "language": "en", "role": Role.SECRETARIAT})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def _invitation(secretariat, country, language, expires):
    invitation = services.invite_person(
        secretariat, email=f"{language}@labour.example", language=language,
        role=Role.FOCAL_POINT, countries=[country])
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=expires - dt.timedelta(days=7), expires_at=expires)
    invitation.refresh_from_db()
    return invitation


def test_invitation_email_gives_the_date_in_the_persons_language(secretariat, country):
    expires = dt.datetime(2019, 2, 7, 10, 30, tzinfo=dt.UTC)
    invitation = _invitation(secretariat, country, "fr", expires)
    assert services.send_invitation(invitation, "http://testserver/")
    body = mail.outbox[-1].body
    assert "7 février 2019 10:30 (UTC)" in body
    assert "Feb" not in body and "févr." not in body


def test_expired_invitation_page_dates_in_the_readers_language(client, secretariat, country):
    invitation = _invitation(secretariat, country, "zh-hans",
                             dt.datetime(2019, 6, 7, 9, 0, tzinfo=dt.UTC))
    token = services.invitation_token(invitation)
    html = client.get(f"/zh-hans/accounts/invitation/{token}/").content.decode()
    assert "2019年6月7日" in html and "六月" not in html
    html = client.get(f"/fr/accounts/invitation/{token}/").content.decode()
    assert "7 juin 2019" in html
