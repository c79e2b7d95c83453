"""Admin change lists show a staff user only the rows whose record page they may open:
no title of an unpublished event or publication or of someone else's draft practice."""

import datetime as dt

import pytest

from target87.knowledge.models import Event, GoodPractice, Publication

pytestmark = pytest.mark.django_db


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def records(country, secretariat):
    hidden_event = Event.objects.create(title="Unannounced strategy retreat", kind="meeting",
                                        start_date=dt.date(2030, 3, 4),
                                        end_date=dt.date(2030, 3, 5), is_published=False)
    hidden_event.countries.add(country)
    shown_event = Event.objects.create(title="Open regional conference", kind="meeting",
                                       start_date=dt.date(2030, 4, 4),
                                       end_date=dt.date(2030, 4, 5), is_published=True)
    shown_event.countries.add(country)
    for title, published in (("Embargoed survey report", False),
                             ("Released annual report", True)):
        Publication.objects.create(title=title, kind="report", year=2030, summary="S",
                                   is_published=published).countries.add(country)
    draft = GoodPractice.objects.create(slug="d", title="Confidential draft practice",
                                        summary="S", sector="cocoa", theme="child_labour",
                                        level="national", submitted_by=secretariat)
    draft.countries.add(country)


@pytest.mark.parametrize("role", ["gcg_member", "focal_point"])
@pytest.mark.parametrize(("url", "hidden", "shown"), [
    ("/en/admin/knowledge/event/", "Unannounced strategy retreat", "Open regional conference"),
    ("/en/admin/knowledge/publication/", "Embargoed survey report", "Released annual report"),
    ("/en/admin/knowledge/goodpractice/", "Confidential draft practice", None),
])
def test_staff_lists_hide_what_the_record_page_refuses(client, request, records, role, url,
                                                       hidden, shown):
    user = staff(request.getfixturevalue(role))
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert hidden not in page
    if shown:
        assert shown in page


def test_secretariat_lists_everything(client, secretariat, records):
    client.force_login(secretariat)
    page = client.get("/en/admin/knowledge/event/").content.decode()
    assert "Unannounced strategy retreat" in page and "Open regional conference" in page


def test_author_lists_their_own_draft(client, focal_point, country):
    draft = GoodPractice.objects.create(slug="mine", title="My own draft practice",
                                        summary="S", sector="cocoa", theme="child_labour",
                                        level="national", submitted_by=focal_point)
    draft.countries.add(country)
    client.force_login(staff(focal_point))
    assert "My own draft practice" in client.get(
        "/en/admin/knowledge/goodpractice/").content.decode()
