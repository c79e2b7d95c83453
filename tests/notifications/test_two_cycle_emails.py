"""The two-cycle run of one country (tests/monitoring/test_two_cycles.py) told by email
through a real SMTP server: what each person reads back, year by year."""

import datetime as dt

import pytest
from django.core.management import call_command

from target87.pathfinders import services as pathfinders
from target87.pathfinders.models import PathfinderCountry, PathfinderStatus
from tests.monitoring import conftest as monitoring
from tests.monitoring.test_two_cycles import open_cycle, run_cycle
from tests.pathfinders.test_review_edges import admit

from .conftest import body_text

catalogue = monitoring.catalogue

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection

D = dt.date


def subjects(smtp, address):
    return [message["Subject"].strip() for message in smtp.inbox.to(address)]


def test_two_cycles_read_back_from_the_mail_server(
    smtp, catalogue, country, focal_point, secretariat, gcg_member
):
    for user, address in [(focal_point, "fp@example.org"), (secretariat, "sec@example.org"),
                          (gcg_member, "gcg@example.org")]:
        user.email = address
        user.save()
    nepal = admit(PathfinderCountry.objects.create(country=country), secretariat,
                  D(2019, 1, 10))

    for year, progress, date in ((2020, False, D(2020, 12, 1)),
                                 (2021, False, D(2021, 12, 2))):
        q = open_cycle(year).questionnaires.get(country=country)
        run_cycle(year, q, focal_point, secretariat, f"Plan drafted ({year})")
        pathfinders.record_annual_review(nepal, year, progress, f"Approved {year}",
                                         gcg_member, date=date, questionnaire_id=q.pk)
    nepal.refresh_from_db()
    pathfinders.confirm_hold(nepal, secretariat)
    q22 = open_cycle(2022).questionnaires.get(country=country)
    run_cycle(2022, q22, focal_point, secretariat, "Plan adopted")
    pathfinders.record_annual_review(nepal, 2022, True, "Approved 2022", gcg_member,
                                     date=D(2022, 11, 30), questionnaire_id=q22.pk)
    nepal.refresh_from_db()
    assert nepal.status == PathfinderStatus.ACTIVE
    call_command("worker", batch=True, interval=0.01)

    to_secretariat = subjects(smtp, "sec@example.org")
    to_gcg = subjects(smtp, "gcg@example.org")
    to_focal_point = subjects(smtp, "fp@example.org")
    for year in (2020, 2021, 2022):
        # submitted, then resubmitted after the return
        assert to_secretariat.count(f"Nepal submitted its {year} progress questionnaire") == 2
        # the approved questionnaire proposes the year's annual review to both bodies
        assert sum(s.startswith(f"Annual review of Nepal for {year}") for s in to_secretariat)
        assert sum(s.startswith(f"Annual review of Nepal for {year}") for s in to_gcg) == 1
        # the focal point reads the comment, the return, the approval and the publication
        assert sum(str(year) in s for s in to_focal_point) == 4
    for message in smtp.inbox.to("fp@example.org"):
        assert "Unsubscribe" in body_text(message) and message["List-Unsubscribe"]
