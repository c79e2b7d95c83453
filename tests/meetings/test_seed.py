"""The seeded GCG meetings say what the briefing pack of the 7th meeting says."""

import datetime as dt

import pytest

from target87.meetings.models import Body, Constituency, GCGMember, Meeting
from target87.meetings.seed import load_meetings
from tests.conftest import SEEDS_DIR

SEED = SEEDS_DIR / "004_220b1a3610b1015e.txt"


@pytest.fixture
def seed_text():
    if not SEED.exists():
        pytest.fail(f"the briefing pack is expected at {SEED}")
    # the text breaks lines inside sentences: compare on single spaces
    return " ".join(SEED.read_text("utf-8").split())


@pytest.fixture
def seeded(db):
    load_meetings()
    return {m.number: m for m in Meeting.objects.filter(body=Body.GCG)}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_loading_twice_changes_nothing(db):
    assert load_meetings() > 0
    assert load_meetings() == 0


def test_sixth_meeting_paris_12_november_2019(seeded, seed_text):
    sixth = seeded[6]
    assert "Paris 12th November, 2019" in seed_text
    assert sixth.start_date == dt.date(2019, 11, 12)
    assert sixth.place == "Paris" and not sixth.virtual
    assert "Some 40 participants attended the meeting, 10 of which connected remotely" in \
        seed_text
    assert sixth.attendance_note.startswith("Some 40 participants attended the meeting, 10 of")


def test_sixth_meeting_agenda_is_the_reports_nine_points(seeded, seed_text):
    titles = [a.title for a in seeded[6].agenda.all()]
    assert len(titles) == 9
    for n, title in enumerate(titles, 1):
        assert f"{n}. {title}" in seed_text, title


def test_sixth_meeting_decisions_quote_the_report(seeded, seed_text):
    decisions = [flat(d.text) for d in seeded[6].decisions.all()]
    assert "the meeting report which was subsequently adopted" in seed_text
    assert any("5th meeting" in d and "adopted" in d for d in decisions)
    quoted = ("The next meeting would likely take place in May in Vienna, pending further "
              "coordination with UNODC.")
    assert quoted.replace("The next", "the next") in seed_text
    assert quoted in decisions
    assert "this agenda point was postponed to the next meeting" in seed_text
    assert any("postponed to the next meeting" in d for d in decisions)


def test_sixth_meeting_action_points_and_owners(seeded, seed_text):
    points = {flat(p.text): p.owner for p in seeded[6].action_points.all()}
    assert ("The Chair requested the Secretariat to present the draft amendments to the "
            "Guidance Note which would be submitted for comments to GCG members") in seed_text
    text = ("Present the draft amendments to the Pathfinder Country Guidance Note, to be "
            "submitted for comments to GCG members.")
    assert points[text] == "Secretariat"
    assert ("The Chair invited all GCG members to submit written comments and suggestions, "
            "on the proposed amendments to the pathfinder country guidance note") in seed_text
    assert points["Submit written comments and suggestions on the proposed amendments to the "
                  "pathfinder country guidance note."] == "All GCG members"
    assert ("It was agreed to circulate the Network Communications Strategy to all GCG "
            "members, inviting them to join the Communications Working Group") in seed_text
    assert any(owner == "Secretariat" and "Network Communications Strategy" in text
               for text, owner in points.items())
    assert all(owner for owner in points.values())


def test_seventh_meeting_virtual_19_may_2020_with_its_agenda(seeded, seed_text):
    seventh = seeded[7]
    assert "19th May 2020" in seed_text and "Virtual meeting through Zoom" in seed_text
    assert seventh.start_date == dt.date(2020, 5, 19) and seventh.virtual
    assert "chaired by Ms. Anousheh Karvar" in seed_text
    assert seventh.chair == "Ms. Anousheh Karvar"
    agenda = list(seventh.agenda.all())
    expected = [("Welcome of the Chair and COVID-19 challenge", 30),
                ("2021 Roadmap: UN Resolution and V Global Conference", 15),
                ("Update on pathfinder countries in light of COVID-19", 40),
                ("Thematic Action Groups and Working Groups", 30),
                ("Updates from partners", 40)]
    for (title, minutes), item in zip(expected, agenda, strict=False):
        assert f"{title} ({minutes} min)" in seed_text
        assert (item.title, item.duration_minutes) == (title, minutes)
    assert "Closing remarks and next steps (Chair) – 5 min." in seed_text
    assert (agenda[5].title, agenda[5].duration_minutes, agenda[5].presenter) == (
        "Closing remarks and next steps", 5, "Chair")
    # the agenda item on pathfinders announces the e-report
    assert "Presentation of outline of pathfinder e-report and discussion of dissemination" \
        in seed_text
    assert any("pathfinder e-report" in p for p in agenda[2].point_list())
    assert agenda[4].point_list() == ["IOE", "ITUC", "Civil Society", "UNU/Delta 8.7", "ICAT",
                                      "IPCCLA", "OSCE"]


def test_seventh_objective_quotes_the_agenda(seeded, seed_text):
    first = seeded[7].agenda.first()
    assert flat(first.objective)[:60] in seed_text.replace("COVID19", "COVID-19")


def test_gcg_civil_society_seats(seeded, seed_text):
    assert ("a partnership that will be the 3 rd representative of Civil Society on the Global "
            "Coordinating Group alongside Free the Slaves and the Global March Against Child "
            "Labour") in seed_text
    civil = set(GCGMember.objects.filter(constituency=Constituency.CIVIL_SOCIETY)
                .values_list("organisation", flat=True))
    assert civil == {"Global Alliance Against Trafficking in Women", "Free the Slaves",
                     "Global March Against Child Labour"}
    chair = GCGMember.objects.get(role="chair")
    assert chair.organisation == "France"
    assert "France, as Chair of Alliance 8.7" in seed_text


def test_an_edited_gcg_member_is_not_seeded_again(db):
    load_meetings()
    count = GCGMember.objects.count()
    member = GCGMember.objects.order_by("pk").first()
    member.organisation = member.organisation + " (renamed)"
    member.save()
    assert load_meetings() == 0
    assert GCGMember.objects.count() == count
