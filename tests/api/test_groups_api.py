"""Read-only API of Action Groups and workplans: published records and accepted progress only."""

import datetime as dt

import pytest
from tests.conftest import make_user

from target87.accounts.models import Role
from target87.groups.models import ActionGroup, GroupChair, ItemStatus, Workplan, WorkplanItem
from target87.groups.seed import load_reference_data
from target87.groups.services import propose_update


@pytest.fixture
def seeded(db):
    load_reference_data()


def test_groups_list_and_detail(get, seeded):
    data = get("/api/action-groups/")
    assert data["count"] == 4
    migration = next(g for g in data["items"] if g["slug"] == "migration")
    assert sorted(c["role"] for c in migration["chairs"]) == ["co_chair", "co_chair"]
    detail = get("/api/action-groups/conflict-and-humanitarian-settings/")
    assert [p["name"] for p in detail["pillars"]] == [
        "Policy and Strategy Development", "Capacity Building", "Partnerships"]
    assert get("/api/action-groups/supply-chains/")["workplans"][0]["slug"].startswith(
        "supply-chains-")


def test_unpublished_records_are_not_served(get, seeded):
    ActionGroup.objects.filter(slug="rural-economies").update(is_published=False)
    Workplan.objects.filter(slug="supply-chains-2024").update(is_published=False)
    assert get("/api/action-groups/")["count"] == 3
    get("/api/action-groups/rural-economies/", status=404)
    get("/api/workplans/supply-chains-2024/", status=404)
    assert "supply-chains-2024" not in {w["slug"] for w in get("/api/workplans/")["items"]}


def test_workplan_items_with_targets_and_only_accepted_progress(get, seeded):
    chair = make_user("ilo", Role.ACTION_GROUP_CHAIR)
    member = make_user("kiln")
    group = ActionGroup.objects.get(slug="supply-chains")
    GroupChair.objects.filter(group=group).update(representative=chair)
    item = WorkplanItem.objects.get(workplan__slug="supply-chains-2024", code="2.2")
    propose_update(chair, group, item, date=dt.date(2024, 5, 1), text="Started in cocoa.",
                   status=ItemStatus.IN_PROGRESS)
    from target87.accounts.services import grant_role
    from target87.groups.models import GroupMembership, ProgressUpdate
    from target87.partnership.models import Partner

    partner = Partner.objects.create(name="Kiln Watch", partner_type="civil_society")
    grant_role(member, Role.PARTNER_REPRESENTATIVE, organisation=partner)
    GroupMembership.objects.create(group=group, partner=partner)
    propose_update(member, group, item, date=dt.date(2024, 6, 1), text="Not yet accepted.",
                   status=ItemStatus.ACHIEVED)
    assert ProgressUpdate.objects.count() == 2
    data = get("/api/workplans/supply-chains-2024/")
    items = {i["code"]: i for i in data["items"]}
    assert items["2.2"]["target_value"] in ("4", "4.00", 4)
    assert items["2.2"]["parent"] == "2" and items["2"]["rolled_up_status"] == "in_progress"
    assert [u["text"] for u in items["2.2"]["progress"]] == ["Started in cocoa."]
