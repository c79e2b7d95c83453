"""Accounts and roles: demo accounts, invitations, role assignment and deactivation.

The site's pages, the admin and commands call these functions; each checks that the acting
person may manage accounts (the Secretariat) through the permission service."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from target87.accounts.models import (
    INVITATION_VALID_FOR,
    Invitation,
    Role,
    RoleAssignment,
    User,
)
from target87.accounts.permissions import Action, require
from target87.countries.models import Country

INVITATION_SALT = "target87.accounts.invitation"

DEMO_PASSWORD = "alliance87-demo"
# (username, first name, last name, organisation, role, country ISO3 or None, staff)
DEMO_ACCOUNTS = [
    ("secretariat", "Sam", "Secretariat", "Alliance 8.7 Secretariat", Role.SECRETARIAT, None,
     True),
    ("gcg", "Gabriela", "Member", "Global Coordinating Group", Role.GCG_MEMBER, None, False),
    ("focal-npl", "Nima", "Focal Point", "Ministry of Labour, Nepal", Role.FOCAL_POINT, "NPL",
     False),
    ("focal-mdg", "Mialy", "Focal Point", "Ministry of Labour, Madagascar", Role.FOCAL_POINT,
     "MDG", False),
    ("chair", "Chris", "Chair", "Supply Chains Action Group", Role.ACTION_GROUP_CHAIR, None,
     False),
    ("partner", "Pat", "Partner", "Partner organisation", Role.PARTNER_REPRESENTATIVE, None,
     False),
]


def organisation_model():
    return apps.get_model(settings.TARGET87_ORGANISATION_MODEL)


def _forget_cached_roles(user: User) -> None:
    for attr in ("_target87_roles", "_target87_focal_countries", "_target87_organisations"):
        if hasattr(user, attr):
            delattr(user, attr)


def grant_role(user: User, role: str, country: Country | None = None,
               organisation=None) -> RoleAssignment:
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, country=country, organisation=organisation)
    _forget_cached_roles(user)
    return assignment


def check_scope(role: str, countries=(), organisation=None) -> None:
    """A focal point acts for countries, a partner representative for an organisation;
    other roles have no scope."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles listed.")})
    if role == Role.FOCAL_POINT and not countries:
        raise ValidationError({"countries": _("A focal point acts for at least one country: "
                                              "choose it.")})
    if role == Role.PARTNER_REPRESENTATIVE and organisation is None:
        raise ValidationError({"organisation": _("A partner representative speaks for an "
                                                 "organisation: choose it.")})
    if role != Role.FOCAL_POINT and countries:
        raise ValidationError({"countries": _("Only a focal point's role has countries.")})
    if role != Role.PARTNER_REPRESENTATIVE and organisation is not None:
        raise ValidationError({"organisation": _("Only a partner representative's role has an "
                                                 "organisation.")})


@transaction.atomic
def assign_role(by: User, user: User, role: str, countries=(), organisation=None
                ) -> list[RoleAssignment]:
    """Give ``user`` a role with its scope; one assignment per country of a focal point."""
    require(by, Action.MANAGE, user)
    countries = list(countries)
    check_scope(role, countries, organisation)
    if role == Role.FOCAL_POINT:
        made = [grant_role(user, role, country) for country in countries]
    else:
        if role == Role.PARTNER_REPRESENTATIVE:
            # an assignment made before organisations were recorded gets its scope now
            for unscoped in user.role_assignments.filter(role=role, organisation__isnull=True):
                unscoped.delete()
        made = [grant_role(user, role, organisation=organisation)]
    if role == Role.SECRETARIAT and not user.is_staff:
        user.is_staff = True  # the Secretariat also works in the admin
        user.save(update_fields=["is_staff"])
    return made


@transaction.atomic
def revoke_role(by: User, assignment: RoleAssignment) -> None:
    user = assignment.user
    require(by, Action.MANAGE, user)
    if (assignment.role == Role.SECRETARIAT and user.pk == by.pk
            and not getattr(by, "is_superuser", False)):
        raise ValidationError(_("You cannot remove your own Secretariat role: ask another "
                                "member of the Secretariat."))
    assignment.delete()
    _forget_cached_roles(user)
    if (assignment.role == Role.SECRETARIAT and user.is_staff and not user.is_superuser
            and not user.role_assignments.filter(role=Role.SECRETARIAT).exists()):
        user.is_staff = False
        user.save(update_fields=["is_staff"])


@transaction.atomic
def deactivate_account(by: User, user: User) -> None:
    """The person can no longer log in; roles and records stay, for history."""
    require(by, Action.MANAGE, user)
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_superuser and not by.is_superuser:
        raise ValidationError(_("Only a site administrator can deactivate this account."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    _withdraw_pending(user)


@transaction.atomic
def reactivate_account(by: User, user: User) -> None:
    require(by, Action.MANAGE, user)
    if not user.has_usable_password():
        raise ValidationError(_("This person never set a password: invite them again."))
    user.is_active = True
    user.save(update_fields=["is_active"])


# --- invitations ---------------------------------------------------------------------------


def _withdraw_pending(user: User):
    """Earlier links of this person stop working (saved one by one, so history shows it)."""
    now = timezone.now()
    for invitation in user.invitations.filter(accepted_at__isnull=True,
                                              withdrawn_at__isnull=True):
        invitation.withdrawn_at = now
        invitation.save(update_fields=["withdrawn_at"])
    return now


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, or None if the link was not made by this site."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return Invitation.objects.select_related("user").filter(pk=data.get("invitation")).first()


@transaction.atomic
def invite_person(by: User, *, email: str, first_name: str = "", last_name: str = "",
                  organisation_name: str = "", language: str = "en", role: str,
                  countries=(), organisation=None) -> Invitation:
    """Make an account that cannot log in yet, give it a role and a 7-day invitation.

    Inviting again someone who has not accepted replaces the earlier invitation."""
    require(by, Action.MANAGE)
    email = User.objects.normalize_email(email).strip().lower()
    countries = list(countries)
    check_scope(role, countries, organisation)
    user = User.objects.filter(email__iexact=email).first() or User.objects.filter(
        username__iexact=email).first()
    if user is not None:
        if user.is_active:
            raise ValidationError({"email": _("%(email)s already has an account: give it a role "
                                              "on its page instead.") % {"email": email}})
        if user.has_usable_password():
            raise ValidationError({"email": _("%(email)s has a deactivated account: reactivate "
                                              "it on its page instead.") % {"email": email}})
    else:
        user = User(username=email, email=email, is_active=False)
        user.set_unusable_password()
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.organisation = organisation_name or user.organisation
    user.save()
    assign_role(by, user, role, countries, organisation)
    now = _withdraw_pending(user)
    return Invitation.objects.create(
        user=user, email=email, language=language, invited_by=by, created_at=now,
        expires_at=now + INVITATION_VALID_FOR)


def reinvite(by: User, invitation: Invitation) -> Invitation:
    """A fresh 7-day invitation for someone who has not accepted; the old link stops."""
    require(by, Action.MANAGE, invitation.user)
    user = invitation.user
    if user.is_active or user.has_usable_password():
        raise ValidationError(_("This person has already set a password."))
    with transaction.atomic():
        now = _withdraw_pending(user)
        return Invitation.objects.create(
            user=user, email=invitation.email, language=invitation.language, invited_by=by,
            created_at=now, expires_at=now + INVITATION_VALID_FOR)


def send_invitation(invitation: Invitation, base_url: str) -> bool:
    """Email the link in the invited person's language; the outcome is kept on the row."""
    with translation.override(invitation.language):
        # the link opens the site in the person's language
        link = base_url.rstrip("/") + reverse("accounts:invitation",
                                              args=[invitation_token(invitation)])
        context = {"invitation": invitation, "link": link,
                   "inviter": invitation.invited_by, "expires_at": invitation.expires_at}
        subject = _("Your invitation to the Target 8.7 Platform")
        body = render_to_string("accounts/invitation_email.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except Exception as exc:  # the mail server refused or is down: say so, keep the invitation
        invitation.send_error = f"{type(exc).__name__}: {exc}"[:500]
        invitation.save(update_fields=["send_error"])
        return False
    invitation.sent_at = timezone.now()
    invitation.send_error = ""
    invitation.save(update_fields=["sent_at", "send_error"])
    return True


class InvitationUnusable(Exception):
    """The link cannot be used; ``state`` says why (invalid, expired, accepted, withdrawn)."""

    def __init__(self, state: str, invitation: Invitation | None = None):
        super().__init__(state)
        self.state = state
        self.invitation = invitation


def check_invitation(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise InvitationUnusable("invalid")
    state = invitation.state()
    if state == "pending" and (invitation.user.is_active or invitation.user.has_usable_password()):
        state = "accepted"  # the person already set a password another way
    if state != "pending":
        raise InvitationUnusable(state, invitation)
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, password: str) -> User:
    """Set the password and open the account; the link is spent."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(
        pk=invitation.pk)
    check_invitation(invitation)
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def load_demo_accounts(stdout=None) -> int:
    """Create the demo accounts once; an existing account is left as it is."""
    if not getattr(settings, "TARGET87_DEMO_ACCOUNTS", True):
        return 0
    created = 0
    for username, first, last, org, role, iso3, staff in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, first_name=first, last_name=last, organisation=org,
                    email=f"{username}@example.org", is_staff=staff)
        user.set_password(DEMO_PASSWORD)
        user.save()
        country = Country.objects.get(iso3=iso3) if iso3 else None
        grant_role(user, role, country)
        created += 1
    if stdout is not None:
        stdout.write(f"  demo accounts: {created} created")
    return created
