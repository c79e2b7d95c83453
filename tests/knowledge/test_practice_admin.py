"""Good practices in the admin: listed and searchable, content editable by the Secretariat,
the review workflow untouched."""

import pytest

from target87.knowledge.models import GoodPractice, PracticeStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(seeded):
    return GoodPractice.objects.all()


def test_secretariat_finds_a_practice_in_the_admin(client, secretariat, practices):
    client.force_login(secretariat)
    practice = practices.first()
    response = client.get("/en/admin/knowledge/goodpractice/", {"q": practice.title[:20]})
    assert response.status_code == 200
    assert practice.title in response.content.decode()
    page = client.get(f"/en/admin/knowledge/goodpractice/{practice.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "status" not in form.fields  # read-only: the workflow stays on the site


def test_admin_cannot_publish_by_posting_a_status(client, secretariat, practices):
    practice = practices.filter(status=PracticeStatus.PUBLISHED).first()
    client.force_login(secretariat)
    url = f"/en/admin/knowledge/goodpractice/{practice.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data["countries"] = [c.pk for c in practice.countries.all()]
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data |= {"status": PracticeStatus.DRAFT, "title": practice.title + " (corrected)"}
    for prefix in ("translations", "attachments"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.title.endswith("(corrected)")
    assert practice.status == PracticeStatus.PUBLISHED


def test_partner_without_staff_cannot_open_the_admin(client, partner_user, practices):
    client.force_login(partner_user)
    response = client.get("/en/admin/knowledge/goodpractice/")
    assert response.status_code == 302
