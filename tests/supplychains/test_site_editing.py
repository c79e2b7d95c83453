"""Cases of the ILO Committee on the Application of Standards and initiatives are added,
changed and removed on the site by the Secretariat and the Supply Chains Action Group's
chairs, with their history; nobody else may."""

import re

import pytest

from target87.supplychains import initiatives as initiative_services
from target87.supplychains.models import CasCase, Initiative

from .conftest import nepal

pytestmark = pytest.mark.django_db

CASE = {"country": "NPL", "sector": "", "year": "2019", "convention": "c182",
        "reference": "CAS 2019, Nepal, C182", "link": "https://example.org/cas", "summary": ""}


def test_a_chair_records_changes_and_removes_a_case(client, sc_chair):
    client.force_login(sc_chair)
    response = client.post("/en/supply-chains/priorities/cases/", CASE)
    assert response.status_code == 302
    case = CasCase.objects.get()
    assert (case.country, case.year, case.convention) == (nepal(), 2019, "C182")
    page = client.get("/en/supply-chains/priorities/cases/").content.decode()
    assert "CAS 2019, Nepal, C182" in page
    url = f"/en/supply-chains/priorities/cases/{case.pk}/"
    assert 'value="CAS 2019, Nepal, C182"' in client.get(url).content.decode()
    client.post(url, {**CASE, "reference": "CAS 2019, Nepal, C182 (revised)",
                      "sector": "cotton_garment"})
    case.refresh_from_db()
    assert case.reference.endswith("(revised)") and case.sector == "cotton_garment"
    assert case.history.count() == 2
    assert case.history.earliest().reference == "CAS 2019, Nepal, C182"
    client.post(url, {"delete": "1"})
    assert not CasCase.objects.exists()
    assert CasCase.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize("change,field,message", [
    ({"year": "1900"}, "year", "Ensure this value is greater than or equal to 1927."),
    ({"year": "2999"}, "year", "Ensure this value is less than or equal to 2100."),
    ({"reference": ""}, "reference", "This field is required."),
    ({"link": "not a link"}, "link", "Enter a valid URL."),
])
def test_bad_case_says_what_is_wrong_and_saves_nothing(client, secretariat, change, field,
                                                      message):
    client.force_login(secretariat)
    response = client.post("/en/supply-chains/priorities/cases/", {**CASE, **change})
    assert response.status_code == 400 and message in response.content.decode()
    assert not CasCase.objects.exists()


def test_the_same_case_twice_and_a_future_session_are_refused(client, secretariat):
    client.force_login(secretariat)
    client.post("/en/supply-chains/priorities/cases/", CASE)
    response = client.post("/en/supply-chains/priorities/cases/", {**CASE, "convention": "C182"})
    assert response.status_code == 400
    assert "already recorded for this session" in response.content.decode()
    response = client.post("/en/supply-chains/priorities/cases/", {**CASE, "year": "2099"})
    assert "The session cannot be in a future year." in response.content.decode()
    assert CasCase.objects.count() == 1


def test_who_edits_cases(client, gcg_member, other_chair, partner_user):
    case = CasCase.objects.create(country=nepal(), year=2019, convention="C182",
                                  reference="CAS 2019")
    url = f"/en/supply-chains/priorities/cases/{case.pk}/"
    client.force_login(gcg_member)  # reads the list, edits nothing
    page = client.get("/en/supply-chains/priorities/cases/").content.decode()
    assert "CAS 2019" in page and "Record the case" not in page
    assert client.post("/en/supply-chains/priorities/cases/", CASE).status_code == 403
    assert client.get(url).status_code == 403
    for user in (other_chair, partner_user):
        client.force_login(user)
        assert client.post(url, {"delete": "1"}).status_code == 403
        assert client.get("/en/supply-chains/priorities/cases/").status_code == 403
    assert CasCase.objects.count() == 1


def test_a_chair_edits_and_removes_an_initiative(client, secretariat, sc_chair):
    initiative = initiative_services.propose(secretariat, name="Cocoa", lead_organisations="A",
                                             covers="child_labour", sectors=["cocoa"])
    url = f"/en/supply-chains/initiatives/{initiative.pk}/edit/"
    client.force_login(sc_chair)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert url in page
    form = client.get(url).content.decode()
    assert 'value="Cocoa"' in form
    assert re.search(r'<input type="checkbox" name="sectors" value="cocoa"[^>]* checked', form)
    response = client.post(url, {"name": "Cocoa and coffee", "lead_organisations": "A\nB",
                                 "covers": "both", "sectors": ["cocoa", "coffee"],
                                 "countries": ["NPL"]})
    assert response["Location"] == initiative.get_absolute_url()
    initiative.refresh_from_db()
    assert initiative.name == "Cocoa and coffee" and initiative.lead_list() == ["A", "B"]
    assert sorted(initiative.sector_keys()) == ["cocoa", "coffee"]
    assert initiative.is_published  # editing does not change the decision
    assert initiative.history.count() >= 2
    response = client.post(url, {"name": "x", "lead_organisations": "A", "covers": "both",
                                 "start_year": "2020", "end_year": "2010"})
    assert response.status_code == 400
    assert "The end year cannot come before the start year." in response.content.decode()
    client.post(url, {"delete": "1"})
    assert not Initiative.objects.exists()
    assert Initiative.history.filter(history_type="-", name="Cocoa and coffee").exists()


def test_who_edits_initiatives(client, secretariat, partner_user, other_chair):
    initiative = initiative_services.propose(partner_user, name="Mine", lead_organisations="A",
                                             covers="child_labour")
    url = f"/en/supply-chains/initiatives/{initiative.pk}/edit/"
    for user in (partner_user, other_chair):  # not even the proposer
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"delete": "1"}).status_code == 403
    assert Initiative.objects.count() == 1
    # publishing stays with the Secretariat
    from target87.accounts.permissions import Action, can

    assert can(secretariat, Action.PUBLISH, initiative)
    assert not can(other_chair, Action.PUBLISH, initiative)
