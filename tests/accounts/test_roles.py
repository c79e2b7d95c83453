"""Role assignment, revocation and deactivation in the site, by the Secretariat only, each
change in the account's history; the admin index lists the models each staff user may use."""

import pytest

from target87.accounts.models import Role, RoleAssignment
from target87.accounts.permissions import focal_country_ids, organisation_ids, roles
from target87.partnership.models import Partner, PartnerType

pytestmark = pytest.mark.django_db


def log_in(client, username) -> bool:
    client.post("/en/accounts/login/", {"username": username, "password": "a-Strong-pass-87!"})
    return "_auth_user_id" in client.session


@pytest.fixture
def partner(db):
    return Partner.objects.create(name="Workers United",
                                  partner_type=PartnerType.WORKERS_ORGANISATION)


def test_secretariat_gives_a_focal_point_countries(client, secretariat, gcg_member, country,
                                                    other_country):
    client.force_login(secretariat)
    response = client.post(f"/en/accounts/people/{gcg_member.pk}/roles/", {
        "role": Role.FOCAL_POINT, "countries": [country.pk, other_country.pk]})
    assert response.status_code == 302
    assert focal_country_ids(gcg_member) == {country.pk, other_country.pk}
    page = client.get(f"/en/accounts/people/{gcg_member.pk}/").content.decode()
    assert "Role given: Country focal point (Nepal)" in page
    assert "Role given: Country focal point (Madagascar)" in page


def test_partner_representative_speaks_for_organisations(client, secretariat, chair,
                                                             partner):
    client.force_login(secretariat)
    other = Partner.objects.create(name="Fair Employers",
                                   partner_type=PartnerType.EMPLOYERS_BUSINESS)
    url = f"/en/accounts/people/{chair.pk}/roles/"
    client.post(url, {"role": Role.PARTNER_REPRESENTATIVE, "organisation": partner.pk})
    client.post(url, {"role": Role.PARTNER_REPRESENTATIVE, "organisation": other.pk})
    assert organisation_ids(chair) == {partner.pk, other.pk}
    assert roles(chair) == {Role.ACTION_GROUP_CHAIR, Role.PARTNER_REPRESENTATIVE}


def test_scope_is_checked(client, secretariat, chair, country, partner):
    client.force_login(secretariat)
    url = f"/en/accounts/people/{chair.pk}/roles/"
    response = client.post(url, {"role": Role.FOCAL_POINT})
    assert response.status_code == 400
    assert response.context["role_form"].errors["countries"]
    response = client.post(url, {"role": Role.GCG_MEMBER, "countries": [country.pk]})
    assert response.status_code == 400
    response = client.post(url, {"role": Role.GCG_MEMBER, "organisation": partner.pk})
    assert response.status_code == 400
    assert roles(chair) == {Role.ACTION_GROUP_CHAIR}


def test_database_refuses_an_organisation_on_another_role(chair, partner):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=chair, role=Role.GCG_MEMBER, organisation=partner)


def test_revoking_a_role_is_recorded(client, secretariat, focal_point, country):
    client.force_login(secretariat)
    assignment = focal_point.role_assignments.get()
    response = client.post(f"/en/accounts/people/{focal_point.pk}/roles/{assignment.pk}/remove/")
    assert response.status_code == 302
    assert not focal_point.role_assignments.exists()
    page = client.get(f"/en/accounts/people/{focal_point.pk}/").content.decode()
    assert "Role removed: Country focal point (Nepal)" in page
    record = RoleAssignment.history.filter(id=assignment.pk, history_type="-").get()
    assert record.history_user == secretariat


def test_secretariat_role_brings_the_admin_and_cannot_be_dropped_by_oneself(
        client, secretariat, gcg_member):
    client.force_login(secretariat)
    client.post(f"/en/accounts/people/{gcg_member.pk}/roles/", {"role": Role.SECRETARIAT})
    gcg_member.refresh_from_db()
    assert gcg_member.is_staff
    own = secretariat.role_assignments.get(role=Role.SECRETARIAT)
    response = client.post(f"/en/accounts/people/{secretariat.pk}/roles/{own.pk}/remove/",
                           follow=True)
    assert "cannot remove your own Secretariat role" in response.content.decode()
    assert secretariat.role_assignments.filter(role=Role.SECRETARIAT).exists()
    assignment = gcg_member.role_assignments.get(role=Role.SECRETARIAT)
    client.post(f"/en/accounts/people/{gcg_member.pk}/roles/{assignment.pk}/remove/")
    gcg_member.refresh_from_db()
    assert not gcg_member.is_staff


def test_deactivated_person_cannot_log_in_and_is_reactivated(client, secretariat, focal_point):
    client.force_login(secretariat)
    response = client.post(f"/en/accounts/people/{focal_point.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    focal_point.refresh_from_db()
    assert not focal_point.is_active
    assert focal_point.role_assignments.exists()  # kept for history
    page = client.get(f"/en/accounts/people/{focal_point.pk}/").content.decode()
    assert "Account deactivated" in page
    client.logout()
    assert not log_in(client, "fp")
    client.force_login(secretariat)
    client.post(f"/en/accounts/people/{focal_point.pk}/active/", {"active": "1"})
    client.logout()
    assert log_in(client, "fp")


def test_secretariat_cannot_deactivate_themselves(client, secretariat):
    client.force_login(secretariat)
    client.post(f"/en/accounts/people/{secretariat.pk}/active/", {"active": "0"})
    secretariat.refresh_from_db()
    assert secretariat.is_active


@pytest.mark.parametrize("who", ["focal_point", "gcg_member", "partner_user", "chair"])
def test_others_cannot_manage_accounts(client, request, who, other_focal_point):
    client.force_login(request.getfixturevalue(who))
    target = other_focal_point
    assert client.get("/en/accounts/people/").status_code == 403
    assert client.get(f"/en/accounts/people/{target.pk}/").status_code == 403
    assignment = target.role_assignments.get()
    assert client.post(
        f"/en/accounts/people/{target.pk}/roles/{assignment.pk}/remove/").status_code == 403
    assert client.post(f"/en/accounts/people/{target.pk}/active/",
                       {"active": "0"}).status_code == 403
    target.refresh_from_db()
    assert target.is_active and target.role_assignments.exists()


def test_people_list_searches_filters_and_downloads(client, secretariat, focal_point,
                                                    other_focal_point, gcg_member):
    focal_point.first_name, focal_point.last_name = "Nima", "Sherpa"
    focal_point.save()
    client.force_login(secretariat)
    response = client.get("/en/accounts/people/", {"q": "sherpa"})
    assert [row["user"] for row in response.context["rows"]] == [focal_point]
    response = client.get("/en/accounts/people/", {"role": Role.FOCAL_POINT})
    assert {row["user"] for row in response.context["rows"]} == {focal_point, other_focal_point}
    response = client.get("/en/accounts/people/", {"role": Role.GCG_MEMBER, "format": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0] == "Name,E-mail,Works for,Roles,Status"
    assert len(lines) == 2 and lines[1].endswith("GCG member,active")


def test_admin_index_lists_the_models_the_secretariat_may_edit(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/en/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "You don’t have permission to view or edit anything" not in html
    listed = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"Indicator", "Observation", "Questionnaire", "PathfinderCountry",
            "PartnerApplication", "GoodPractice"} <= listed
    # every listed model opens; the user admin (superusers only) is neither listed nor opens
    for app in response.context["app_list"]:
        for model in app["models"]:
            assert client.get(model["admin_url"]).status_code == 200, model["admin_url"]
    assert "User" not in listed
    assert client.get("/en/admin/accounts/user/").status_code == 403


def test_admin_index_for_a_focal_point_lists_only_what_opens(client, focal_point):
    focal_point.is_staff = True
    focal_point.save()
    client.force_login(focal_point)
    response = client.get("/en/admin/")
    models = [m for app in response.context["app_list"] for m in app["models"]]
    listed = {m["object_name"] for m in models}
    assert "NextStep" in listed and "SurveyUpload" in listed
    # nothing of the Secretariat's: accounts, countries, partner applications to decide
    assert not listed & {"User", "RoleAssignment", "Country"}
    for model in models:
        assert client.get(model["admin_url"]).status_code == 200, model["admin_url"]
        assert not model["add_url"]  # focal points add records in the site, not here


def test_approved_applicant_gets_the_role_scoped_to_the_new_partner(client, secretariat):
    from django.utils import timezone
    from tests.conftest import make_user

    from target87.partnership.models import PartnerApplication
    from target87.partnership.services import decide_application

    applicant = make_user("sita", email="sita@kilnwatch.example.org")
    application = PartnerApplication.objects.create(
        organisation="Kiln Watch", partner_type=PartnerType.CIVIL_SOCIETY,
        contact_email="sita@kilnwatch.example.org", email_confirmed_at=timezone.now())
    decide_application(secretariat, application, approve=True)
    assert organisation_ids(applicant) == {application.partner_id}
    client.force_login(secretariat)
    page = client.get(f"/en/accounts/people/{applicant.pk}/").content.decode()
    assert "Partner representative (Kiln Watch)" in page
