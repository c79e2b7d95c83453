"""Focal-point hand-over, transition documents (type, size, content, how they are served) and
workshop pages that write only when saved."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from target87.accounts.models import Role, RoleAssignment, User
from target87.accounts.permissions import Action, can
from target87.accounts.services import grant_role
from target87.pathfinders import services
from target87.pathfinders.forms import TransitionForm
from target87.pathfinders.models import (
    NextStep,
    Participation,
    PathfinderStatus,
    PreparatoryItem,
    PreparatoryTask,
    StakeholderGroup,
    StatusTransition,
    Workshop,
)

pytestmark = pytest.mark.django_db
S = PathfinderStatus

MAX_BYTES = 20 * 1024 * 1024  # the documented limit: 20 MB
PDF = b"%PDF-1.4 letter"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 16
DOCX = b"PK\x03\x04" + b"\0" * 16


def fresh(user):
    """The account as a new request would load it (roles are cached per user object)."""
    return User.objects.get(pk=user.pk)


# --- focal point hand-over ----------------------------------------------------------------

def test_new_focal_point_account_revokes_the_previous_one(nepal, secretariat, focal_point,
                                                          partner_user, other_country):
    grant_role(focal_point, Role.FOCAL_POINT, other_country)
    services.assign_focal_point_account(nepal, focal_point, secretariat)
    services.assign_focal_point_account(nepal, partner_user, secretariat)
    step = NextStep(country=nepal.country, text="x")
    assert not can(fresh(focal_point), Action.CHANGE, step)
    assert can(fresh(partner_user), Action.CHANGE, step)
    # the previous account keeps its other countries
    assert set(RoleAssignment.objects.filter(user=focal_point).values_list(
        "role", "country__iso3")) == {(Role.FOCAL_POINT, "MDG")}
    # and the revocation is in the audit history
    assert RoleAssignment.history.filter(user_id=focal_point.pk, history_type="-").exists()


def test_removing_the_focal_point_account_revokes_it(nepal, secretariat, focal_point):
    services.assign_focal_point_account(nepal, focal_point, secretariat)
    services.assign_focal_point_account(nepal, None, secretariat)
    assert not RoleAssignment.objects.filter(user=focal_point).exists()


def test_reassigning_the_same_account_keeps_its_role(nepal, secretariat, focal_point):
    services.assign_focal_point_account(nepal, focal_point, secretariat)
    services.assign_focal_point_account(nepal, focal_point, secretariat)
    assert can(fresh(focal_point), Action.CHANGE, NextStep(country=nepal.country, text="x"))


def test_hand_over_through_the_form(client, nepal, secretariat, focal_point, partner_user):
    services.assign_focal_point_account(nepal, focal_point, secretariat)
    client.force_login(secretariat)
    response = client.post(reverse("pathfinders:edit", args=["NPL"]),
                           {"focal_point_username": partner_user.username})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=focal_point, country=nepal.country).exists()
    assert RoleAssignment.objects.filter(user=partner_user, country=nepal.country).exists()


# --- transition documents -----------------------------------------------------------------

def form_with(pathfinder, name, content):
    return TransitionForm(
        {"to_status": S.EXPRESSION_OF_INTEREST, "date": "2020-05-01"},
        {"document": SimpleUploadedFile(name, content)}, pathfinder=pathfinder)


@pytest.mark.parametrize("name,content", [
    ("letter.pdf", PDF), ("scan.PNG", PNG), ("scan.jpg", JPEG), ("scan.jpeg", JPEG),
    ("report.docx", DOCX), ("report.doc", b"\xd0\xcf\x11\xe0"), ("report.odt", DOCX),
])
def test_accepted_documents(nepal, name, content):
    form = form_with(nepal, name, content)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("name,content,expected", [
    ("page.html", b"<script>alert(1)</script>", "expected a PDF, PNG, JPEG, DOCX, DOC or ODT"),
    ("drawing.svg", b"<svg/>", "expected a PDF, PNG, JPEG, DOCX, DOC or ODT"),
    ("letter", PDF, "expected a PDF, PNG, JPEG, DOCX, DOC or ODT"),
    ("letter.pdf", b"<html><script>alert(1)</script>", "its content is not PDF"),
    ("scan.png", PDF, "its content is not PNG"),
    ("scan.jpg", PNG, "its content is not JPEG"),
])
def test_refused_documents_name_the_file_and_what_is_expected(nepal, name, content, expected):
    form = form_with(nepal, name, content)
    assert not form.is_valid()
    assert list(form.errors) == ["document"]
    message = form.errors["document"][0]
    assert f"“{name}”" in message
    assert expected in message


def test_document_larger_than_20_mb_is_refused(nepal):
    form = form_with(nepal, "big.pdf", b"%PDF-" + b"0" * (MAX_BYTES - 4))
    assert not form.is_valid()
    assert "“big.pdf” is 20.0 MB; a document may be at most 20 MB." in form.errors["document"]
    assert form_with(nepal, "big.pdf", b"%PDF-" + b"0" * (MAX_BYTES - 5)).is_valid()


def test_status_page_refuses_a_disguised_document(client, nepal, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("pathfinders:transition", args=["NPL"]), {
        "to_status": S.EXPRESSION_OF_INTEREST, "date": "2020-05-01",
        "document": SimpleUploadedFile("letter.pdf", b"<html>")})
    assert response.status_code == 200
    assert "its content is not PDF" in response.content.decode()
    nepal.refresh_from_db()
    assert nepal.status == S.PROSPECTIVE


@pytest.mark.parametrize("name,content,inline", [
    ("letter.pdf", PDF, True), ("scan.png", PNG, True), ("report.docx", DOCX, False),
    ("notes.html", b"<script>alert(1)</script>", False),
])
def test_documents_are_served_inline_only_when_pdf_or_image(client, nepal, secretariat, name,
                                                            content, inline):
    step = services.transition(nepal, S.EXPRESSION_OF_INTEREST, secretariat,
                               dt.date(2020, 5, 1),
                               SimpleUploadedFile(name, content))
    response = client.get(f"/media/{step.document.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if inline else "attachment"), disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert StatusTransition.objects.filter(pk=step.pk).exists()


# --- workshop pages -------------------------------------------------------------------------

def test_opening_a_workshop_writes_nothing(client, nepal, focal_point, country):
    workshop = Workshop.objects.create(country=country, status="planned",
                                       region=country.ilo_region)
    client.force_login(focal_point)
    page = client.get(reverse("pathfinders:workshop_edit", args=["NPL", workshop.pk]))
    assert page.status_code == 200
    assert not Participation.objects.exists()
    assert not PreparatoryTask.objects.exists()
    # every group and checklist item is offered all the same
    assert len(page.context["participants"].forms) == len(StakeholderGroup.values)
    assert len(page.context["preparation"].forms) == len(PreparatoryItem.values)


def test_saving_a_workshop_records_the_blank_forms_and_the_filled_ones(client, nepal,
                                                                       focal_point, country):
    workshop = Workshop.objects.create(country=country, status="planned",
                                       region=country.ilo_region)
    client.force_login(focal_point)
    url = reverse("pathfinders:workshop_edit", args=["NPL", workshop.pk])
    page = client.get(url)
    data = {"status": "planned", "region": country.ilo_region}
    for formset in (page.context["participants"], page.context["preparation"]):
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            # what the browser posts back: each field's shown value; an unticked box is absent
            for name in form.fields:
                value = form[name].value()
                if value is not None and value is not False:
                    data[form.add_prefix(name)] = value
    index = StakeholderGroup.values.index("ministries")
    data[f"participants-{index}-women"] = "3"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Participation.objects.filter(workshop=workshop).count() == \
        len(StakeholderGroup.values)
    assert PreparatoryTask.objects.filter(workshop=workshop).count() == \
        len(PreparatoryItem.values)
    assert workshop.participants.get(group="ministries").women == 3
    # a second save changes no row count (the rows are made once)
    assert services.add_workshop_rows(workshop) == 0
