"""Joining Alliance 8.7: the public form, the e-mail confirmation and the Secretariat's decision
through decide_application() from the site, the admin and code alike."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from tests.conftest import make_user

from target87.core import notify as core_notify
from target87.groups.models import ActionGroup
from target87.groups.seed import load_action_groups
from target87.partnership.models import (
    ApplicationStatus,
    Partner,
    PartnerApplication,
)
from target87.partnership.services import ApplicationError, decide_application

FORM = {
    "organisation": "Child Rights Nepal",
    "partner_type": "civil_society",
    "website": "https://crn.example.org",
    "contact_person": "Sita Rai",
    "contact_email": "sita@crn.example.org",
    "motivation": "We run remediation programmes for children in brick kilns.",
}


@pytest.fixture
def notifications():
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    core_notify.notification_requested.connect(receiver, dispatch_uid="test-partners")
    yield sent
    core_notify.notification_requested.disconnect(dispatch_uid="test-partners")


def apply(client, lang="en", **changes):
    load_action_groups()
    data = {**FORM, "country": "", **changes}
    if "action_groups" not in changes:
        data["action_groups"] = [ActionGroup.objects.get(slug="supply-chains").pk]
    return client.post(f"/{lang}/partners/apply/", data)


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/apply/confirm/\S+/", message.body).group(0)


def test_form_renders_in_arabic_with_the_groups(client, db):
    load_action_groups()
    page = client.get("/ar/partners/apply/").content.decode()
    assert 'dir="rtl"' in page
    assert "مجموعة العمل المعنية بالهجرة" in page


def test_application_is_confirmed_by_the_link_then_approved_from_the_site(
    client, db, secretariat, notifications, country, django_capture_on_commit_callbacks
):
    response = apply(client, lang="fr", country=country.pk)
    assert response.status_code == 302
    application = PartnerApplication.objects.get()
    assert application.email_confirmed_at is None and application.language == "fr"
    assert [g.slug for g in application.action_groups.all()] == ["supply-chains"]
    # the confirmation e-mail is in the language the applicant used
    assert mail.outbox[0].to == ["sita@crn.example.org"]
    assert "Confirmez" in mail.outbox[0].subject

    # approving before the e-mail is confirmed: a clear message, nothing changes
    client.force_login(secretariat)
    response = client.post(f"/en/partners/applications/{application.pk}/",
                           {"decision": "approve"}, follow=True)
    assert "not confirmed yet" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Partner.objects.filter(name="Child Rights Nepal").exists()

    client.logout()
    link = confirmation_link(mail.outbox[0])
    page = client.get(link.split("testserver", 1)[1])
    assert page.status_code == 200
    application.refresh_from_db()
    assert application.email_confirmed_at is not None
    assert [n["kind"] for n in notifications] == ["partner_application.submitted"]
    assert secretariat in notifications[0]["recipients"]

    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/partners/applications/{application.pk}/",
                               {"decision": "approve"})
    assert response.status_code == 302
    application.refresh_from_db()
    partner = application.partner
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == secretariat
    assert partner.is_published and partner.country == country
    # listed in the public directory
    client.logout()
    assert "Child Rights Nepal" in client.get("/en/partners/").content.decode()
    # the applicant has no account: told by e-mail in French
    assert mail.outbox[-1].to == ["sita@crn.example.org"]
    assert "Child Rights Nepal" in mail.outbox[-1].subject


def test_a_second_application_while_one_is_pending_changes_nothing(client, db):
    apply(client)
    response = apply(client, organisation="child rights nepal ", contact_email="x@y.org")
    assert response.status_code == 200
    assert "already waiting for a decision" in response.content.decode()
    assert PartnerApplication.objects.count() == 1
    # the database refuses it too, whichever path tries
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerApplication.objects.create(organisation="CHILD RIGHTS NEPAL",
                                          partner_type="civil_society", contact_email="z@y.org")


def test_decline_needs_a_reason_and_tells_a_registered_applicant(
    db, secretariat, notifications, django_capture_on_commit_callbacks
):
    applicant = make_user("sita", email="sita@crn.example.org")
    application = PartnerApplication.objects.create(
        organisation="Kiln Watch", partner_type="civil_society",
        contact_email="SITA@crn.example.org", email_confirmed_at=timezone.now(),
    )
    with pytest.raises(ApplicationError, match="Give a reason"):
        decide_application(secretariat, application, approve=False)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        decide_application(secretariat, application, approve=False,
                           reason="Not an organisation working on Target 8.7.")
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision_reason.startswith("Not an organisation")
    assert not Partner.objects.filter(name="Kiln Watch").exists()
    told = notifications[-1]
    assert told["kind"] == "partner_application.decided" and told["recipients"] == [applicant]
    assert told["params"]["reason"] == "Not an organisation working on Target 8.7."


def test_approval_links_the_existing_partner_and_the_applicant_as_representative(
    db, secretariat, gcg_member
):
    existing = Partner.objects.create(name="Kiln Watch", partner_type="civil_society",
                                      is_published=False)
    applicant = make_user("sita", email="sita@crn.example.org")
    application = PartnerApplication.objects.create(
        organisation="kiln watch", partner_type="civil_society",
        contact_email="sita@crn.example.org", email_confirmed_at=timezone.now(),
    )
    with pytest.raises(PermissionDenied):
        decide_application(gcg_member, application, approve=True)
    decide_application(secretariat, application, approve=True)
    existing.refresh_from_db()
    assert application.partner == existing and existing.is_published
    from target87.accounts.permissions import organisation_ids

    applicant = type(applicant).objects.get(pk=applicant.pk)
    assert organisation_ids(applicant) == {existing.pk}
    with pytest.raises(ApplicationError, match="already decided"):
        decide_application(secretariat, application, approve=False, reason="late")


def test_admin_approval_goes_through_decide_application(client, db, secretariat):
    """Approving in the admin answered HTTP 500 (approved without a partner) before."""
    application = PartnerApplication.objects.create(
        organisation="Kiln Watch", partner_type="civil_society",
        contact_email="k@example.org", email_confirmed_at=timezone.now(),
    )
    client.force_login(secretariat)
    url = f"/en/admin/partnership/partnerapplication/{application.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "organisation": "Kiln Watch", "partner_type": "civil_society", "country": "",
        "website": "", "contact_person": "", "contact_email": "k@example.org",
        "motivation": "", "decision_reason": "", "decision": "approve",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.partner.name == "Kiln Watch"


def test_admin_refuses_to_approve_an_unconfirmed_email(client, db, secretariat):
    application = PartnerApplication.objects.create(
        organisation="Kiln Watch", partner_type="civil_society", contact_email="k@example.org",
    )
    client.force_login(secretariat)
    url = f"/en/admin/partnership/partnerapplication/{application.pk}/change/"
    data = {
        "organisation": "Kiln Watch", "partner_type": "civil_society", "country": "",
        "website": "", "contact_person": "", "contact_email": "k@example.org",
        "motivation": "", "decision_reason": "", "decision": "approve",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "not confirmed yet" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_tampered_confirmation_link_confirms_nothing(client, db):
    apply(client)
    link = confirmation_link(mail.outbox[0]).split("testserver", 1)[1]
    response = client.get(link.replace("/confirm/", "/confirm/x"))
    assert response.status_code == 400
    assert PartnerApplication.objects.get().email_confirmed_at is None


def test_applications_are_for_the_secretariat_only(client, db, gcg_member, partner_user):
    apply(client)
    application = PartnerApplication.objects.get()
    for user in (gcg_member, partner_user):
        client.force_login(user)
        assert client.get("/en/partners/applications/").status_code == 403
        assert client.get(f"/en/partners/applications/{application.pk}/").status_code == 403
    client.logout()
    assert client.get("/en/partners/applications/").status_code == 302
