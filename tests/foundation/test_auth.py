import pytest
from django.core import mail

from target87.accounts.models import User

pytestmark = pytest.mark.django_db


def test_login_logout_and_throttling(client, focal_point, settings):
    response = client.post("/en/accounts/login/",
                           {"username": "fp", "password": "a-Strong-pass-87!"})
    assert response.status_code == 302
    client.post("/en/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": "fp", "password": "wrong"})
    locked = client.post("/en/accounts/login/", {"username": "fp", "password": "a-Strong-pass-87!"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_weak_password_is_refused(client, focal_point):
    client.force_login(focal_point)
    response = client.post("/en/accounts/password/change/", {
        "old_password": "a-Strong-pass-87!", "new_password1": "12345678",
        "new_password2": "12345678"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.check_password("a-Strong-pass-87!")


def test_password_reset_sends_mail(client, focal_point):
    User.objects.filter(pk=focal_point.pk).update(email="fp@example.org")
    response = client.post("/en/accounts/password/reset/", {"email": "fp@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/password/reset/" in mail.outbox[0].body
