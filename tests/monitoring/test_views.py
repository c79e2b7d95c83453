"""Pages: scoping, draft kept on a refused submit, review actions, downloads, country section."""

from django.urls import reverse

from target87.monitoring import services
from target87.monitoring.models import QuestionnaireStatus


def _url(name, q):
    return reverse(f"monitoring:{name}", args=[q.country.iso3, q.cycle.year])


def test_catalogue_page_is_public(client, catalogue):
    response = client.get(reverse("monitoring:indicators"))
    assert response.status_code == 200
    assert "SL_TLF_CHLDEA" in response.content.decode()


def test_focal_point_edits_only_own_country(
    client, questionnaire, cycle, other_country, focal_point
):
    client.force_login(focal_point)
    other = cycle.questionnaires.get(country=other_country)
    assert client.get(_url("questionnaire", other)).status_code == 403
    assert client.post(_url("autosave", other), {"q1_progress": "x"}).status_code == 403
    assert (
        client.post(
            _url("questionnaire", other), {"q1_progress": "x", "action": "save"}
        ).status_code
        == 403
    )
    assert client.get(_url("questionnaire", questionnaire)).status_code == 200
    listing = client.get(reverse("monitoring:questionnaires")).content.decode()
    assert "Nepal" in listing and "Madagascar" not in listing


def test_refused_submit_over_http_keeps_everything(client, questionnaire, focal_point):
    client.force_login(focal_point)
    response = client.post(
        _url("questionnaire", questionnaire),
        {
            "action": "submit",
            "q1_progress": "Typed for an hour",
            "v__CL_PREV_ECON__value": "250",
            "v__CL_BUD_EDUCATION__value": "lots",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Typed for an hour" in page and 'value="250"' in page and 'value="lots"' in page
    assert (
        "A proportion cannot be above 100%." in page and "This question must be answered." in page
    )
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.DRAFT
    assert questionnaire.answers["q1_progress"] == "Typed for an hour"
    # the next visit still shows it
    assert "Typed for an hour" in client.get(_url("questionnaire", questionnaire)).content.decode()


def test_autosave(client, questionnaire, focal_point):
    client.force_login(focal_point)
    response = client.post(
        _url("autosave", questionnaire), {"q1_progress": "halfway", "v__CL_PREV_ECON__value": "x"}
    )
    assert response.status_code == 200
    assert response.json()["errors"] == {"v__CL_PREV_ECON__value": "Enter a number."}
    questionnaire.refresh_from_db()
    assert questionnaire.answers["q1_progress"] == "halfway"


def test_page_loads_its_script_from_self(client, questionnaire, focal_point):
    client.force_login(focal_point)
    page = client.get(_url("questionnaire", questionnaire)).content.decode()
    assert '<script src="/static/monitoring/autosave.js"' in page
    assert "<script>" not in page


def test_review_actions(client, questionnaire, focal_point, secretariat, gcg_member):
    services.submit_questionnaire(
        questionnaire, focal_point, {"q1_progress": "a", "q3_highlights": "b", "q5_next_steps": "c"}
    )
    client.force_login(gcg_member)
    client.post(
        _url("review", questionnaire),
        {"action": "comment", "question": "q3_highlights", "text": "Dates?"},
    )
    client.post(_url("review", questionnaire), {"action": "approve"})
    questionnaire.refresh_from_db()
    assert (
        questionnaire.status == QuestionnaireStatus.SUBMITTED
    )  # a GCG member comments, never decides
    assert questionnaire.comments.get().text == "Dates?"
    client.force_login(secretariat)
    client.post(_url("review", questionnaire), {"action": "return"})
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.RETURNED
    client.force_login(focal_point)
    assert "Dates?" in client.get(_url("questionnaire", questionnaire)).content.decode()


def test_completion_dashboard_for_secretariat(client, questionnaire, focal_point, secretariat):
    url = reverse("monitoring:completion", args=[2020])
    client.force_login(focal_point)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    page = client.get(url).content.decode()
    assert "Nepal" in page and "Madagascar" in page


def test_downloads(client, questionnaire, focal_point):
    client.force_login(focal_point)
    for name in ("xlsform", "values_export"):
        response = client.get(_url(name, questionnaire))
        assert response.status_code == 200 and response.content[:2] == b"PK"


def test_import_page_shows_row_errors(client, questionnaire, focal_point):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(focal_point)
    upload = SimpleUploadedFile("s.csv", b"v__CL_PREV_ECON__value\nabc\n", content_type="text/csv")
    response = client.post(_url("import", questionnaire), {"file": upload})
    assert response.status_code == 400
    assert "row 2, column v__CL_PREV_ECON__value: Enter a number." in response.content.decode()


def test_country_section_shows_published_values(client, catalogue, country, secretariat):
    def publish(code, value, disagg=None, **kw):
        obs = services.save_observation(country, code, 2020, value, disagg, user=secretariat, **kw)
        services.submit_observations([obs], secretariat)
        services.approve_observation(obs, secretariat)
        services.publish_observation(obs, secretariat)

    publish("CL_PREV_ECON", "15.3", source="NCLS 2018")
    publish("CL_LEG_CONV_PRIORITY", True, {"convention": "C138"}, value_year=1997)
    services.save_observation(
        country, "CL_PREV_ECON_CHORES", 2020, "99", user=secretariat
    )  # draft: hidden
    page = client.get(reverse("countries:detail", args=["NPL"])).content.decode()
    assert "Minimum Age Convention (No. 138)" in page and "1997" in page
    assert "SL_TLF_CHLDEA" in page and "15.3%" in page
    assert "99.0%" not in page and "99%" not in page  # the draft stays hidden
