"""The country's "Draft values" page: values outside a questionnaire, with their own year,
submitted, approved and published through the same workflow."""

import pytest

from target87.monitoring import services
from target87.monitoring.models import Observation

URL = "/en/monitoring/values/NPL/drafts/"


@pytest.fixture
def survey_values(catalogue, country, focal_point):
    # a survey of 2019: its year, not a cycle's
    return [
        services.save_observation(country, "CL_PREV_ECON", 2019, "12.5", se="0.8",
                                  source="NCLS 2019", user=focal_point),
        services.save_observation(country, "CL_PREV_ECON", 2019, "14.0", {"sex": "male"},
                                  source="NCLS 2019", user=focal_point),
    ]


def test_only_the_focal_point_and_the_secretariat_open_it(
    client, survey_values, other_focal_point, gcg_member, secretariat, focal_point
):
    for user, status in ((other_focal_point, 403), (gcg_member, 403), (secretariat, 200),
                         (focal_point, 200)):
        client.force_login(user)
        assert client.get(URL).status_code == status


def test_submit_approve_publish(client, survey_values, focal_point, secretariat):
    client.force_login(focal_point)
    page = client.get(URL + "?year=2019")
    assert page.status_code == 200 and len(page.context["page"].object_list) == 2
    ids = [o.pk for o in survey_values]
    client.post(URL + "?year=2019", {"action": "submit", "obs": ids})
    assert set(Observation.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "submitted"}
    # a focal point does not approve
    assert client.post(URL, {"action": "approve", "obs": ids}).status_code == 403
    client.force_login(secretariat)
    client.post(URL, {"action": "approve", "obs": ids})
    client.post(URL, {"action": "publish", "obs": ids})
    assert services.latest_published(survey_values[0].country, "CL_PREV_ECON").period == 2019
    assert len(client.get(URL).context["page"].object_list) == 0  # published: off the page


def test_refused_submission_lists_violations_and_changes_nothing(
    client, catalogue, country, focal_point
):
    bad = services.save_observation(country, "CL_PREV_ECON", 2019, "100.5", user=focal_point)
    client.force_login(focal_point)
    response = client.post(URL, {"action": "submit", "obs": [bad.pk]})
    assert response.status_code == 400
    assert "A proportion cannot be above 100%." in response.content.decode()
    bad.refresh_from_db()
    assert bad.status == "draft"


def test_return_needs_a_comment(client, survey_values, focal_point, secretariat):
    services.submit_observations(survey_values, focal_point)
    client.force_login(secretariat)
    ids = [o.pk for o in survey_values]
    client.post(URL, {"action": "return", "obs": ids, "comment": ""})
    assert Observation.objects.get(pk=ids[0]).status == "submitted"
    client.post(URL, {"action": "return", "obs": ids, "comment": "Give the sample size"})
    returned = Observation.objects.get(pk=ids[0])
    assert returned.status == "draft" and returned.review_comment == "Give the sample size"


def test_download_and_search(client, survey_values, focal_point):
    client.force_login(focal_point)
    csv = client.get(URL + "?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Indicator,Year")
    assert csv.count("CL_PREV_ECON") == 2 and "NCLS 2019" in csv
    assert len(client.get(URL + "?q=nothing-like-this").context["page"].object_list) == 0
    xlsx = client.get(URL + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_ids_that_are_not_numbers_choose_nothing(client, survey_values, focal_point):
    client.force_login(focal_point)
    ids = [o.pk for o in survey_values]
    page = client.post(URL + "?year=2019", {"action": "submit", "obs": ["x", "1e5", "-1", ids[0]]})
    assert page.status_code in (200, 302)
    statuses = dict(Observation.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {ids[0]: "submitted", ids[1]: "draft"}
