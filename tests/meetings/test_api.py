"""The read-only API serves published meetings, the GCG composition, pledges and the
e-report; nothing unpublished."""

import datetime as dt

from target87.meetings.models import Body, Meeting
from target87.meetings.seed import load_meetings


def test_meetings_api_serves_published_only(client, db):
    load_meetings()
    hidden = Meeting.objects.create(body=Body.GCG, number=99, start_date=dt.date(2022, 1, 1),
                                    is_published=False)
    data = client.get("/api/meetings/?body=gcg").json()
    numbers = [m["number"] for m in data["items"]]
    assert numbers == [7, 6] and data["count"] == 2
    sixth = next(m for m in data["items"] if m["number"] == 6)
    detail = client.get(f"/api/meetings/{sixth['id']}/").json()
    assert detail["place"] == "Paris" and detail["start_date"] == "2019-11-12"
    assert len(detail["agenda"]) == 9
    assert {p["owner"] for p in detail["action_points"]} == {"Secretariat", "All GCG members",
                                                            "Chair"}
    assert "curation_note" not in detail
    assert client.get(f"/api/meetings/{hidden.pk}/").status_code == 404
    assert client.get("/api/meetings/?body=committee").status_code == 400
    members = client.get("/api/gcg/members/").json()
    assert {"organisation": "Free the Slaves"}.items() <= next(
        m for m in members if m["organisation"] == "Free the Slaves").items()


def test_pledges_and_e_report_api(client, cycle_2020):
    data = client.get("/api/pledges/?event=iv-global-conference-2017").json()
    assert [p["text"] for p in data["items"]] == ["Ratify the Forced Labour Protocol"]
    assert data["items"][0]["reviews"][0]["status"] == "achieved"
    assert client.get("/api/pledges/?status=finished").status_code == 400
    report = client.get("/api/pledges/report/iv-global-conference-2017/").json()
    assert report["total"] == 1
    ereport = client.get("/api/e-report/2020/").json()
    nepal = next(c for c in ereport["countries"] if c["iso3"] == "NPL")
    madagascar = next(c for c in ereport["countries"] if c["iso3"] == "MDG")
    assert nepal["answers"]["highlights"] == "Nepal adopted its master plan"
    assert madagascar["answers"] == {} and madagascar["indicators"] == []
    assert {m["currency"]: m["gap"] for m in ereport["totals"]} == {"EUR": 15000.0,
                                                                    "USD": 110000.0}
    assert client.get("/api/e-report/1999/").status_code == 404
