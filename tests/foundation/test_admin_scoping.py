"""The admin keeps focal points to their countries and survey records to those who may see
them, whatever the form posted."""

import pytest

from target87.countries.models import Country
from target87.pathfinders.models import NationalPriority, NextStep, RoadmapAction
from target87.surveys.models import EstimateRun, SurveyUpload

pytestmark = pytest.mark.django_db


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def next_step_form(step, country):
    # the step's page also lists its translations (none here)
    translations = {"translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0",
                    "translations-MIN_NUM_FORMS": "0", "translations-MAX_NUM_FORMS": "1000"}
    return {"country": country.pk, "workshop": "", "text": step.text, "order": "0",
            "source": ""} | translations


def test_focal_point_cannot_move_a_record_to_another_country(client, focal_point, country,
                                                              other_country):
    step = NextStep.objects.create(country=country, text="Adopt the hazardous work list")
    client.force_login(staff(focal_point))
    url = f"/en/admin/pathfinders/nextstep/{step.pk}/change/"
    response = client.post(url, next_step_form(step, other_country))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"]
    step.refresh_from_db()
    assert step.country == country


def test_focal_point_country_choice_offers_only_their_countries(client, focal_point, country,
                                                                other_country):
    step = NextStep.objects.create(country=country, text="Adopt the hazardous work list")
    client.force_login(staff(focal_point))
    response = client.get(f"/en/admin/pathfinders/nextstep/{step.pk}/change/")
    assert response.status_code == 200
    field = response.context["adminform"].form.fields["country"]
    assert list(field.queryset) == [country]
    html = response.content.decode()
    assert f'<option value="{country.pk}" selected>' in html
    assert f'<option value="{other_country.pk}"' not in html


def test_focal_point_cannot_move_a_record_through_its_parent(client, focal_point, country,
                                                             other_country):
    """The country of an action comes from its priority: the edited record is checked."""
    ours = NationalPriority.objects.create(country=country, title="Ours")
    theirs = NationalPriority.objects.create(country=other_country, title="Theirs")
    action = RoadmapAction.objects.create(priority=ours, title="Train labour inspectors")
    client.force_login(staff(focal_point))
    response = client.post(f"/en/admin/pathfinders/roadmapaction/{action.pk}/change/", {
        "priority": theirs.pk, "title": "Moved", "lead": "", "partners": "",
        "target_date": "", "indicator": "", "status": "not_started",
        "resources_required": "", "resources_available": "", "currency": ""})
    # the priority choice offers only the focal point's own priorities
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["priority"]
    action.refresh_from_db()
    assert (action.priority, action.title) == (ours, "Train labour inspectors")


def test_focal_point_can_still_edit_within_their_country(client, focal_point, country):
    step = NextStep.objects.create(country=country, text="Adopt the hazardous work list")
    client.force_login(staff(focal_point))
    data = next_step_form(step, country) | {"text": "Hazardous work list adopted"}
    response = client.post(f"/en/admin/pathfinders/nextstep/{step.pk}/change/", data)
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.text == "Hazardous work list adopted"


def test_secretariat_may_choose_any_country(client, secretariat, country, other_country):
    step = NextStep.objects.create(country=country, text="Adopt the hazardous work list")
    client.force_login(secretariat)
    response = client.get(f"/en/admin/pathfinders/nextstep/{step.pk}/change/")
    assert response.context["adminform"].form.fields["country"].queryset.count() == \
        Country.objects.count()
    response = client.post(f"/en/admin/pathfinders/nextstep/{step.pk}/change/",
                           next_step_form(step, other_country))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.country == other_country


# --- survey uploads and estimate runs: confidential --------------------------------------

@pytest.fixture
def nepal_upload(focal_point, country):
    upload = SurveyUpload.objects.create(
        country=country, file="surveys/x/lfs.csv", original_name="lfs.csv", size=10,
        format="csv", sha256="0" * 64, uploaded_by=focal_point)
    run = EstimateRun.objects.create(upload=upload, mapping={}, definition={},
                                     created_by=focal_point)
    return upload, run


def _refused(response):
    """403, a redirect to the login page, or (for a row outside the user's list) the admin's
    redirect to its index saying the record does not exist."""
    return response.status_code == 403 or (
        response.status_code == 302
        and ("/login/" in response["Location"] or response["Location"] == "/en/admin/"))


@pytest.mark.parametrize("model", ["surveyupload", "estimaterun"])
def test_gcg_member_does_not_list_or_open_others_uploads(client, gcg_member, nepal_upload,
                                                         model):
    upload, run = nepal_upload
    record = upload if model == "surveyupload" else run
    client.force_login(staff(gcg_member))
    listing = client.get(f"/en/admin/surveys/{model}/")
    assert _refused(listing), listing.status_code
    assert _refused(client.get(f"/en/admin/surveys/{model}/{record.pk}/change/"))
    assert _refused(client.get(f"/en/admin/surveys/{model}/{record.pk}/history/"))


def test_gcg_member_who_is_also_focal_point_sees_their_country_only(client, gcg_member,
                                                                    nepal_upload, country,
                                                                    other_country):
    from target87.accounts.models import Role
    from target87.accounts.services import grant_role

    upload, _run = nepal_upload
    other = SurveyUpload.objects.create(
        country=other_country, file="surveys/y/dhs.csv", original_name="dhs.csv", size=10,
        format="csv", sha256="1" * 64)
    grant_role(staff(gcg_member), Role.FOCAL_POINT, country)
    client.force_login(gcg_member)
    listing = client.get("/en/admin/surveys/surveyupload/")
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [upload]
    assert client.get(f"/en/admin/surveys/surveyupload/{upload.pk}/change/").status_code == 200
    assert _refused(client.get(f"/en/admin/surveys/surveyupload/{other.pk}/change/"))


def test_secretariat_lists_every_upload(client, secretariat, nepal_upload):
    upload, run = nepal_upload
    client.force_login(secretariat)
    listing = client.get("/en/admin/surveys/surveyupload/")
    assert list(listing.context["cl"].result_list) == [upload]
    assert client.get(f"/en/admin/surveys/estimaterun/{run.pk}/change/").status_code == 200
