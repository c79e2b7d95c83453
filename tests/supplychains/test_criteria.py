"""The eight criteria: scores with evidence by the Secretariat and the Supply Chains Action
Group's chairs, proposals from what the platform knows, weights, ranking, downloads, PDF."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from target87.accounts.permissions import Action, can
from target87.partnership.models import Partner, PartnerType
from target87.pathfinders.models import NationalPriority, PathfinderCountry, RoadmapAction
from target87.supplychains import criteria as services
from target87.supplychains.criteria import load_criteria
from target87.supplychains.models import Candidate, CasCase, Criterion, Score

from .conftest import member, nepal

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 5, 2)


def test_the_eight_criteria_are_loaded_once_in_six_languages(criteria):
    assert Criterion.objects.count() == 8
    assert list(Criterion.objects.values_list("number", flat=True)) == list(range(1, 9))
    sixth = Criterion.objects.get(number=6)
    assert "Committee on the Application of Standards" in sixth.text("en")
    for lang in ("fr", "es", "ar", "zh", "ru"):
        assert sixth.text(lang) and sixth.text(lang) != sixth.text("en")
    assert sixth.text("zh-hans") == sixth.text_zh
    assert load_criteria() == 0
    sixth.text_fr = "changé"
    sixth.save()
    assert load_criteria() == 1 and Criterion.objects.get(number=6).text_fr != "changé"


def test_who_scores(criteria, secretariat, sc_chair, other_chair, gcg_member, partner_user,
                    focal_point):
    candidate = Candidate.objects.create(country=nepal())
    for user in (secretariat, sc_chair):
        assert can(user, Action.CHANGE, candidate) and can(user, Action.VIEW, candidate)
    for user in (other_chair, gcg_member, partner_user, focal_point):
        assert not can(user, Action.CHANGE, candidate)
    assert can(gcg_member, Action.VIEW, candidate)
    assert not can(partner_user, Action.VIEW, candidate)
    first = Criterion.objects.get(number=1)
    with pytest.raises(PermissionDenied):
        services.save_score(other_chair, candidate, first, score=2, evidence="x", date=TODAY)
    services.save_score(sc_chair, candidate, first, score=2, evidence="Coalition X", date=TODAY)
    assert Score.objects.get().scored_by == sc_chair


def test_pages_are_closed_to_those_who_may_not_read_scores(client, criteria, partner_user,
                                                          gcg_member, other_chair):
    candidate = Candidate.objects.create(country=nepal())
    assert client.get("/en/supply-chains/priorities/").status_code == 302  # log in first
    client.force_login(partner_user)
    assert client.get("/en/supply-chains/priorities/").status_code == 403
    assert client.get(f"/en/supply-chains/priorities/{candidate.pk}/").status_code == 403
    client.force_login(gcg_member)
    page = client.get(f"/en/supply-chains/priorities/{candidate.pk}/").content.decode()
    assert "Score this criterion" not in page  # reads, does not score
    client.force_login(other_chair)
    response = client.post(f"/en/supply-chains/priorities/{candidate.pk}/", {
        "criterion": "coalitions", "coalitions-score": "2", "coalitions-evidence": "x",
        "coalitions-date": "2024-01-01"})
    assert response.status_code == 403 and not Score.objects.exists()


@pytest.mark.parametrize("field,value,message", [
    ("score", "4", "Select a valid choice"),
    ("evidence", "", "This field is required"),
    ("date", "2999-01-01", "The date cannot be in the future."),
    ("date", "yesterday", "Enter a valid date"),
])
def test_bad_score_is_refused_and_the_previous_one_kept(client, criteria, sc_chair, field,
                                                       value, message):
    candidate = Candidate.objects.create(country=nepal())
    first = Criterion.objects.get(key="coalitions")
    services.save_score(sc_chair, candidate, first, score=1, evidence="Earlier", date=TODAY)
    client.force_login(sc_chair)
    data = {"criterion": "coalitions", "coalitions-score": "3",
            "coalitions-evidence": "New coalition", "coalitions-date": "2024-06-01"}
    data[f"coalitions-{field}"] = value
    response = client.post(f"/en/supply-chains/priorities/{candidate.pk}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    kept = Score.objects.get()
    assert (kept.score, kept.evidence) == (1, "Earlier")


def test_cas_score_needs_the_case_reference(criteria, secretariat):
    candidate = Candidate.objects.create(country=nepal())
    cas = Criterion.objects.get(key="cas_cases")
    with pytest.raises(ValidationError) as err:
        services.save_score(secretariat, candidate, cas, score=2, evidence="CAS 2019",
                            date=TODAY)
    assert "cas_reference" in err.value.message_dict
    services.save_score(secretariat, candidate, cas, score=0, evidence="No case", date=TODAY)
    services.save_score(secretariat, candidate, cas, score=3, evidence="Discussed twice",
                        date=TODAY, cas_reference="CAS 2019, C182")
    score = Score.objects.get()
    assert (score.score, score.cas_reference) == (3, "CAS 2019, C182")
    assert [h.score for h in score.history.order_by("history_date")] == [0, 3]


def test_database_refuses_a_score_above_three(criteria):
    from django.db import IntegrityError, transaction

    candidate = Candidate.objects.create(country=nepal())
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(candidate=candidate, criterion=Criterion.objects.first(), score=4,
                             evidence="x", date=TODAY)


def test_same_candidate_twice_is_refused(criteria, secretariat):
    services.add_candidate(secretariat, nepal(), "cotton_garment")
    with pytest.raises(ValidationError):
        services.add_candidate(secretariat, nepal(), "cotton_garment")
    services.add_candidate(secretariat, nepal(), "")  # the whole country is another candidate
    assert Candidate.objects.count() == 2


def test_proposals_from_what_the_platform_knows(criteria, supply_chains_group):
    country = nepal()
    PathfinderCountry.objects.create(country=country, status="expression_of_interest")
    member(supply_chains_group, "Nepal Coalition against Child Labour", country)
    member(supply_chains_group, "FNCCI", country, PartnerType.EMPLOYERS_BUSINESS)
    Partner.objects.create(name="GEFONT", partner_type=PartnerType.WORKERS_ORGANISATION,
                           country=country)
    priority = NationalPriority.objects.create(country=country, title="Eliminate child labour")
    RoadmapAction.objects.create(priority=priority, title="Inspections",
                                 resources_required=Decimal(1000),
                                 resources_available=Decimal(600), currency="USD")
    CasCase.objects.create(country=country, year=2019, convention="C182",
                           reference="CAS 2019 Nepal C182")
    proposed = services.proposals(Candidate.objects.create(country=country))
    assert proposed["willingness"].score == 2
    assert "Expression of interest" in proposed["willingness"].evidence
    assert proposed["coalitions"].score == 2  # two members of the group in the country
    assert "Nepal Coalition against Child Labour" in proposed["coalitions"].evidence
    assert proposed["social_partners"].score == 2 and "GEFONT" in proposed[
        "social_partners"].evidence
    assert proposed["business_voice"].score == 1 and "FNCCI" in proposed[
        "business_voice"].evidence
    assert proposed["resources"].score == 3  # more than half of what is needed is available
    assert "USD 600 available of 1,000 required" in proposed["resources"].evidence
    assert proposed["cas_cases"].score == 2 and "CAS 2019 Nepal C182" in proposed[
        "cas_cases"].evidence
    # Madagascar: nothing known
    from target87.countries.models import Country

    other = services.proposals(Candidate.objects.create(
        country=Country.objects.get(iso3="MDG")))
    assert "willingness" not in other and other["coalitions"].score == 0


def test_the_candidate_page_prefills_the_proposal(client, criteria, sc_chair):
    country = nepal()
    PathfinderCountry.objects.create(country=country, status="active")
    candidate = Candidate.objects.create(country=country)
    client.force_login(sc_chair)
    page = client.get(f"/en/supply-chains/priorities/{candidate.pk}/").content.decode()
    assert "The platform proposes: 3 of 3" in page
    assert "Pathfinder status: Pathfinder country." in page


def _rank_page(client, query=""):
    return client.get(f"/en/supply-chains/priorities/{query}")


def test_ranking_weights_exports_and_pdf(client, criteria, secretariat):
    a = Candidate.objects.create(country=nepal())
    from target87.countries.models import Country

    b = Candidate.objects.create(country=Country.objects.get(iso3="MDG"), sector="mining")
    first, second = Criterion.objects.get(number=1), Criterion.objects.get(number=2)
    services.save_score(secretariat, a, first, score=3, evidence="e", date=TODAY)
    services.save_score(secretariat, b, second, score=2, evidence="e", date=TODAY)
    client.force_login(secretariat)
    rows = list(csv.reader(io.StringIO(
        _rank_page(client, "?format=csv").content.decode("utf-8-sig"))))
    assert rows[0][:7] == ["Rank", "Country", "Sector", "Weighted score (0-3)", "Best rank",
                           "Worst rank", "Criteria scored"]
    assert [r[1] for r in rows[1:]] == ["Nepal", "Madagascar"]
    assert rows[1][3] == str(round(3 / 8, 3))
    # weight on criterion 2 tips the order
    rows = list(csv.reader(io.StringIO(_rank_page(
        client, "?w_social_partners=3&format=csv").content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Madagascar", "Nepal"]
    response = _rank_page(client, "?w_coalitions=abc")
    assert response.status_code == 400
    assert "Weight of criterion 1: expected a number from 0 to 100" in response.content.decode()
    xlsx = _rank_page(client, "?format=xlsx")
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(f"/en/supply-chains/priorities/{a.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    arabic = client.get(f"/ar/supply-chains/priorities/{b.pk}/pdf/")
    assert arabic.content.startswith(b"%PDF")


def test_candidate_pdf_text(criteria, secretariat):
    from target87.supplychains import report

    a = Candidate.objects.create(country=nepal(), sector="cotton_garment")
    services.save_score(secretariat, a, Criterion.objects.get(number=6), score=2,
                        evidence="Observed in 2019", date=TODAY, cas_reference="CAS-REF-7")
    html = report.render_html(report.context(a))
    assert "Nepal · Cotton and garment" in html and "CAS-REF-7" in html
    assert "Rank 1 of 1" in html


def _publish_ratification(country, code, in_force, year, user, indicator, period=2024):
    from target87.monitoring import services as monitoring

    obs = monitoring.save_observation(country, indicator, period, in_force,
                                      {"convention": code}, user=user, value_year=year)
    monitoring.submit_observations([obs], user)
    monitoring.approve_observation(obs, user)
    monitoring.publish_observation(obs, user)


def test_willingness_with_low_capacity_from_the_pathfinder_and_its_priorities(criteria):
    from target87.pathfinders.models import AreaOfFocus

    country = nepal()
    candidate = Candidate.objects.create(country=country)
    assert "willingness_low_capacity" not in services.proposals(candidate)
    pathfinder = PathfinderCountry.objects.create(country=country, status="active")
    proposed = services.proposals(candidate)["willingness_low_capacity"]
    assert proposed.score == 1  # willing, no capacity need stated
    assert "No national priority in capacity building is recorded." in proposed.evidence
    NationalPriority.objects.create(country=country, title="Train labour inspectors",
                                    area_of_focus=AreaOfFocus.CAPACITY_BUILDING)
    assert services.proposals(candidate)["willingness_low_capacity"].score == 2
    NationalPriority.objects.create(country=country, title="Train  prosecutors",
                                    area_of_focus=AreaOfFocus.CAPACITY_BUILDING)
    NationalPriority.objects.create(country=country, title="Laws",
                                    area_of_focus=AreaOfFocus.LEGAL_ACTION)
    proposed = services.proposals(candidate)["willingness_low_capacity"]
    assert proposed.score == 3
    assert "Train labour inspectors; Train prosecutors" in proposed.evidence
    assert "Laws" not in proposed.evidence
    pathfinder.status = "expression_of_interest"  # willingness 2 caps the score
    pathfinder.save()
    assert services.proposals(candidate)["willingness_low_capacity"].score == 2
    pathfinder.status = "withdrawn"
    pathfinder.save()
    assert services.proposals(candidate)["willingness_low_capacity"].score == 0


def test_human_rights_systems_from_published_ratifications(criteria, secretariat):
    from target87.monitoring.services import load_catalogue

    load_catalogue()
    country = nepal()
    candidate = Candidate.objects.create(country=country)
    assert "human_rights_systems" not in services.proposals(candidate)
    _publish_ratification(country, "C138", True, 1997, secretariat, "CL_LEG_CONV_PRIORITY")
    proposed = services.proposals(candidate)["human_rights_systems"]
    assert proposed.score == 1 and "C138 (1997)" in proposed.evidence
    assert "P029" in proposed.evidence.split("Not in force")[1]
    _publish_ratification(country, "C182", True, 2002, secretariat, "CL_LEG_CONV_PRIORITY")
    _publish_ratification(country, "C29", True, 2002, secretariat, "FL_LEG_CONV_PRIORITY")
    _publish_ratification(country, "P029", False, 2020, secretariat, "FL_LEG_CONV_PRIORITY")
    proposed = services.proposals(candidate)["human_rights_systems"]
    assert proposed.score == 2  # three of six in force
    assert "P029" not in proposed.evidence.split("Not in force")[0]
    for code, indicator in (("CRC", "CL_LEG_CONV_PRIORITY"), ("P029", "FL_LEG_CONV_PRIORITY"),
                            ("C105", "FL_LEG_CONV_PRIORITY")):  # P029 in force a year later
        _publish_ratification(country, code, True, 2021, secretariat, indicator, period=2025)
    assert services.proposals(candidate)["human_rights_systems"].score == 3


def test_the_scoring_page_says_where_the_platform_has_no_basis(client, criteria, sc_chair):
    candidate = Candidate.objects.create(country=nepal())
    client.force_login(sc_chair)
    page = client.get(f"/en/supply-chains/priorities/{candidate.pk}/").content.decode()
    assert "No proposal: the country is not a pathfinder country" in page
    assert "No proposal: the platform has no published ratification value" in page
    assert "No proposal: no case of the ILO Committee on the Application of Standards" in page
    section = page.split('id="criterion-coalitions"')[1].split("</section>")[0]
    assert "No proposal" not in section and "The platform proposes: 0 of 3" in section
    assert client.get(f"/ar/supply-chains/priorities/{candidate.pk}/").status_code == 200
