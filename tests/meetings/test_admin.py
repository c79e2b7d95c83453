"""The admin path keeps the same rules: an action point without owner and a pledge review
dated before its pledge are refused with the message, and nothing is saved."""

import datetime as dt

from target87.meetings.models import ActionPoint, Body, Meeting
from target87.pledges import services as pledges
from target87.pledges.models import PledgeEvent, PledgeReview


def inline_management(prefix, total=1):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_admin_refuses_action_point_without_owner(client, secretariat):
    client.force_login(secretariat)
    data = {"body": "gcg", "number": "8", "start_date": "2020-11-10", "status": "planned",
            "is_published": "on", "place": "", "time": "", "title": "", "chair": "",
            "objectives": "", "report": "", "attendance_note": "", "source": "",
            "curation_note": ""}
    for prefix in ("agenda", "participants", "decisions", "documents"):
        data |= inline_management(prefix, 0)
    data |= inline_management("action_points", 1)
    data |= {"action_points-0-order": "1", "action_points-0-text": "Prepare the e-report",
             "action_points-0-owner": "", "action_points-0-status": "open"}
    response = client.post("/en/admin/meetings/meeting/add/", data)
    assert response.status_code == 200
    assert "An action point needs an owner" in response.content.decode()
    assert not Meeting.objects.filter(number=8).exists()
    assert not ActionPoint.objects.exists()
    data["action_points-0-owner"] = "Secretariat"
    response = client.post("/en/admin/meetings/meeting/add/", data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=Body.GCG, number=8)
    assert meeting.action_points.get().owner == "Secretariat"


def test_admin_refuses_review_before_the_pledge(client, secretariat, country):
    pledges.load_events()
    event = PledgeEvent.objects.get(slug=pledges.IV_GLOBAL_CONFERENCE)
    pledge = pledges.record_pledge(secretariat, event=event, country=country, text="Plan",
                                   date=dt.date(2017, 11, 15), theme="child_labour")
    client.force_login(secretariat)
    data = {"event": event.pk, "country": country.pk, "partner": "", "text": "Plan",
            "date": "2017-11-15", "theme": "child_labour", "target_date": "",
            "is_published": "on", "source": ""}
    data |= inline_management("reviews", 1)
    data |= {"reviews-0-date": "2016-01-01", "reviews-0-status": "achieved",
             "reviews-0-evidence": "", "reviews-0-evidence_url": ""}
    url = f"/en/admin/pledges/pledge/{pledge.pk}/change/"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "before the pledge itself" in response.content.decode()
    assert not PledgeReview.objects.exists()
    data["reviews-0-date"] = "2019-01-01"
    assert client.post(url, data).status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == "achieved"
