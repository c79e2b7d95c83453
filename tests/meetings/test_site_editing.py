"""Editing meetings on the site: those who keep a body's meetings (group chairs, a
country's focal point, the Secretariat) add and change them with their agenda,
participants and decisions; others are refused and nothing changes; bad input is named."""

import datetime as dt

import pytest
from django.urls import reverse

from target87.meetings.models import (
    AgendaItem,
    Body,
    Decision,
    Meeting,
    MeetingStatus,
    Participant,
)


@pytest.fixture
def groups(db, chair):
    from target87.groups.models import ActionGroup, GroupChair
    from target87.partnership.models import Partner
    from tests.conftest import make_user

    ilo = Partner.objects.create(name="ILO", partner_type="international_organisation")
    supply = ActionGroup.objects.create(slug="supply-chains", name_en="Supply Chains")
    migration = ActionGroup.objects.create(slug="migration", name_en="Migration")
    GroupChair.objects.create(group=supply, organisation=ilo, role="chair", representative=chair)
    other_chair = make_user("other-chair")
    GroupChair.objects.create(group=migration, organisation=ilo, role="co_chair",
                              representative=other_chair)
    return supply, migration, other_chair


def formset(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def meeting_data(agenda=(), participants=(), decisions=(), initial=(0, 0, 0), **fields):
    data = {"number": "", "title": "", "start_date": "", "end_date": "", "time": "",
            "place": "", "status": "planned", "chair": "", "objectives": "", "report": "",
            "attendance_note": "", "is_published": "on", "source": ""}
    data.update(fields)
    data.update(formset("agenda", list(agenda), initial[0]))
    data.update(formset("participants", list(participants), initial[1]))
    data.update(formset("decisions", list(decisions), initial[2]))
    return data


def test_group_chair_creates_and_edits_a_meeting(client, chair, groups):
    supply, _migration, _other = groups
    client.force_login(chair)
    group_page = client.get(reverse("groups:detail", args=[supply.slug])).content.decode()
    new_url = reverse("meetings:new_group", args=[supply.slug])
    assert new_url in group_page
    assert client.get(new_url).status_code == 200
    response = client.post(new_url, meeting_data(
        number="3", start_date="2021-05-04", end_date="2021-05-05", place="Geneva",
        agenda=[{"order": "1", "title": "Mapping of initiatives", "duration_minutes": "45"},
                {"order": "2", "title": "Workplan 2021"}],
        participants=[{"person": "A. Chair", "organisation": "ILO", "constituency": "un",
                       "role": "chair"},
                      {"organisation": "ITUC", "constituency": "workers", "role": "member",
                       "remote": "on"}],
        decisions=[{"order": "1", "text": "Adopt the workplan"}]))
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(body=Body.ACTION_GROUP, action_group=supply, number=3)
    assert response["Location"] == meeting.get_absolute_url()
    assert str(meeting) == "Supply Chains, meeting 3"
    assert [a.title for a in meeting.agenda.all()] == ["Mapping of initiatives",
                                                       "Workplan 2021"]
    assert sorted(p.organisation for p in meeting.participants.all()) == ["ILO", "ITUC"]
    assert meeting.participants.get(organisation="ITUC").remote
    assert [d.text for d in meeting.decisions.all()] == ["Adopt the workplan"]
    assert meeting.history.first().history_user == chair

    # the meeting page links to the edit page; the chair records the report and outcome
    detail = client.get(meeting.get_absolute_url()).content.decode()
    edit_url = reverse("meetings:edit", args=[meeting.pk])
    assert edit_url in detail
    agenda = list(meeting.agenda.all())
    people = list(meeting.participants.order_by("organisation"))
    decision = meeting.decisions.get()
    response = client.post(edit_url, meeting_data(
        number="3", start_date="2021-05-04", end_date="2021-05-05", place="Geneva",
        status="held", report="The group mapped 12 initiatives.",
        agenda=[{"id": str(agenda[0].pk), "order": "1", "title": "Mapping of initiatives",
                 "duration_minutes": "60"},
                {"id": str(agenda[1].pk), "order": "2", "title": "Workplan 2021",
                 "DELETE": "on"},
                {"order": "3", "title": "Any other business"}],
        participants=[{"id": str(people[0].pk), "person": "A. Chair", "organisation": "ILO",
                       "constituency": "un", "role": "chair"},
                      {"id": str(people[1].pk), "organisation": "ITUC",
                       "constituency": "workers", "role": "member", "remote": "on"}],
        decisions=[{"id": str(decision.pk), "order": "1", "text": "Adopt the workplan 2021",
                    "agenda_item": str(agenda[0].pk)}],
        initial=(2, 2, 1)))
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.report == "The group mapped 12 initiatives."
    assert [(a.title, a.duration_minutes) for a in meeting.agenda.all()] == [
        ("Mapping of initiatives", 60), ("Any other business", None)]
    decision.refresh_from_db()
    assert decision.text == "Adopt the workplan 2021" and decision.agenda_item == agenda[0]
    assert meeting.history.count() == 2
    assert AgendaItem.history.filter(id=agenda[1].pk, history_type="-").exists()


@pytest.mark.parametrize("who", ["other_chair", "partner_user", "gcg_member", "anonymous"])
def test_others_are_refused_and_nothing_changes(client, request, chair, groups, who):
    supply, _migration, other_chair = groups
    meeting = Meeting.objects.create(body=Body.ACTION_GROUP, action_group=supply, number=1,
                                     start_date=dt.date(2021, 2, 1), place="Geneva")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Opening")
    if who != "anonymous":
        user = other_chair if who == "other_chair" else request.getfixturevalue(who)
        client.force_login(user)
    new_url = reverse("meetings:new_group", args=[supply.slug])
    edit_url = reverse("meetings:edit", args=[meeting.pk])
    data = meeting_data(number="2", place="Elsewhere",
                        agenda=[{"order": "1", "title": "Taken over"}])
    for url in (new_url, edit_url):
        for response in (client.get(url), client.post(url, data)):
            if who == "anonymous":
                assert response.status_code == 302 and "login" in response["Location"]
            else:
                assert response.status_code == 403
    assert Meeting.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.place == "Geneva" and meeting.history.count() == 1
    assert [a.title for a in meeting.agenda.all()] == ["Opening"]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert edit_url not in page
    group_page = client.get(reverse("groups:detail", args=[supply.slug])).content.decode()
    assert new_url not in group_page


def test_focal_point_edits_own_country_meeting_only(client, country, other_country,
                                                    focal_point):
    own = Meeting.objects.create(body=Body.COUNTRY, country=country, number=1,
                                 start_date=dt.date(2021, 4, 1))
    foreign = Meeting.objects.create(body=Body.COUNTRY, country=other_country, number=1,
                                     start_date=dt.date(2021, 4, 1), place="Antananarivo")
    client.force_login(focal_point)
    country_page = client.get(f"/en/countries/{country.iso3}/").content.decode()
    assert reverse("meetings:new_country", args=[country.iso3]) in country_page
    response = client.post(reverse("meetings:edit", args=[own.pk]), meeting_data(
        number="1", start_date="2021-04-01", status="held", place="Kathmandu",
        participants=[{"organisation": "Ministry of Labour", "constituency": "government",
                       "role": "chair"}]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.place == "Kathmandu" and own.status == MeetingStatus.HELD
    assert own.participants.get().organisation == "Ministry of Labour"
    response = client.post(reverse("meetings:new_country", args=[country.iso3]),
                           meeting_data(number="2", start_date="2021-10-01"))
    assert response.status_code == 302
    assert Meeting.objects.filter(country=country, number=2).exists()

    for url in (reverse("meetings:edit", args=[foreign.pk]),
                reverse("meetings:new_country", args=[other_country.iso3])):
        assert client.post(url, meeting_data(number="5", place="Kathmandu")).status_code == 403
    foreign.refresh_from_db()
    assert foreign.place == "Antananarivo"
    assert not Meeting.objects.filter(country=other_country, number=5).exists()


@pytest.mark.parametrize("fields, field, message", [
    ({"start_date": "2021-05-04", "end_date": "2021-05-01"}, "end_date",
     "The end date (2021-05-01) is before the date (2021-05-04)."),
    ({"status": "held"}, "start_date", "A meeting that was held needs its date."),
    ({"number": "1", "start_date": "2021-09-01"}, "number",
     "This body already has a meeting number 1."),
])
def test_bad_input_is_named_and_nothing_is_saved(client, chair, groups, fields, field, message):
    supply, migration, _other = groups
    Meeting.objects.create(body=Body.ACTION_GROUP, action_group=supply, number=1,
                           start_date=dt.date(2021, 2, 1))
    second = Meeting.objects.create(body=Body.ACTION_GROUP, action_group=supply, number=2)
    # the same number in another group's sequence is no clash
    Meeting.objects.create(body=Body.ACTION_GROUP, action_group=migration, number=3)
    client.force_login(chair)
    rows = {"agenda": [{"order": "1", "title": "Opening"}],
            "participants": [{"organisation": "ILO", "constituency": "un", "role": "member"}],
            "decisions": [{"order": "1", "text": "Decided"}]}
    for url, number in ((reverse("meetings:new_group", args=[supply.slug]), "4"),
                        (reverse("meetings:edit", args=[second.pk]), "2")):
        response = client.post(url, meeting_data(**rows, **{"number": number, **fields}))
        assert response.status_code == 400
        assert response.context["form"].errors.get(field) == [message]
        assert "Constraint" not in response.content.decode()
    assert Meeting.objects.filter(action_group=supply).count() == 2
    assert not AgendaItem.objects.exists() and not Participant.objects.exists()
    assert not Decision.objects.exists()
    second.refresh_from_db()
    assert second.number == 2 and second.start_date is None and second.status == "planned"
    assert second.history.count() == 1


def test_participant_needs_a_name_and_duration_must_be_positive(client, chair, groups):
    supply, _migration, _other = groups
    client.force_login(chair)
    response = client.post(reverse("meetings:new_group", args=[supply.slug]), meeting_data(
        agenda=[{"order": "1", "title": "Opening", "duration_minutes": "0"}],
        participants=[{"constituency": "un", "role": "member", "remote": "on"}]))
    assert response.status_code == 400
    agenda, participants, _decisions = (response.context["agenda_formset"],
                                        response.context["participant_formset"],
                                        response.context["decision_formset"])
    assert agenda.forms[0].errors["duration_minutes"] == [
        "A duration is a number of minutes above zero."]
    assert participants.forms[0].errors["person"] == ["Name the person or their organisation."]
    assert not Meeting.objects.exists()


def test_secretariat_adds_gcg_meeting_from_the_list(client, secretariat, gcg_member):
    client.force_login(gcg_member)
    assert reverse("meetings:new_gcg") not in client.get(reverse("meetings:list")).content.decode()
    assert client.get(reverse("meetings:new_gcg")).status_code == 403
    client.force_login(secretariat)
    assert reverse("meetings:new_gcg") in client.get(reverse("meetings:list")).content.decode()
    response = client.post(reverse("meetings:new_gcg"), meeting_data(
        number="9", start_date="2022-05-01", status="held", place="Geneva"))
    assert response.status_code == 302
    assert Meeting.objects.get(body=Body.GCG, number=9).place == "Geneva"


def test_edit_page_in_arabic(client, chair, groups):
    supply, _migration, _other = groups
    meeting = Meeting.objects.create(body=Body.ACTION_GROUP, action_group=supply, number=1)
    client.force_login(chair)
    page = client.get(f"/ar/meetings/{meeting.pk}/edit/")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()
    assert "تعديل الاجتماع" in page.content.decode()
