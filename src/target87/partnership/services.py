"""Partners directory: seed loading, queries and the application decision."""

from __future__ import annotations

import csv
import io
from importlib import resources

from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from target87.accounts.models import Role, User
from target87.accounts.permissions import Action, is_secretariat, require
from target87.accounts.services import grant_role
from target87.core.notify import notify
from target87.core.seeding import seed
from target87.countries.models import Country
from target87.partnership.models import (
    ApplicationStatus,
    Partner,
    PartnerApplication,
    PartnerType,
)

SEED_SOURCE = (
    "Alliance 8.7, 7th Global Coordinating Group Meeting: briefing pack, 19 May 2020: "
    "List of new Partners of Alliance 8.7"
)


def read_partner_rows() -> list[dict]:
    text = (resources.files("target87.partnership.data") / "partners.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    rows = []
    for number, rec in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        name = (rec.get("name") or "").strip()
        kind = (rec.get("type") or "").strip()
        if not name:
            raise ValueError(f"partners.csv row {number}: empty name")
        if kind not in PartnerType.values:
            raise ValueError(f"partners.csv row {number} ({name}): unknown type {kind!r}")
        rows.append(
            {
                "name": name,
                "partner_type": kind,
                "country": (rec.get("country") or "").strip().upper(),
                "website": (rec.get("website") or "").strip(),
            }
        )
    return rows


@transaction.atomic
def partner_seed_key(name: str) -> str:
    """The key a seeded partner is remembered under (core.seeding): found again by it after
    a person renames or edits the record, never by its text."""
    return "partner:" + slugify(name)[:180]


def seed_partner(name: str, values: dict):
    """Create or refresh the partner the data files name ``name`` (see core.seeding)."""
    return seed(Partner, partner_seed_key(name), {"name": name, **values},
                adopt=[{"name": name}])


def load_partners(stdout=None) -> int:
    countries = {c.iso3: c for c in Country.objects.all()}
    changed = 0
    for row in read_partner_rows():
        country = countries.get(row["country"]) if row["country"] else None
        if row["country"] and country is None:
            raise ValueError(f"partners.csv ({row['name']}): unknown country {row['country']!r}")
        _partner, outcome = seed_partner(row["name"], {
            "partner_type": row["partner_type"],
            "country": country,
            "website": row["website"],
            "source": SEED_SOURCE,
        })
        changed += bool(outcome)
    if stdout is not None:
        stdout.write(f"  partners: {changed} created or updated")
    return changed


def public_partners(partner_type: str = "", country_iso3: str = ""):
    qs = Partner.objects.filter(is_published=True).select_related("country")
    if partner_type in PartnerType.values:
        qs = qs.filter(partner_type=partner_type)
    if country_iso3:
        qs = qs.filter(country__iso3=country_iso3.upper()[:3])
    return qs


class ApplicationError(ValueError):
    """A partner application that cannot go ahead; the message is for the person acting."""


CONFIRM_SALT = "target87.partnership.application-email"
CONFIRM_MAX_AGE = 14 * 24 * 3600


def pending_application(organisation: str) -> PartnerApplication | None:
    return PartnerApplication.objects.filter(
        organisation__iexact=organisation.strip(), status=ApplicationStatus.SUBMITTED
    ).first()


def confirmation_token(application: PartnerApplication) -> str:
    return signing.dumps(
        {"id": application.pk, "email": application.contact_email}, salt=CONFIRM_SALT
    )


def submit_application(*, organisation: str, partner_type: str, contact_email: str,
                       country=None, website: str = "", contact_person: str = "",
                       motivation: str = "", action_groups=(), language: str = "en",
                       confirm_url=None) -> PartnerApplication:
    """Record an application and send the link that confirms its contact e-mail.

    ``confirm_url(token) -> absolute URL`` builds the link; the application waits for the
    Secretariat only once the e-mail is confirmed.
    """
    organisation = organisation.strip()
    if pending_application(organisation):
        raise ApplicationError(
            _("An application from %(organisation)s is already waiting for a decision; "
              "nothing was saved. Write to the Secretariat to change it.")
            % {"organisation": organisation}
        )
    with transaction.atomic():
        application = PartnerApplication.objects.create(
            organisation=organisation, partner_type=partner_type, country=country,
            website=website, contact_person=contact_person.strip(),
            contact_email=contact_email.strip(), motivation=motivation.strip(),
            language=language,
        )
        application.action_groups.set(action_groups)
    if confirm_url is not None:
        link = confirm_url(confirmation_token(application))
        with translation.override(language):
            send_mail(
                str(_("Confirm your application to Alliance 8.7")),
                str(_("Hello %(person)s,\n\nTo confirm the application of %(organisation)s "
                      "to join Alliance 8.7, open this link:\n%(link)s\n\nThe Secretariat "
                      "reviews it once the address is confirmed. If you did not apply, ignore "
                      "this message.")
                    % {"person": application.contact_person or application.contact_email,
                       "organisation": organisation, "link": link}),
                None, [application.contact_email],
            )
    return application


def confirm_application_email(token: str) -> PartnerApplication:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApplicationError(
            _("This confirmation link has expired; please apply again.")
        ) from exc
    except signing.BadSignature as exc:
        raise ApplicationError(_("This confirmation link is not valid.")) from exc
    application = PartnerApplication.objects.filter(
        pk=data.get("id"), contact_email=data.get("email")
    ).first()
    if application is None:
        raise ApplicationError(_("This confirmation link is not valid."))
    if application.email_confirmed_at is None:
        application.email_confirmed_at = timezone.now()
        application.save(update_fields=["email_confirmed_at"])
        notify(
            [u for u in User.objects.filter(is_active=True) if is_secretariat(u)],
            "partner_application.submitted",
            subject=gettext_lazy("New partner application: %(organisation)s"),
            body=gettext_lazy("%(organisation)s applied to join Alliance 8.7."),
            params={"organisation": application.organisation},
            url=reverse("partnership:application_detail", args=[application.pk]),
            obj=application,
        )
    return application


@transaction.atomic
def decide_application(user, application: PartnerApplication, approve: bool,
                       reason: str = "") -> PartnerApplication:
    """Approve or decline an application: the one path for the site, the admin and commands.

    Approval creates the partner (or links the one of the same name), lists it and makes
    platform users with the contact e-mail its representatives (a scoped role). Declining
    needs a reason.
    The applicant is told either way.
    """
    require(user, Action.APPROVE, application)
    # lock the row so two Secretariat members cannot decide the same application at once
    PartnerApplication.objects.select_for_update().filter(pk=application.pk).exists()
    application.refresh_from_db()
    if application.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError(
            _("The application from %(organisation)s was already decided.")
            % {"organisation": application.organisation}
        )
    reason = (reason or "").strip()
    if approve:
        if application.email_confirmed_at is None:
            raise ApplicationError(
                _("The contact e-mail of %(organisation)s is not confirmed yet; the "
                  "application cannot be approved until the applicant opens the link sent "
                  "to %(email)s.")
                % {"organisation": application.organisation, "email": application.contact_email}
            )
        partner = Partner.objects.filter(name__iexact=application.organisation).first()
        if partner is None:
            partner = Partner.objects.create(
                name=application.organisation,
                partner_type=application.partner_type,
                country=application.country,
                website=application.website,
                joined=timezone.localdate(),
                source="Partner application",
            )
        elif not partner.is_published:
            partner.is_published = True
            partner.save(update_fields=["is_published", "updated_at"])
        application.partner = partner
        application.status = ApplicationStatus.APPROVED
        # people already on the platform with the contact e-mail speak for the new partner
        # (the partner representative role scoped to the partner, as the Secretariat's
        # people pages show it)
        for person in User.objects.filter(email__iexact=application.contact_email):
            grant_role(person, Role.PARTNER_REPRESENTATIVE, organisation=partner)
    else:
        if not reason:
            raise ApplicationError(
                _("Give a reason to decline the application from %(organisation)s; it is "
                  "sent to the applicant.") % {"organisation": application.organisation}
            )
        application.status = ApplicationStatus.REJECTED
    application.decision_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = user
    application.save()
    transaction.on_commit(lambda: _tell_applicant(application))
    return application


def _tell_applicant(application: PartnerApplication) -> None:
    approved = application.status == ApplicationStatus.APPROVED
    if approved:
        subject = gettext_lazy("Welcome to Alliance 8.7: %(organisation)s is now a partner")
        body = gettext_lazy("The Secretariat approved the application of %(organisation)s.")
    else:
        subject = gettext_lazy("Your application to Alliance 8.7 (%(organisation)s)")
        body = gettext_lazy("The Secretariat declined the application of %(organisation)s. "
                            "Reason: %(reason)s")
    params = {"organisation": application.organisation, "reason": application.decision_reason}
    users = list(User.objects.filter(email__iexact=application.contact_email, is_active=True))
    if users:
        notify(users, "partner_application.decided", subject=subject, body=body, params=params,
               url=reverse("partnership:directory"), obj=application)
        return
    # the applicant has no account yet: write to the contact e-mail in their language
    with translation.override(application.language):
        send_mail(str(subject) % params, str(body) % params, None, [application.contact_email])
