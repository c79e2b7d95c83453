"""Evidence files of progress updates are served by a permission-checked view: before a
chair accepts the update, to its proposer, the group's chairs and the Secretariat only;
after acceptance, to whoever may see the workplan. The public media address serves none."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from tests.conftest import make_user

from target87.accounts.models import Role
from target87.accounts.services import grant_role
from target87.groups.models import (
    ActionGroup,
    GroupChair,
    GroupMembership,
    ItemLevel,
    ProgressUpdate,
    UpdateState,
    Workplan,
    WorkplanItem,
)
from target87.groups.services import decide_update
from target87.partnership.models import Partner

PDF = b"%PDF-1.4\n% evidence\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db, secretariat, gcg_member):
    ilo = Partner.objects.create(name="ILO", partner_type="international_organisation")
    union = Partner.objects.create(name="Kiln Watch", partner_type="civil_society")
    other_org = Partner.objects.create(name="Other NGO", partner_type="civil_society")
    group = ActionGroup.objects.create(slug="supply", name_en="Supply Chains")
    chair = make_user("sc-chair", Role.ACTION_GROUP_CHAIR)
    GroupChair.objects.create(group=group, organisation=ilo, role="chair", representative=chair)
    GroupMembership.objects.create(group=group, partner=union)
    GroupMembership.objects.create(group=group, partner=other_org)
    proposer = make_user("proposer")
    grant_role(proposer, Role.PARTNER_REPRESENTATIVE, organisation=union)
    fellow = make_user("fellow")  # another member of the group
    grant_role(fellow, Role.PARTNER_REPRESENTATIVE, organisation=other_org)
    other_chair = make_user("other-chair", Role.ACTION_GROUP_CHAIR)
    migration = ActionGroup.objects.create(slug="migration", name_en="Migration")
    GroupChair.objects.create(group=migration, organisation=ilo, role="chair",
                              representative=other_chair)
    plan = Workplan.objects.create(group=group, slug="supply-2024", title="Supply 2024",
                                   period_start=dt.date(2024, 1, 1),
                                   period_end=dt.date(2024, 12, 31), is_published=True)
    item = WorkplanItem.objects.create(workplan=plan, level=ItemLevel.OUTCOME, code="1",
                                       title="Outcome 1")
    update = ProgressUpdate(item=item, date=dt.date(2024, 3, 1), text="Started",
                            status="in_progress", proposed_by=proposer)
    update.evidence.save("minutes.pdf", ContentFile(PDF), save=False)
    update.save()
    return {"update": update, "plan": plan, "chair": chair, "proposer": proposer,
            "fellow": fellow, "other_chair": other_chair, "secretariat": secretariat,
            "gcg": gcg_member}


def fetch(client, user, update):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(reverse("groups:evidence", args=[update.pk]))


def test_before_acceptance_only_proposer_chairs_and_secretariat(client, world):
    update = world["update"]
    for key in ("proposer", "chair", "secretariat"):
        response = fetch(client, world[key], update)
        assert response.status_code == 200, key
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"
    for key in ("fellow", "other_chair", "gcg"):
        assert fetch(client, world[key], update).status_code == 404, key
    assert fetch(client, None, update).status_code == 404
    # the stored file has no public address
    assert client.get("/media/" + update.evidence.name).status_code == 404


def test_after_acceptance_whoever_may_see_the_workplan(client, world):
    update = world["update"]
    decide_update(world["chair"], update, accept=True)
    update.refresh_from_db()
    assert update.state == UpdateState.ACCEPTED
    for key in ("proposer", "chair", "secretariat", "fellow", "other_chair", "gcg"):
        assert fetch(client, world[key], update).status_code == 200, key
    assert fetch(client, None, update).status_code == 200  # a published workplan
    plan = world["plan"]
    plan.is_published = False
    plan.save()
    assert fetch(client, None, update).status_code == 404
    assert fetch(client, world["other_chair"], update).status_code == 404
    assert fetch(client, world["fellow"], update).status_code == 200  # a member sees it


def test_declined_update_stays_with_proposer_chairs_and_secretariat(client, world):
    update = world["update"]
    decide_update(world["chair"], update, accept=False)
    assert fetch(client, world["proposer"], update).status_code == 200
    assert fetch(client, world["fellow"], update).status_code == 404
    assert fetch(client, None, update).status_code == 404


def test_pages_link_the_checked_view(client, world):
    update = world["update"]
    client.force_login(world["chair"])
    page = client.get(reverse("groups:updates", args=["supply"])).content.decode()
    assert reverse("groups:evidence", args=[update.pk]) in page
    assert "/media/" not in page
