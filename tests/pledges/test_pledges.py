"""Pledges, their reviews, the public list and the report by status."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from target87.partnership.models import Partner
from target87.pledges import services
from target87.pledges.models import PledgeEvent, PledgeReview
from tests.conftest import SEEDS_DIR

SEED = SEEDS_DIR / "004_220b1a3610b1015e.txt"


@pytest.fixture
def events(db):
    services.load_events()
    return {e.slug: e for e in PledgeEvent.objects.all()}


@pytest.fixture
def pledge(secretariat, events, country):
    return services.record_pledge(
        secretariat, event=events[services.IV_GLOBAL_CONFERENCE], country=country,
        text="Adopt a national action plan on child labour", date=dt.date(2017, 11, 15),
        theme="child_labour", target_date=dt.date(2021, 12, 31))


def test_events_match_the_briefing_pack(events):
    text = " ".join(SEED.read_text("utf-8").split())
    assert ("the IV Global Conference on the Sustained Eradication of Child Labour (Buenos "
            "Aires, 14-16 November 2017)") in text
    iv = events[services.IV_GLOBAL_CONFERENCE]
    assert (iv.place, iv.start_date, iv.end_date) == ("Buenos Aires", dt.date(2017, 11, 14),
                                                      dt.date(2017, 11, 16))
    assert "VGC with outcome document and pledges (End 2021)" in text
    assert events[services.V_GLOBAL_CONFERENCE].year == 2021
    assert services.load_events() == 0


def test_review_dated_before_the_pledge_is_refused_and_changes_nothing(secretariat, pledge):
    with pytest.raises(ValidationError) as err:
        services.add_review(secretariat, pledge, date=dt.date(2017, 1, 1), status="achieved")
    assert "before the pledge itself" in err.value.message_dict["date"][0]
    assert not PledgeReview.objects.exists()
    pledge.refresh_from_db()
    assert pledge.status == "not_reviewed"


def test_review_form_shows_the_message(secretariat, pledge, client):
    client.force_login(secretariat)
    response = client.post(f"/en/pledges/{pledge.pk}/",
                           {"date": "2016-05-01", "status": "achieved", "evidence": "x"})
    assert response.status_code == 400
    assert "before the pledge itself" in response.content.decode()
    assert not PledgeReview.objects.exists()


def test_latest_review_gives_the_status_and_the_report(secretariat, focal_point,
                                                       other_focal_point, pledge, events):
    services.add_review(focal_point, pledge, date=dt.date(2019, 6, 1), status="on_track",
                        evidence="Plan drafted")
    with pytest.raises(PermissionDenied):
        services.add_review(other_focal_point, pledge, date=dt.date(2020, 6, 1),
                            status="dropped")
    services.add_review(secretariat, pledge, date=dt.date(2020, 6, 1), status="achieved",
                        evidence="Plan adopted")
    # an older review recorded later does not override the newer one
    services.add_review(secretariat, pledge, date=dt.date(2018, 6, 1), status="not_reported")
    pledge.refresh_from_db()
    assert pledge.status == "achieved"
    partner = Partner.objects.create(name="Global March", partner_type="civil_society")
    services.record_pledge(secretariat, event=events[services.IV_GLOBAL_CONFERENCE],
                           partner=partner, text="Campaign", date=dt.date(2017, 11, 16),
                           theme="child_labour")
    report = services.status_report()
    counts = {g["status"]: g["count"] for g in report["groups"]}
    assert counts == {"achieved": 1, "on_track": 0, "not_reported": 0, "dropped": 0,
                      "not_reviewed": 1}
    assert report["total"] == 2
    assert [g["percent"] for g in report["groups"] if g["status"] == "achieved"] == [50.0]


def test_pledge_needs_one_pledger_and_a_target_after_it(secretariat, events, country):
    partner = Partner.objects.create(name="IOE", partner_type="employers_business")
    with pytest.raises(ValidationError) as err:
        services.record_pledge(secretariat, event=events[services.IV_GLOBAL_CONFERENCE],
                               partner=partner, country=country, text="x",
                               date=dt.date(2017, 11, 15), theme="child_labour",
                               target_date=dt.date(2016, 1, 1))
    assert set(err.value.message_dict) == {"partner", "target_date"}


def test_public_list_filters_downloads_and_hides_unpublished(secretariat, pledge, events,
                                                             client, country):
    hidden = services.record_pledge(secretariat, event=events[services.V_GLOBAL_CONFERENCE],
                                    country=country, text="Secret draft pledge",
                                    date=dt.date(2021, 12, 1), theme="forced_labour",
                                    is_published=False)
    page = client.get("/en/pledges/").content.decode()
    assert "Adopt a national action plan" in page and "Secret draft pledge" not in page
    assert client.get(f"/en/pledges/{hidden.pk}/").status_code == 403
    filtered = client.get("/en/pledges/?theme=forced_labour").content.decode()
    assert "Adopt a national action plan" not in filtered
    csv = client.get("/en/pledges/?format=csv&event=iv-global-conference-2017")
    body = csv.content.decode("utf-8-sig")
    assert "Adopt a national action plan on child labour" in body and "2017-11-15" in body
    assert "Secret draft pledge" not in body
    xlsx = client.get("/ar/pledges/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/ar/pledges/report/iv-global-conference-2017/").status_code == 200
    # the public may not review
    response = client.post(f"/en/pledges/{pledge.pk}/", {"date": "2019-01-01",
                                                         "status": "achieved"})
    assert response.status_code in (302, 403)
    assert not PledgeReview.objects.exists()


def test_menu_leads_to_meetings_pledges_and_the_e_report(client, events):
    html = client.get("/fr/pledges/").content.decode()
    for url in ("/fr/meetings/", "/fr/pledges/", "/fr/pathfinders/e-report/"):
        assert f'href="{url}"' in html, url
    # the conference is named in the reader's language
    assert "IVe Conférence mondiale sur l'élimination durable du travail des enfants" in \
        html.replace("&#x27;", "'")
