"""Workplans, membership and progress of Action Groups, and the progress report."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from tests.conftest import make_user

from target87.accounts.models import Role
from target87.accounts.services import grant_role
from target87.groups.models import (
    ActionGroup,
    GroupChair,
    GroupMembership,
    ItemLevel,
    ItemStatus,
    MembershipRequest,
    ProgressUpdate,
    RequestState,
    UpdateState,
    Workplan,
    WorkplanItem,
)
from target87.groups.seed import load_reference_data
from target87.groups.services import (
    GroupError,
    check_item,
    decide_membership,
    propose_update,
    request_membership,
    results,
    rolled_up_status,
)
from target87.partnership.models import Partner


@pytest.fixture
def seeded(db):
    load_reference_data()
    return {g.slug: g for g in ActionGroup.objects.all()}


@pytest.fixture
def sc_chair(seeded):
    """The ILO's representative chairing the Supply Chains group."""
    user = make_user("ilo-chair", Role.ACTION_GROUP_CHAIR, email="chair@ilo.example")
    GroupChair.objects.filter(group=seeded["supply-chains"]).update(representative=user)
    return user


@pytest.fixture
def member(seeded):
    """A representative of a partner that is a member of the Supply Chains group."""
    partner = Partner.objects.create(name="Kiln Watch", partner_type="civil_society")
    user = make_user("kiln")
    grant_role(user, Role.PARTNER_REPRESENTATIVE, organisation=partner)
    GroupMembership.objects.create(group=seeded["supply-chains"], partner=partner)
    return user


def item(slug, code):
    return WorkplanItem.objects.get(workplan__slug=slug, code=code)


# ---------------------------------------------------------------- seeded facts


def test_seeded_2018_19_workplan_matches_the_document(seeded):
    plan = Workplan.objects.get(slug="supply-chains-2018-19")
    assert plan.group == seeded["supply-chains"]
    goals = list(plan.items.filter(level=ItemLevel.GOAL))
    # "working toward four broad goals"
    starts = ["Accelerating action by", "Conducting research and sharing knowledge through",
              "Driving innovation by", "Increasing and leveraging resources by"]
    assert len(goals) == 4
    assert all(g.title.startswith(s) for g, s in zip(goals, starts, strict=True))
    # "Statistical surveys ... in at least two sectors of selected supply chains"
    surveys = item("supply-chains-2018-19", "2018.2")
    assert surveys.target_value == 2 and surveys.target_unit == "sectors"
    assert "(e.g. electronics, garment and rubber)" in surveys.title
    # "Forced Labour Business Network launched at the Singapore Summit ... in June 2018"
    assert item("supply-chains-2018-19", "2018.3").due_date == dt.date(2018, 6, 30)
    # 2019: "Measurable progress in at least three pathfinder countries."
    assert item("supply-chains-2018-19", "2019.2").target_value == 3
    # 2019: "At least one new initiative started by Alliance 8.7 partners."
    assert item("supply-chains-2018-19", "2019.3").target_value == 1
    # Donors: USA (USDOL), The Netherlands (...), Germany (BMZ)
    assert plan.donor_list() == ["USA (USDOL)",
                                 "The Netherlands (Ministry of Social Affairs and Employment)",
                                 "Germany (BMZ)"]


def test_seeded_2024_update_matches_the_document(seeded):
    plan = Workplan.objects.get(slug="supply-chains-2024")
    outcomes = plan.items.filter(level=ItemLevel.OUTCOME)
    assert [o.code for o in outcomes] == ["1", "2", "3", "4"]
    assert outcomes.get(code="4").title == (
        "Accelerating action in key countries and supply chains.")
    # outputs per outcome: 5, 3, 4 and 4
    assert [plan.items.filter(parent__code=c).count() for c in "1234"] == [5, 3, 4, 4]
    # "At least four initiatives started on due diligence ..."
    four = item("supply-chains-2024", "2.2")
    assert four.title.startswith("At least four initiatives") and four.target_value == 4
    # key sectors: mining, cocoa, coffee, cotton ... and fishing
    sectors = item("supply-chains-2024", "4.1")
    assert all(s in sectors.title for s in ("mining", "cocoa", "coffee", "cotton", "fishing"))
    assert sectors.target_value == 5
    assert item("supply-chains-2024", "1.5").title == (
        "Report published on the profits and poverty of child labour.")


def test_seeded_2021_roadmap_deliverables_and_dates(seeded):
    plan = Workplan.objects.get(slug="roadmap-2021")
    assert plan.group is None
    dates = {i.code: i.due_date for i in plan.items.all()}
    # "Launch of new digital report ("e-report") ... (July 2020)"
    assert dates["2.1"] == dt.date(2020, 7, 31)
    # "FAO conference ... (9-11 March 2021)"
    assert dates["3.3"] == dt.date(2021, 3, 11)
    # "High-level event with Heads of States at UNGA (September 2021)"
    assert dates["3.6"] == dt.date(2021, 9, 30)
    # "VGC with outcome document and pledges (End 2021)"
    assert dates["3.7"] == dt.date(2021, 12, 31)
    assert load_reference_data() == 0


# ---------------------------------------------------------------- roll-up


def test_status_roll_up():
    S = ItemStatus
    assert rolled_up_status([S.ACHIEVED, S.ACHIEVED, S.DROPPED]) == S.ACHIEVED
    assert rolled_up_status([S.ACHIEVED, S.NOT_STARTED]) == S.IN_PROGRESS
    assert rolled_up_status([S.IN_PROGRESS, S.DELAYED, S.ACHIEVED]) == S.DELAYED
    assert rolled_up_status([S.NOT_STARTED, S.NOT_STARTED]) == S.NOT_STARTED
    assert rolled_up_status([S.DROPPED]) == S.DROPPED
    assert rolled_up_status([]) == S.NOT_STARTED


def test_results_tree_rolls_up_to_the_outcome(seeded):
    plan = Workplan.objects.get(slug="supply-chains-2024")
    for code in ("1.1", "1.2", "1.3", "1.4", "1.5"):
        WorkplanItem.objects.filter(workplan=plan, code=code).update(status=ItemStatus.ACHIEVED)
    WorkplanItem.objects.filter(workplan=plan, code="2.1").update(status=ItemStatus.DELAYED)
    roots = {n.item.code: n for n in results(plan)}
    assert roots["1"].status == ItemStatus.ACHIEVED
    assert roots["2"].status == ItemStatus.DELAYED
    assert roots["3"].status == ItemStatus.NOT_STARTED


# ---------------------------------------------------------------- bad input


def test_a_target_date_before_the_period_is_refused(seeded, sc_chair):
    plan = Workplan.objects.get(slug="supply-chains-2024")
    early = WorkplanItem(workplan=plan, level=ItemLevel.OUTPUT, code="9.9", title="x",
                         due_date=dt.date(2023, 12, 31))
    with pytest.raises(GroupError, match="outside the workplan's period"):
        check_item(early)
    from target87.groups.services import save_item

    with pytest.raises(GroupError, match="2023-12-31"):
        save_item(sc_chair, early)
    assert not WorkplanItem.objects.filter(workplan=plan, code="9.9").exists()


def test_progress_update_on_another_groups_workplan_changes_nothing(seeded, member, client):
    roadmap_item = item("roadmap-2021", "2.1")
    with pytest.raises(GroupError, match="another group's workplan"):
        propose_update(member, seeded["supply-chains"], roadmap_item, date=dt.date(2020, 7, 1),
                       text="Done", status=ItemStatus.ACHIEVED)
    client.force_login(member)
    response = client.post("/en/action-groups/supply-chains/progress/", {
        "item": roadmap_item.pk, "date": "2020-07-01", "status": "achieved", "text": "Done"},
        follow=True)
    assert "another group&#x27;s workplan" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    roadmap_item.refresh_from_db()
    assert roadmap_item.status == ItemStatus.NOT_STARTED


def test_membership_request_by_a_non_partner_changes_nothing(seeded, gcg_member, client):
    with pytest.raises(GroupError, match="Only a representative of a partner"):
        request_membership(gcg_member, seeded["migration"])
    client.force_login(gcg_member)
    response = client.post("/en/action-groups/migration/join/", follow=True)
    assert "Only a representative of a partner" in response.content.decode()
    assert not MembershipRequest.objects.exists()


# ---------------------------------------------------------------- flows and permissions


def test_membership_flow_decided_by_the_groups_chair(seeded, member, sc_chair, client):
    group = seeded["migration"]
    migration_chair = make_user("iom", Role.ACTION_GROUP_CHAIR)
    GroupChair.objects.filter(group=group).update(representative=migration_chair)
    req = request_membership(member, group, message="We would like to sign up as a member")
    with pytest.raises(GroupError, match="already waiting"):
        request_membership(member, group)
    # the Supply Chains chair does not decide for Migration
    with pytest.raises(PermissionDenied):
        decide_membership(sc_chair, req, accept=True)
    client.force_login(sc_chair)
    assert client.get("/en/action-groups/migration/requests/").status_code == 403
    # the Migration chair sees it in My work and accepts it
    from target87.core.work import work_items

    assert any(w.kind == "groups.membership_request" for w in work_items(migration_chair))
    assert not any(w.kind == "groups.membership_request" for w in work_items(sc_chair))
    client.force_login(migration_chair)
    client.post("/en/action-groups/migration/requests/",
                {"request": req.pk, "decision": "accept"})
    req.refresh_from_db()
    assert req.state == RequestState.ACCEPTED
    assert GroupMembership.objects.filter(group=group, partner__name="Kiln Watch").exists()
    assert not work_items(migration_chair)


def test_member_proposes_and_chair_accepts_progress(seeded, member, sc_chair, client):
    target = item("supply-chains-2024", "2.2")
    client.force_login(member)
    client.post("/en/action-groups/supply-chains/progress/", {
        "item": target.pk, "date": "2024-05-02", "status": "in_progress",
        "achieved_value": "2", "text": "Two initiatives started in cocoa.",
        "link": "https://example.org/cocoa"})
    update = ProgressUpdate.objects.get()
    assert update.state == UpdateState.PROPOSED
    target.refresh_from_db()
    assert target.status == ItemStatus.NOT_STARTED  # nothing changes before a chair accepts
    # members cannot accept
    assert client.get("/en/action-groups/supply-chains/updates/").status_code == 403
    from target87.core.work import work_items

    assert [w.kind for w in work_items(sc_chair)] == ["groups.progress_update"]
    client.force_login(sc_chair)
    client.post("/en/action-groups/supply-chains/updates/",
                {"update": update.pk, "decision": "accept"})
    target.refresh_from_db()
    assert target.status == ItemStatus.IN_PROGRESS and target.achieved_value == Decimal("2")
    roots = {n.item.code: n for n in results(target.workplan)}
    assert roots["2"].status == ItemStatus.IN_PROGRESS


def test_permission_scoping(seeded, sc_chair, member, gcg_member, chair, client):
    from target87.accounts.permissions import can

    plan = Workplan.objects.get(slug="supply-chains-2024")
    roadmap = Workplan.objects.get(slug="roadmap-2021")
    # chairs change their own group's workplan only; a chair role alone is not enough
    assert can(sc_chair, "change", plan) and not can(sc_chair, "change", roadmap)
    assert not can(chair, "change", plan)
    assert not can(member, "change", plan) and not can(gcg_member, "change", plan)
    Workplan.objects.filter(pk=plan.pk).update(is_published=False)
    plan.refresh_from_db()
    # a draft is seen by its group's chairs and members and by GCG members, not by the public
    assert client.get(plan.get_absolute_url()).status_code == 404
    for user in (sc_chair, member, gcg_member):
        client.force_login(user)
        assert client.get(plan.get_absolute_url()).status_code == 200
    client.force_login(chair)
    assert client.get(plan.get_absolute_url()).status_code == 404
    # the chair's role alone gives no chair's pages
    assert client.get("/en/action-groups/supply-chains/updates/").status_code == 403


def test_proposed_updates_are_not_public(seeded, member, client):
    target = item("supply-chains-2024", "2.2")
    propose_update(member, seeded["supply-chains"], target, date=dt.date(2024, 5, 2),
                   text="Secret draft progress", status=ItemStatus.IN_PROGRESS)
    page = client.get("/en/action-groups/workplans/supply-chains-2024/").content.decode()
    assert "Secret draft progress" not in page


# ---------------------------------------------------------------- report


# the PDF is rendered by the worker, which closes its database connection when done, as in
# production: the test runs outside a wrapping transaction so that the next request reconnects
@pytest.mark.django_db(transaction=True)
def test_progress_report_in_three_formats_and_arabic(seeded, sc_chair, client, settings,
                                                    tmp_path):
    settings.DATA_DIR = tmp_path  # rendered report PDFs
    target = item("supply-chains-2024", "2.2")
    propose_update(sc_chair, seeded["supply-chains"], target, date=dt.date(2024, 5, 2),
                   text="Two initiatives started in cocoa.", status=ItemStatus.IN_PROGRESS,
                   achieved_value=Decimal("2"))
    url = ("/{lang}/action-groups/workplans/supply-chains-2024/report{ext}"
           "?from=2024-01-01&to=2024-12-31")
    html = client.get(url.format(lang="en", ext="/")).content.decode()
    assert "Two initiatives started in cocoa." in html and "At least four initiatives" in html
    # an update outside the period is left out
    html = client.get(url.format(lang="en", ext="/").replace("2024-12-31", "2024-04-30"))
    assert "Two initiatives started in cocoa." not in html.content.decode()
    from tests.groups.test_report_pdf import fetch_pdf

    pdf = fetch_pdf(client, url.format(lang="ar", ext=".pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(url.format(lang="ar", ext=".docx"))
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "<w:bidi/>" in xml and "Two initiatives started in cocoa." in xml
    english = client.get(url.format(lang="en", ext=".docx"))
    xml_en = zipfile.ZipFile(io.BytesIO(english.content)).read("word/document.xml").decode()
    assert "<w:bidi/>" not in xml_en and "Workplan progress report" in xml_en


def test_chair_role_granted_by_accounts_is_scoped_by_the_chair_record(seeded):
    user = make_user("unicef")
    GroupChair.objects.filter(group=seeded["migration"],
                              organisation__name__contains="UNICEF").update(representative=user)
    from target87.groups.chairs import is_chair as chairs

    assert not chairs(user, seeded["migration"])
    grant_role(user, Role.ACTION_GROUP_CHAIR)
    user = type(user).objects.get(pk=user.pk)
    assert chairs(user, seeded["migration"]) and not chairs(user, seeded["supply-chains"])


def test_chair_edits_the_workplan_on_the_site(seeded, sc_chair, member, client):
    plan = Workplan.objects.get(slug="supply-chains-2024")
    target = item("supply-chains-2024", "2.2")
    url = f"/en/action-groups/workplans/{plan.slug}/items/{target.pk}/"
    data = {"parent": target.parent_id, "level": 3, "code": "2.2", "order": target.order,
            "title": target.title, "target_value": "4", "target_unit": "initiatives",
            "status": "in_progress", "due_date": "2023-06-30"}
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(sc_chair)
    # a target date before the workplan's period: the field says why, nothing changes
    response = client.post(url, data)
    assert response.status_code == 200
    assert "outside the workplan&#x27;s period" in response.content.decode()
    target.refresh_from_db()
    assert target.due_date is None and target.status == ItemStatus.NOT_STARTED
    response = client.post(url, {**data, "due_date": "2025-06-30"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.due_date == dt.date(2025, 6, 30) and target.status == ItemStatus.IN_PROGRESS
    # a new activity under the output
    response = client.post(f"/en/action-groups/workplans/{plan.slug}/items/new/", {
        "parent": target.pk, "level": 4, "code": "2.2.1", "order": 99,
        "title": "Cocoa due diligence pilot", "status": "not_started"})
    assert response.status_code == 302
    assert WorkplanItem.objects.get(workplan=plan, code="2.2.1").parent == target
    # the roadmap belongs to no group: the chair cannot edit it
    roadmap_item = item("roadmap-2021", "2.1")
    assert client.get(
        f"/en/action-groups/workplans/roadmap-2021/items/{roadmap_item.pk}/").status_code == 403
