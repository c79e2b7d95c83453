"""Submit, review, publish; permissions; attachments checked; nothing typed is lost."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from target87.accounts.permissions import can
from target87.knowledge import services
from target87.knowledge.models import Event, GoodPractice, LabourLaw, PracticeStatus

FORM = {
    "title": "Village child labour monitoring",
    "summary": "Committees visit every household.",
    "sector": "agriculture",
    "theme": "child_labour",
    "level": "community",
    "actors": "",
    "results": "",
    "lessons": "",
    "contacts": "",
    "links": "",
}


def test_partner_submits_secretariat_publishes(db, client, partner_user, secretariat):
    client.force_login(partner_user)
    response = client.post("/en/knowledge/practices/new/", {**FORM, "submit": "1"})
    practice = GoodPractice.objects.get(title=FORM["title"])
    assert response.status_code == 302
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.submitted_by == partner_user
    # not public yet
    client.logout()
    assert client.get(practice.get_absolute_url()).status_code == 403
    assert FORM["title"] not in client.get("/en/knowledge/practices/").content.decode()
    # the Secretariat publishes
    client.force_login(secretariat)
    client.post(f"/en/knowledge/practices/{practice.slug}/review/", {"decision": "publish"})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED and practice.published_at
    client.logout()
    assert (
        FORM["title"] in client.get("/en/knowledge/practices/", {"q": "household"}).content.decode()
    )
    assert practice.history.count() >= 3


def test_return_needs_a_note(db, partner_user, secretariat):
    practice = services.save_practice(
        partner_user, GoodPractice(**{k: v for k, v in FORM.items()}), []
    )
    services.submit_practice(partner_user, practice)
    with pytest.raises(ValidationError):
        services.review_practice(secretariat, practice, publish=False, note=" ")
    services.review_practice(secretariat, practice, publish=False, note="Add results.")
    assert practice.status == PracticeStatus.REJECTED
    # the author can edit and resubmit a returned practice
    assert can(partner_user, "change", practice)
    services.submit_practice(partner_user, practice)
    assert practice.status == PracticeStatus.SUBMITTED


def test_only_secretariat_publishes(db, partner_user, gcg_member, focal_point):
    practice = services.save_practice(partner_user, GoodPractice(**FORM), [])
    services.submit_practice(partner_user, practice)
    for user in (partner_user, gcg_member, focal_point):
        with pytest.raises(PermissionDenied):
            services.review_practice(user, practice, publish=True)
    # the author cannot change it while it waits for review, others never
    assert not can(partner_user, "change", practice)
    assert not can(focal_point, "change", practice)


def test_anonymous_and_roleless_users_cannot_submit(db, client, django_user_model):
    assert client.get("/en/knowledge/practices/new/").status_code == 302  # to login
    nobody = django_user_model.objects.create_user("nobody", password="a-Strong-pass-87!")
    client.force_login(nobody)
    assert client.get("/en/knowledge/practices/new/").status_code == 403


def test_rejected_attachment_keeps_what_was_typed(db, client, partner_user):
    client.force_login(partner_user)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post("/en/knowledge/practices/new/", {**FORM, "attachment": fake})
    assert response.status_code == 200
    html = response.content.decode()
    assert "does not look like a .pdf file" in html
    assert FORM["title"] in html and FORM["summary"] in html
    assert not GoodPractice.objects.exists()
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    html = client.post("/en/knowledge/practices/new/", {**FORM, "attachment": exe}).content.decode()
    assert "tool.exe: files of this type are not accepted" in html


def test_attachment_size_limit(db, partner_user, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 100)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 200)
    with pytest.raises(ValidationError, match="largest accepted file"):
        services.check_attachment(big)


def test_good_attachment_is_stored(db, client, partner_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(partner_user)
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    client.post(
        "/en/knowledge/practices/new/", {**FORM, "attachment": pdf, "attachment_title": "Report"}
    )
    attachment = GoodPractice.objects.get().attachments.get()
    assert attachment.content_type == "application/pdf" and attachment.title == "Report"


def test_bad_link_named_by_line(db, client, partner_user):
    client.force_login(partner_user)
    html = client.post(
        "/en/knowledge/practices/new/", {**FORM, "links": "https://example.org\nnot a link"}
    ).content.decode()
    assert "Line 2 (not a link) is not a web address." in html


def test_database_refuses_bad_state(seeded):
    with pytest.raises(IntegrityError), transaction.atomic():
        GoodPractice.objects.filter(slug="ikea-carpet-work").update(published_at=None)
    event = Event.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end_date="1990-01-01")
    law = LabourLaw.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LabourLaw.objects.filter(pk=law.pk).update(year_adopted=3000)


def test_focal_point_cannot_edit_laws_of_own_country(seeded, focal_point, secretariat):
    law = LabourLaw.objects.get(country__iso3="NPL")
    assert not can(focal_point, "change", law)
    assert can(secretariat, "change", law)


def test_seed_loading_is_idempotent(seeded):
    from target87.knowledge.services import load_reference_data
    from target87.partnership.services import load_partners

    assert load_reference_data() == 0
    assert load_partners() == 0
    assert GoodPractice.objects.count() == 10
    assert Event.objects.count() == 36  # with the 7 dated by the 2020 roadmap and others
    practice = GoodPractice.objects.get(slug="child-labour-free-zones")
    assert {t.language for t in practice.translations.all()} == {"fr", "es", "ar", "zh-hans", "ru"}
    assert "Berlin Strategic Workshop: Outcome Report, 21 June 2017" in practice.source


def test_export_cells_never_become_formulas():
    from target87.core.tables import safe_cell

    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("+1") == "'+1" and safe_cell(12) == 12 and safe_cell(None) == ""
