"""Sign-in and password-reset forms that refuse bad input before it reaches the database
or the mail server: an over-long username is a form error (the login failure log stores at
most 255 characters), and password-reset requests are counted per address and per e-mail,
like failed logins, so that nobody can send a flood of reset mail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from target87.accounts.models import User

USERNAME_MAX = User._meta.get_field("username").max_length
RESET_WINDOW_SECONDS = 3600


class LoginForm(AuthenticationForm):
    def clean(self):
        username = self.data.get("username") or ""
        if len(username) > USERNAME_MAX:
            raise ValidationError(
                gettext_lazy("A username has at most %(max)s characters."),
                code="username_length", params={"max": USERNAME_MAX})
        return super().clean()


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "-"


def reset_limit() -> int:
    return int(getattr(settings, "PASSWORD_RESET_LIMIT", 5))


def _count(key: str) -> int:
    """Add one request under ``key`` and return how many the window holds now."""
    if cache.add(key, 1, RESET_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, RESET_WINDOW_SECONDS)
        return 1


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """At most PASSWORD_RESET_LIMIT requests an hour from one address and for one e-mail;
    more are refused with a message (429) and no mail is sent."""

    def form_valid(self, form):
        email = (form.cleaned_data.get("email") or "").strip().lower()
        limit = reset_limit()
        by_address = _count(f"password-reset:addr:{_client_address(self.request)}")
        by_email = _count(f"password-reset:email:{email}")
        if by_address > limit or by_email > limit:
            form.add_error(None, _(
                "Too many password reset requests: at most %(limit)s an hour (setting "
                "PASSWORD_RESET_LIMIT). Try again later.") % {"limit": limit})
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
