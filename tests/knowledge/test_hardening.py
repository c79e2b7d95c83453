"""Submitting a practice that cannot be submitted gives a message, never a server error."""

import html

from target87.knowledge import services
from target87.knowledge.models import GoodPractice, PracticeStatus

from .test_workflow import FORM


def published_practice(author, secretariat):
    practice = services.save_practice(author, GoodPractice(**FORM), [])
    services.submit_practice(author, practice)
    services.review_practice(secretariat, practice, publish=True)
    return practice


def test_submitting_a_published_practice_from_the_edit_form_shows_why(db, client, partner_user,
                                                                      secretariat):
    practice = published_practice(partner_user, secretariat)
    client.force_login(secretariat)
    response = client.post(f"/en/knowledge/practices/{practice.slug}/edit/",
                           {**FORM, "summary": "Committees visit every home.", "submit": "1"},
                           follow=True)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert ("The changes were saved, but the practice was not submitted for review: "
            "Only a draft or a returned practice can be submitted.") in page
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.summary == "Committees visit every home."


def test_the_message_is_translated(db, client, partner_user, secretariat):
    practice = published_practice(partner_user, secretariat)
    client.force_login(secretariat)
    response = client.post(f"/fr/knowledge/practices/{practice.slug}/edit/",
                           {**FORM, "submit": "1"}, follow=True)
    page = html.unescape(response.content.decode())
    assert "Les modifications ont été enregistrées, mais la pratique n'a pas été soumise" in page
