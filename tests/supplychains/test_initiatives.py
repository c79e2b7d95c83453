"""The registry of initiatives: partners propose, the Secretariat publishes, the public
searches, filters, downloads and compares."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from target87.countries.models import Country
from target87.supplychains import initiatives as services
from target87.supplychains.models import Initiative, InitiativeStatus

pytestmark = pytest.mark.django_db

FORM = {"name": "Cotton without children", "lead_organisations": "Org A\nOrg B",
        "covers": "child_labour", "sectors": ["cotton_garment", "agriculture"],
        "countries": ["NPL"], "engages_trade_unions": "on", "global_south": "on",
        "start_year": "2018", "end_year": "2022", "link": "https://example.org/cotton"}


def make(user, name, **values):
    base = {"lead_organisations": "Lead", "covers": "child_labour"}
    base.update(values)
    return services.propose(user, name=name, **base)


def test_partner_proposes_and_the_secretariat_publishes(client, partner_user, secretariat):
    client.force_login(partner_user)
    response = client.post("/en/supply-chains/initiatives/propose/", FORM)
    initiative = Initiative.objects.get()
    assert response["Location"] == f"/en/supply-chains/initiatives/{initiative.pk}/"
    assert initiative.status == InitiativeStatus.PROPOSED
    assert sorted(initiative.sector_keys()) == ["agriculture", "cotton_garment"]
    assert initiative.lead_list() == ["Org A", "Org B"]
    client.logout()
    assert client.get(initiative.get_absolute_url()).status_code == 403  # not public yet
    assert "Cotton without children" not in client.get(
        "/en/supply-chains/initiatives/").content.decode()
    client.force_login(partner_user)
    assert client.get(initiative.get_absolute_url()).status_code == 200  # the proposer reads
    assert client.post(initiative.get_absolute_url(),
                       {"decision": "publish"}).status_code == 403
    client.force_login(secretariat)
    client.post(initiative.get_absolute_url(), {"decision": "publish"})
    initiative.refresh_from_db()
    assert initiative.is_published and initiative.decided_by == secretariat
    client.logout()
    assert "Cotton without children" in client.get(
        "/en/supply-chains/initiatives/").content.decode()


def test_anonymous_cannot_propose(client):
    assert client.get("/en/supply-chains/initiatives/propose/").status_code == 302
    with pytest.raises(PermissionDenied):
        services.propose(None, name="x", lead_organisations="y", covers="both")


@pytest.mark.parametrize("change,field,message", [
    ({"end_year": "2010"}, None, "The end year cannot come before the start year."),
    ({"lead_organisations": " \n "}, "lead_organisations", "This field is required"),
    ({"covers": "slavery"}, "covers", "Select a valid choice"),
    ({"link": "not a link"}, "link", "Enter a valid URL"),
])
def test_bad_proposal_says_what_is_wrong_and_saves_nothing(client, partner_user, change, field,
                                                            message):
    client.force_login(partner_user)
    response = client.post("/en/supply-chains/initiatives/propose/", {**FORM, **change})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Initiative.objects.exists()


def test_unknown_sector_is_refused_by_the_service(secretariat):
    with pytest.raises(ValidationError) as err:
        make(secretariat, "X", sectors=["space"])
    assert "sectors" in err.value.message_dict and not Initiative.objects.exists()


@pytest.fixture
def registry(secretariat):
    npl, mdg = Country.objects.get(iso3="NPL"), Country.objects.get(iso3="MDG")
    make(secretariat, "Cocoa One", covers="child_labour", sectors=["cocoa"], countries=[mdg],
         engages_trade_unions=True, global_south=True)
    make(secretariat, "Fish Two", covers="forced_labour", sectors=["fishing", "cocoa"],
         engages_employers=True)
    make(secretariat, "Both Three", covers="both", sectors=["fishing"], countries=[npl],
         engages_trade_unions=True, engages_local_government=True, global_south=True)
    hidden = make(secretariat, "Hidden", covers="both")
    services.decide(secretariat, hidden, publish=False)


def test_search_filters_and_download(client, registry):
    def names(query):
        page = client.get(f"/en/supply-chains/initiatives/?{query}&format=csv")
        return [r[0] for r in csv.reader(io.StringIO(page.content.decode("utf-8-sig")))][1:]

    assert names("") == ["Both Three", "Cocoa One", "Fish Two"]  # the declined one is hidden
    assert names("q=fish") == ["Fish Two"]
    assert names("covers=child_labour") == ["Both Three", "Cocoa One"]  # both counts
    assert names("sector=cocoa") == ["Cocoa One", "Fish Two"]
    assert names("country=NPL") == ["Both Three"]
    assert names("engages=engages_trade_unions&south=yes") == ["Both Three", "Cocoa One"]
    assert names("south=no") == ["Fish Two"]
    assert names("sector=nonsense") == names("")  # an unknown filter value is ignored
    page = client.get("/en/supply-chains/initiatives/?q=fish").content.decode()
    assert "1 initiative" in page


def test_pagination(client, secretariat):
    for i in range(27):
        make(secretariat, f"Initiative {i:02d}")
    first = client.get("/en/supply-chains/initiatives/").content.decode()
    second = client.get("/en/supply-chains/initiatives/?page=2").content.decode()
    assert "Initiative 24" in first and "Initiative 25" not in first
    assert "Initiative 25" in second and "Page 2 of 2" in second


def test_comparison_counts_and_cross_tabs(client, registry):
    data = services.comparison(services.published())
    assert data["total"] == 3
    assert dict(data["covers"]) == {"Child labour": 1, "Forced labour": 1, "Both": 1}
    assert dict(data["engagements"]) == {"Trade unions": 2, "Employers' organisations": 1,
                                         "Local government": 1}
    assert dict(data["origins"]) == {"Global South": 2, "Elsewhere": 1}
    by_sector = {label: (counts, total) for label, counts, total in data["sector_by_covers"]}
    assert by_sector == {"Cocoa": ([1, 1, 0], 2), "Fishing and seafood": ([0, 1, 1], 2)}
    engage = {label: counts for label, counts, _t in data["sector_by_engagement"]}
    assert engage["Cocoa"] == [1, 1, 0] and engage["Fishing and seafood"] == [1, 1, 1]
    rows = list(csv.reader(io.StringIO(client.get(
        "/en/supply-chains/initiatives/compare/?table=origin_by_covers&format=csv")
        .content.decode("utf-8-sig"))))
    assert rows == [["Origin", "Child labour", "Forced labour", "Both", "Initiatives"],
                    ["Global South", "1", "0", "1", "2"], ["Elsewhere", "0", "1", "0", "1"]]
    page = client.get("/en/supply-chains/initiatives/compare/?sector=cocoa")
    assert page.status_code == 200 and "2 published initiatives" in page.content.decode()
