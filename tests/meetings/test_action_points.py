"""Action points: set at one meeting, followed up at the next meeting of the same body,
listed in their owner's "My work"; who may see and edit what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from target87.core.work import work_items
from target87.meetings import services
from target87.meetings.models import ActionPoint, Body, FollowUp, Meeting, MeetingStatus


def gcg(number, day, **extra):
    return Meeting.objects.create(body=Body.GCG, number=number, start_date=day,
                                  status=MeetingStatus.HELD, place="Geneva", **extra)


@pytest.fixture
def two_meetings(db):
    return gcg(1, dt.date(2021, 3, 1)), gcg(2, dt.date(2021, 9, 1))


def test_follow_up_across_two_meetings(secretariat, gcg_member, two_meetings):
    first, second = two_meetings
    point = services.add_action_point(secretariat, first, text="Circulate the strategy",
                                      owner="Secretariat", owner_user=gcg_member,
                                      due_date=dt.date(2021, 6, 1))
    # the owner sees it in "My work" until it is done
    items = [i for i in work_items(gcg_member) if i.kind == "meetings.action_point"]
    assert [i.url for i in items] == [point.get_absolute_url()]
    assert items[0].due == dt.date(2021, 6, 1) and items[0].overdue
    # the next meeting of the body lists it for follow-up
    assert services.carried_action_points(second) == [point]
    assert services.carried_action_points(first) == []
    follow = services.record_follow_up(secretariat, point, second, "done", "Sent in May")
    point.refresh_from_db()
    assert point.status == "done" and follow.meeting == second
    # still listed at the meeting that followed it up, no longer in My work
    assert services.carried_action_points(second) == [point]
    assert not [i for i in work_items(gcg_member) if i.kind == "meetings.action_point"]
    # a third meeting does not carry a closed point
    third = gcg(3, dt.date(2022, 3, 1))
    assert services.carried_action_points(third) == []


def test_open_point_is_carried_until_closed(secretariat, two_meetings):
    first, second = two_meetings
    point = services.add_action_point(secretariat, first, text="Draft the note",
                                      owner="Secretariat")
    services.record_follow_up(secretariat, point, second, "in_progress", "Drafting")
    third = gcg(3, dt.date(2022, 3, 1))
    assert services.carried_action_points(third) == [point]
    assert services.previous_meeting(third) == second
    assert services.next_meeting(first) == second


def test_follow_up_only_by_later_meeting_of_same_body(secretariat, country, two_meetings):
    first, second = two_meetings
    point = services.add_action_point(secretariat, second, text="Report back", owner="Chair")
    with pytest.raises(ValidationError) as err:
        services.record_follow_up(secretariat, point, first, "done")
    assert "later meeting" in str(err.value)
    national = Meeting.objects.create(body=Body.COUNTRY, country=country,
                                      start_date=dt.date(2022, 1, 1))
    with pytest.raises(ValidationError):
        services.record_follow_up(secretariat, point, national, "done")
    assert not FollowUp.objects.exists()
    point.refresh_from_db()
    assert point.status == "open"


def test_action_point_without_owner_is_refused_and_changes_nothing(secretariat, client,
                                                                   two_meetings):
    first, _second = two_meetings
    with pytest.raises(ValidationError) as err:
        services.add_action_point(secretariat, first, text="Do something")
    assert "owner" in err.value.message_dict
    client.force_login(secretariat)
    response = client.post(reverse("meetings:action_point_add", args=[first.pk]),
                           {"text": "Do something", "owner": "  ", "due_date": ""})
    assert response.status_code == 400
    assert "An action point needs an owner" in response.content.decode()
    assert not ActionPoint.objects.exists()


def test_database_refuses_an_ownerless_action_point(two_meetings):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPoint.objects.create(meeting=two_meetings[0], text="x")


def test_site_form_adds_an_action_point(secretariat, client, two_meetings):
    first, _second = two_meetings
    client.force_login(secretariat)
    response = client.post(reverse("meetings:action_point_add", args=[first.pk]),
                           {"text": "Share the toolkit", "owner": "Secretariat",
                            "due_date": "2021-05-01"})
    assert response.status_code == 302
    point = ActionPoint.objects.get()
    assert (point.text, point.owner, point.due_date) == ("Share the toolkit", "Secretariat",
                                                         dt.date(2021, 5, 1))


def test_permission_scoping(secretariat, gcg_member, focal_point, other_focal_point,
                            partner_user, country, client):
    published = gcg(1, dt.date(2021, 3, 1))
    draft = gcg(2, dt.date(2021, 9, 1), is_published=False)
    national = Meeting.objects.create(body=Body.COUNTRY, country=country, number=1,
                                      start_date=dt.date(2021, 4, 1), is_published=False)
    # the public sees published meetings only
    response = client.get(reverse("meetings:list"))
    assert str(published) in response.content.decode()
    assert str(draft) not in response.content.decode()
    assert client.get(reverse("meetings:detail", args=[draft.pk])).status_code == 403
    # GCG members see unpublished GCG meetings but may not edit them
    assert services.visible_meetings(gcg_member).filter(pk=draft.pk).exists()
    assert not services.visible_meetings(gcg_member).filter(pk=national.pk).exists()
    with pytest.raises(PermissionDenied):
        services.add_action_point(gcg_member, published, text="x", owner="y")
    # a focal point keeps their country's coordination group, not another country's
    assert services.add_action_point(focal_point, national, text="Map actors", owner="MoL")
    with pytest.raises(PermissionDenied):
        services.add_action_point(other_focal_point, national, text="x", owner="y")
    assert not services.visible_meetings(other_focal_point).filter(pk=national.pk).exists()
    with pytest.raises(PermissionDenied):
        services.add_action_point(focal_point, published, text="x", owner="y")
    # partners and the public may not record follow-ups
    point = services.add_action_point(secretariat, published, text="Draft", owner="Chair")
    with pytest.raises(PermissionDenied):
        services.record_follow_up(partner_user, point, draft, "done")
    client.force_login(partner_user)
    response = client.post(reverse("meetings:follow_up", args=[published.pk, point.pk]),
                           {"status": "done"})
    assert response.status_code == 403
    point.refresh_from_db()
    assert point.status == "open"


def test_owner_updates_status_others_cannot(secretariat, gcg_member, partner_user, client):
    meeting = gcg(1, dt.date(2021, 3, 1))
    point = services.add_action_point(secretariat, meeting, text="Send comments",
                                      owner_user=gcg_member)
    url = reverse("meetings:action_point_status", args=[point.pk])
    client.force_login(partner_user)
    assert client.post(url, {"status": "done"}).status_code == 403
    client.force_login(gcg_member)
    assert client.post(url, {"status": "done"}).status_code == 302
    point.refresh_from_db()
    assert point.status == "done"


def test_pages_render_in_english_and_arabic(secretariat, client, db):
    from target87.meetings.seed import load_meetings

    load_meetings()
    sixth = Meeting.objects.get(body=Body.GCG, number=6)
    for lang in ("en", "ar"):
        assert client.get(f"/{lang}/meetings/").status_code == 200
        page = client.get(f"/{lang}/meetings/{sixth.pk}/").content.decode()
        assert "Present the draft amendments" in page
        # curation notes are for staff only
        assert "Annex I (the full list" not in page
        composition = client.get(f"/{lang}/meetings/gcg/composition/")
        assert composition.status_code == 200
    client.force_login(secretariat)
    assert "Annex I (the full list" in client.get(f"/en/meetings/{sixth.pk}/").content.decode()
    seventh = Meeting.objects.get(body=Body.GCG, number=7)
    page = client.get(f"/en/meetings/{seventh.pk}/").content.decode()
    # the 6th meeting's action points are followed up at the 7th
    assert "Follow-up of earlier action points" in page


def test_downloads(client, db):
    from target87.meetings.seed import load_meetings

    load_meetings()
    csv = client.get("/en/meetings/?format=csv").content.decode("utf-8-sig")
    assert "2019-11-12" in csv and "2020-05-19" in csv
    xlsx = client.get("/en/meetings/gcg/composition/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_action_group_chairs_keep_their_groups_meetings(secretariat, chair, partner_user):
    from target87.groups.models import ActionGroup, GroupChair
    from target87.partnership.models import Partner

    ilo = Partner.objects.create(name="ILO", partner_type="international_organisation")
    supply = ActionGroup.objects.create(slug="supply-chains", name_en="Supply Chains")
    migration = ActionGroup.objects.create(slug="migration", name_en="Migration")
    GroupChair.objects.create(group=supply, organisation=ilo, role="chair", representative=chair)
    first = Meeting.objects.create(body=Body.ACTION_GROUP, action_group=supply, number=1,
                                   start_date=dt.date(2021, 2, 1), is_published=False)
    second = Meeting.objects.create(body=Body.ACTION_GROUP, action_group=supply, number=2,
                                    start_date=dt.date(2021, 6, 1))
    other = Meeting.objects.create(body=Body.ACTION_GROUP, action_group=migration, number=1,
                                   start_date=dt.date(2021, 3, 1))
    point = services.add_action_point(chair, first, text="Map initiatives", owner="ILO")
    assert services.group_meetings(chair, supply).filter(pk=first.pk).exists()
    assert not services.group_meetings(partner_user, supply).filter(pk=first.pk).exists()
    # the Migration group's meeting is another body: it never follows up Supply Chains points
    assert services.carried_action_points(other) == []
    assert services.carried_action_points(second) == [point]
    with pytest.raises(PermissionDenied):
        services.add_action_point(chair, other, text="x", owner="y")
    services.record_follow_up(chair, point, second, "done", "Mapped 12 initiatives")
    assert "Supply Chains, meeting 2" == str(second)


def test_country_page_lists_its_coordination_group_meetings(client, country, focal_point):
    hidden = Meeting.objects.create(body=Body.COUNTRY, country=country, number=1,
                                    start_date=dt.date(2021, 4, 1), is_published=False)
    page = client.get(f"/en/countries/{country.iso3}/").content.decode()
    assert "Meetings of the country coordination group" not in page
    client.force_login(focal_point)
    page = client.get(f"/en/countries/{country.iso3}/").content.decode()
    assert hidden.get_absolute_url() in page
