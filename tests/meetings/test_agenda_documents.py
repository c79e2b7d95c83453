"""Agenda-item documents on the site: those who may edit a meeting add, replace and remove
them with the project's document checks; others are refused; readers of the meeting (and
only they) open the files; every change is kept in the history."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from target87.meetings.models import AgendaItem, Body, Meeting, MeetingDocument

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(db, country):
    meeting = Meeting.objects.create(body=Body.COUNTRY, country=country, number=1,
                                     start_date=dt.date(2021, 3, 1), is_published=False)
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="National roadmap")
    return meeting, item


def url(meeting, item):
    return reverse("meetings:agenda_documents", args=[meeting.pk, item.pk])


def add(client, meeting, item, name="roadmap.pdf", content=PDF, **fields):
    data = {"action": "add", "new-title": "Draft national roadmap", "new-author": "Ministry",
            "new-date_text": "March 2021", "new-url": ""}
    data.update(fields)
    if name:
        data["new-file"] = SimpleUploadedFile(name, content)
    return client.post(url(meeting, item), data)


def test_focal_point_adds_replaces_and_removes_a_document(client, focal_point, meeting):
    meeting_, item = meeting
    client.force_login(focal_point)
    edit_page = client.get(reverse("meetings:edit", args=[meeting_.pk])).content.decode()
    assert url(meeting_, item) in edit_page
    response = add(client, meeting_, item)
    assert response.status_code == 302
    doc = MeetingDocument.objects.get(agenda_item=item)
    assert doc.meeting == meeting_
    assert doc.citation == "Ministry, Draft national roadmap, March 2021"
    first_file = doc.file.name
    assert first_file.startswith("meetings/documents/") and doc.file.read() == PDF
    # the meeting page links the file, which its readers open
    detail = client.get(meeting_.get_absolute_url()).content.decode()
    assert doc.href in detail
    served = client.get(doc.href)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF

    # replace the file (a PNG scan) and correct the title
    response = client.post(url(meeting_, item), {
        "action": "change", "document": str(doc.pk), f"doc{doc.pk}-title": "National roadmap",
        f"doc{doc.pk}-author": "Ministry", f"doc{doc.pk}-date_text": "March 2021",
        f"doc{doc.pk}-url": "", f"doc{doc.pk}-file": SimpleUploadedFile("scan.png", PNG)})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.title == "National roadmap" and doc.file.name != first_file
    assert doc.file.name.endswith(".png") and doc.file.read() == PNG
    assert [h.file for h in doc.history.order_by("history_date")][0] == first_file

    response = client.post(url(meeting_, item), {"action": "remove", "document": str(doc.pk)})
    assert response.status_code == 302
    assert not MeetingDocument.objects.filter(pk=doc.pk).exists()
    assert MeetingDocument.history.filter(id=doc.pk, history_type="-").exists()


def test_group_chair_and_secretariat_edit_documents_others_do_not(
        client, chair, secretariat, other_focal_point, gcg_member, meeting):
    from target87.groups.models import ActionGroup, GroupChair
    from target87.partnership.models import Partner

    ilo = Partner.objects.create(name="ILO", partner_type="international_organisation")
    group = ActionGroup.objects.create(slug="supply-chains", name_en="Supply Chains")
    GroupChair.objects.create(group=group, organisation=ilo, role="chair", representative=chair)
    group_meeting = Meeting.objects.create(body=Body.ACTION_GROUP, action_group=group)
    group_item = AgendaItem.objects.create(meeting=group_meeting, title="Mapping")
    country_meeting, country_item = meeting

    client.force_login(chair)
    assert add(client, group_meeting, group_item).status_code == 302
    assert add(client, country_meeting, country_item).status_code == 403
    client.force_login(secretariat)
    assert add(client, country_meeting, country_item).status_code == 302
    for outsider in (other_focal_point, gcg_member):
        client.force_login(outsider)
        assert add(client, country_meeting, country_item).status_code == 403
        assert client.get(url(country_meeting, country_item)).status_code == 403
    assert MeetingDocument.objects.count() == 2
    client.logout()
    response = client.get(url(country_meeting, country_item))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_item_of_another_meeting_is_not_found(client, focal_point, meeting, country):
    meeting_, item = meeting
    other = Meeting.objects.create(body=Body.COUNTRY, country=country, number=2)
    client.force_login(focal_point)
    response = client.post(reverse("meetings:agenda_documents", args=[other.pk, item.pk]),
                           {"action": "add", "new-title": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("notes.html", b"<script>alert(1)</script>", "is not an accepted document"),
    ("report.pdf", b"<html>not a pdf</html>", "is named as a PDF file but its content is not"),
    ("scan.png", PDF, "is named as a PNG file but its content is not PNG"),
])
def test_bad_files_are_named_and_nothing_is_saved(client, focal_point, meeting, name, content,
                                                   expected):
    meeting_, item = meeting
    client.force_login(focal_point)
    response = add(client, meeting_, item, name=name, content=content)
    assert response.status_code == 400
    page = response.content.decode()
    assert expected in page.replace("&#x27;", "'") and name in page
    assert not MeetingDocument.objects.exists()


def test_size_limit_is_the_document_setting(client, focal_point, meeting, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    meeting_, item = meeting
    client.force_login(focal_point)
    big = PDF + b"0" * (2 * 1024 * 1024)
    response = add(client, meeting_, item, content=big)
    assert response.status_code == 400
    assert "a document may be at most 2 MB" in response.content.decode()
    assert not MeetingDocument.objects.exists()
    assert add(client, meeting_, item, content=PDF + b"0" * 1024).status_code == 302


def test_title_and_a_source_are_required(client, focal_point, meeting):
    meeting_, item = meeting
    client.force_login(focal_point)
    response = add(client, meeting_, item, name=None, **{"new-title": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Give the document&#x27;s title" in page
    assert "Choose the document&#x27;s file or give a link to it." in page
    response = add(client, meeting_, item, name=None, **{"new-url": "https://example.org/a"})
    assert response.status_code == 302
    assert MeetingDocument.objects.get().href == "https://example.org/a"


def test_files_of_unpublished_meetings_are_not_served_to_outsiders(client, focal_point,
                                                                     other_focal_point,
                                                                     meeting):
    meeting_, item = meeting
    client.force_login(focal_point)
    add(client, meeting_, item)
    doc = MeetingDocument.objects.get()
    client.force_login(other_focal_point)
    assert client.get(doc.href).status_code == 404
    client.logout()
    assert client.get(doc.href).status_code == 404
    meeting_.is_published = True
    meeting_.save()
    assert client.get(doc.href).status_code == 200
