"""One rule decides who chairs an Action Group (``groups.chairs``): the Action Group chair
role and being the named representative of one of the group's chairing organisations. The
groups app (workplans, requests, "My work") and the meetings app (editing and seeing the
group's meetings) give a person the same answer, and so do the group's notifications."""

import datetime as dt

import pytest
from tests.conftest import make_user

from target87.accounts.models import Role
from target87.accounts.permissions import Action, can
from target87.accounts.services import grant_role
from target87.groups.chairs import chaired_group_ids, chairs_of, is_chair
from target87.groups.models import (
    ActionGroup,
    GroupChair,
    ItemLevel,
    ProgressUpdate,
    Workplan,
    WorkplanItem,
)
from target87.groups.services import open_updates_for
from target87.meetings.models import Body, Meeting
from target87.meetings.services import visible_meetings
from target87.partnership.models import Partner


@pytest.fixture
def setting(db):
    ilo = Partner.objects.create(name="ILO", partner_type="international_organisation")
    iom = Partner.objects.create(name="IOM", partner_type="international_organisation")
    supply = ActionGroup.objects.create(slug="supply", name_en="Supply Chains")
    migration = ActionGroup.objects.create(slug="migration", name_en="Migration")
    people = {
        # role and named representative: a chair
        "chair": make_user("chair-both", Role.ACTION_GROUP_CHAIR),
        # named representative without the role
        "named_only": make_user("named-only"),
        # the role without being named for this group (named for another)
        "role_only": make_user("role-only", Role.ACTION_GROUP_CHAIR),
        # both, but the account was deactivated
        "inactive": make_user("inactive", Role.ACTION_GROUP_CHAIR, is_active=False),
    }
    GroupChair.objects.create(group=supply, organisation=ilo, role="chair",
                              representative=people["chair"])
    GroupChair.objects.create(group=supply, organisation=iom, role="co_chair",
                              representative=people["named_only"])
    GroupChair.objects.create(group=migration, organisation=iom, role="chair",
                              representative=people["role_only"])
    inactive_org = Partner.objects.create(name="UNICEF", partner_type="international_organisation")
    GroupChair.objects.create(group=supply, organisation=inactive_org, role="co_chair",
                              representative=people["inactive"])
    plan = Workplan.objects.create(group=supply, slug="supply-2024", title="Supply 2024",
                                   period_start=dt.date(2024, 1, 1),
                                   period_end=dt.date(2024, 12, 31))
    item = WorkplanItem.objects.create(workplan=plan, level=ItemLevel.OUTCOME, code="1",
                                       title="Outcome 1")
    ProgressUpdate.objects.create(item=item, date=dt.date(2024, 3, 1), text="Started",
                                  status="in_progress")
    meeting = Meeting.objects.create(body=Body.ACTION_GROUP, action_group=supply,
                                     is_published=False)
    return supply, migration, plan, meeting, people


def test_the_rule(setting):
    supply, migration, _plan, _meeting, people = setting
    assert list(chairs_of(supply)) == [people["chair"]]
    assert list(chairs_of(migration)) == [people["role_only"]]
    assert is_chair(people["chair"], supply) and not is_chair(people["chair"], migration)
    assert not is_chair(people["named_only"], supply)
    assert not is_chair(people["role_only"], supply)
    assert not is_chair(people["inactive"], supply)
    # the role given later makes the named representative a chair, for their group only
    grant_role(people["named_only"], Role.ACTION_GROUP_CHAIR)
    assert is_chair(people["named_only"], supply)
    assert chaired_group_ids(people["named_only"]) == {supply.pk}


def test_groups_and_meetings_agree(setting, client):
    from target87.notifications import audiences

    supply, _migration, plan, meeting, people = setting
    group_audience = set(audiences.recipients(f"group:{supply.slug}"))
    for key, person in people.items():
        chair = is_chair(person, supply)
        assert chair == (key == "chair")
        # the groups app: workplan editing, deciding progress, "My work"
        assert can(person, Action.CHANGE, plan) == chair, key
        update = ProgressUpdate.objects.get()
        assert can(person, Action.APPROVE, update) == chair, key
        assert bool(open_updates_for(person)) == chair, key
        # the meetings app: editing and seeing the group's unpublished meeting
        assert can(person, Action.CHANGE, meeting) == chair, key
        assert visible_meetings(person).filter(pk=meeting.pk).exists() == chair, key
        # notifications: a group's audience holds its chairs
        assert (person in group_audience) == chair, key
        if person.is_active:
            client.force_login(person)
            status = client.get(f"/en/meetings/{meeting.pk}/edit/").status_code
            assert (status == 200) == chair, key
            status = client.get(f"/en/action-groups/{supply.slug}/updates/").status_code
            assert (status == 200) == chair, key
