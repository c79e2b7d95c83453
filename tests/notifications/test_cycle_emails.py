"""A questionnaire's workflow told by email through a real SMTP server: submitted to the
Secretariat, comment and return to the focal point (in French), resubmitted, approved and
published; the annual review proposed to the Secretariat and the GCG."""

import pytest
from django.core.management import call_command

from target87.monitoring import services
from target87.notifications import services as notifications
from tests.monitoring import conftest as monitoring

from .conftest import body_text

# the monitoring tests' fixtures: the catalogue, Nepal as a pathfinder, the 2020 cycle
catalogue, pathfinder = monitoring.catalogue, monitoring.pathfinder
cycle, questionnaire = monitoring.cycle, monitoring.questionnaire

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection


def fill(q, user):
    services.save_draft(q, user, {
        "q1_progress": "National action plan validated",
        "q3_highlights": "Coordination matters",
        "q5_next_steps": "Survey in 2021",
        "v__CL_PREV_ECON__value": "15.3",
        "v__CL_PREV_ECON__source": "NCLS 2018",
    })


def subjects(smtp, address):
    return [message["Subject"].strip() for message in smtp.inbox.to(address)]


def test_questionnaire_workflow_emails(smtp, questionnaire, focal_point, secretariat,
                                       gcg_member):
    for user, address in [(focal_point, "fp@example.org"), (secretariat, "sec@example.org"),
                          (gcg_member, "gcg@example.org")]:
        user.email = address
        user.save()
    notifications.set_preferences(focal_point, language="fr")

    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    services.add_review_comment(questionnaire, secretariat, "q1_progress", "Say which plan")
    services.return_questionnaire(questionnaire, secretariat)
    fill(questionnaire, focal_point)
    services.submit_questionnaire(questionnaire, focal_point)
    services.approve_and_publish(questionnaire, secretariat)
    call_command("worker", batch=True, interval=0.01)

    to_secretariat = subjects(smtp, "sec@example.org")
    assert to_secretariat.count("Nepal submitted its 2020 progress questionnaire") == 2
    assert any(s.startswith("Annual review of Nepal for 2020") for s in to_secretariat)
    assert any(s.startswith("Annual review of Nepal for 2020")
               for s in subjects(smtp, "gcg@example.org"))
    to_focal_point = subjects(smtp, "fp@example.org")
    assert len(to_focal_point) == 4  # comment, returned, approved, published
    assert all("2020" in subject for subject in to_focal_point)
    # written for the focal point in French: the frame of every email, and its language
    for message in smtp.inbox.to("fp@example.org"):
        text = body_text(message)
        assert text.startswith("Bonjour fp,") and "Se désabonner" in text
        assert message["Content-Language"].strip() == "fr"
        assert "http://platform.test/fr/" in text
    comment = smtp.inbox.to("fp@example.org")[0]
    assert "Say which plan" in body_text(comment)  # the reviewer's words, as written
    assert comment["List-Unsubscribe"]
    assert not subjects(smtp, "gcg@example.org")[1:]  # the GCG: only the review to record
