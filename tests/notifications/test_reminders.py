"""Deadline reminders for the questionnaires of the open reporting cycle: 14 days, 3 days,
overdue, each once; the periodic run from cron or the worker."""

import datetime as dt

import pytest
from django.core.management import call_command

from target87.notifications import kinds, services
from target87.notifications.models import Notification
from target87.notifications.reminders import send_deadline_reminders

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2021, 3, 31)


@pytest.fixture
def questionnaire(country):
    from target87.monitoring.models import Questionnaire, ReportingCycle

    cycle = ReportingCycle.objects.create(year=2021, opens_on=dt.date(2021, 1, 1),
                                          deadline=DEADLINE)
    return Questionnaire.objects.create(cycle=cycle, country=country)


def reminders(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk")
                .values_list("kind", flat=True))


def test_each_stage_once(questionnaire, focal_point, other_focal_point):
    services.set_preferences(focal_point, language="fr")
    assert send_deadline_reminders(DEADLINE - dt.timedelta(days=20)) == 0
    assert send_deadline_reminders(DEADLINE - dt.timedelta(days=14)) == 1
    assert send_deadline_reminders(DEADLINE - dt.timedelta(days=13)) == 0  # already told
    assert send_deadline_reminders(DEADLINE - dt.timedelta(days=3)) == 1
    assert send_deadline_reminders(DEADLINE + dt.timedelta(days=1)) == 1
    assert send_deadline_reminders(DEADLINE + dt.timedelta(days=8)) == 0
    assert reminders(focal_point) == [kinds.DEADLINE_14, kinds.DEADLINE_3, kinds.OVERDUE]
    assert reminders(other_focal_point) == []  # not Madagascar's questionnaire
    first = Notification.objects.filter(recipient=focal_point).order_by("pk").first()
    assert first.subject == ("Népal : le questionnaire d’avancement 2021 est à rendre dans "
                             "14 jours")
    assert first.url == "/fr/monitoring/questionnaires/NPL/2021/"


def test_submitted_questionnaire_is_not_reminded(questionnaire, focal_point):
    from django.utils import timezone

    questionnaire.status = "submitted"
    questionnaire.submitted_at = timezone.now()
    questionnaire.save()
    assert send_deadline_reminders(DEADLINE + dt.timedelta(days=1)) == 0


def test_closed_cycle_is_not_reminded(questionnaire, focal_point):
    from django.utils import timezone

    questionnaire.cycle.closed_at = timezone.now()
    questionnaire.cycle.save()
    assert send_deadline_reminders(DEADLINE - dt.timedelta(days=2)) == 0


def test_missed_runs_send_only_the_current_stage(questionnaire, focal_point):
    assert send_deadline_reminders(DEADLINE - dt.timedelta(days=2)) == 1
    assert reminders(focal_point) == [kinds.DEADLINE_3]


def test_cron_command_and_worker_schedule(questionnaire, focal_point, capsys):
    call_command("notifications", "periodic")
    assert "reminders" in capsys.readouterr().out
    from django.apps import apps

    from target87.notifications.apps import NotificationsConfig

    config = apps.get_app_config("notifications")
    assert isinstance(config, NotificationsConfig)
    assert config.load_reference_data(None) == 1  # the hourly run is queued once
    assert config.load_reference_data(None) == 0
