import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from target87.pathfinders.models import (
    NationalPriority,
    PathfinderStatus,
    RoadmapAction,
    StatusTransition,
)
from target87.pathfinders.reference import load_pathfinder_data

from .conftest import held_workshop, letter

S = PathfinderStatus


@pytest.fixture
def seeded(db):
    load_pathfinder_data()


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar", "zh-hans", "ru"])
def test_list_page_has_map_table_timeline(client, seeded, lang):
    response = client.get(f"/{lang}/pathfinders/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 2          # map and timeline
    assert "/pathfinders/MWI/" in html


def test_list_filters_by_status_and_region(client, seeded):
    html = client.get("/en/pathfinders/?status=active").content.decode()
    assert "/pathfinders/NPL/" in html and "/pathfinders/GTM/" not in html
    html = client.get("/en/pathfinders/?region=Americas").content.decode()
    assert "/pathfinders/MEX/" in html and "/pathfinders/NPL/\"" not in html
    assert client.get("/en/pathfinders/?status=bogus&region=bogus").status_code == 200


def test_detail_page_shows_history_priorities_and_rule(client, seeded, secretariat):
    html = client.get("/en/pathfinders/NPL/").content.decode()
    assert "February 7, 2019" in html
    assert "Achieve 10 child labour free municipalities by 2020" in html
    assert "consecutive reviews" not in html  # the rule is explained to the staff
    client.force_login(secretariat)
    assert "consecutive reviews" in client.get("/en/pathfinders/NPL/").content.decode()
    client.logout()
    html = client.get("/en/pathfinders/NPL/").content.decode()
    assert "report.pdf" in html and "report.docx" in html
    assert client.get("/en/pathfinders/XXX/").status_code == 404


def test_country_page_has_pathfinder_section(client, seeded):
    html = client.get("/en/countries/NPL/").content.decode()
    assert 'id="section-pathfinder"' in html


def test_transition_form_explains_illegal_move(client, seeded, secretariat):
    client.force_login(secretariat)
    before = StatusTransition.objects.count()
    response = client.post(reverse("pathfinders:transition", args=["GTM"]),
                           {"to_status": S.ACTIVE, "date": "2020-05-01"})
    assert response.status_code == 200
    assert "cannot move from" in response.content.decode()
    assert StatusTransition.objects.count() == before


def test_transition_form_award_with_letter(client, country, secretariat):
    from .conftest import make_pathfinder

    pf = make_pathfinder(country, status=S.REPORTED_TO_GCG)
    held_workshop(country)
    client.force_login(secretariat)
    url = reverse("pathfinders:transition", args=["NPL"])
    response = client.post(url, {"to_status": S.ACTIVE, "date": "2020-05-01"})
    assert "confirmation letter" in response.content.decode()
    response = client.post(url, {"to_status": S.ACTIVE, "date": "2020-05-01",
                                 "document": letter(), "note": "Chair's letter"})
    assert response.status_code == 302
    pf.refresh_from_db()
    assert pf.status == S.ACTIVE


def test_focal_point_cannot_open_status_form(client, seeded, focal_point):
    client.force_login(focal_point)
    assert client.get(reverse("pathfinders:transition", args=["NPL"])).status_code == 403
    assert client.get(reverse("pathfinders:edit", args=["NPL"])).status_code == 403


def test_review_form_for_gcg_member(client, seeded, gcg_member, focal_point):
    url = reverse("pathfinders:review_new", args=["NPL"])
    client.force_login(focal_point)
    assert client.get(url).status_code == 403
    client.force_login(gcg_member)
    response = client.post(url, {"year": "2020", "evidence": ""})
    assert "evidence" in response.content.decode().lower()
    response = client.post(url, {"year": "2020", "evidence": "Progress report 2020",
                                 "substantial_progress": "on"})
    assert response.status_code == 302


@pytest.fixture
def roadmap(seeded):
    priority = NationalPriority.objects.filter(country__iso3="NPL").first()
    RoadmapAction.objects.create(priority=priority, title="Train 200 labour inspectors",
                                 lead="MOLESS", partners="ILO, UNICEF",
                                 target_date=dt.date(2021, 12, 31), status="in_progress",
                                 resources_required=250000, resources_available=100000,
                                 currency="USD")


SECTION_TITLES = ["Table of contents", "Executive summary", "Context and background",
                  "Priorities", "Roadmap (operational plan)", "Funding gap",
                  "Information on the Alliance 8.7 focal point"]


def test_report_html_has_every_annex_1_section(client, roadmap):
    html = client.get("/en/pathfinders/NPL/report/").content.decode()
    for title in SECTION_TITLES + ["Strategic planning workshop report", "Partners"]:
        assert title in html
    assert "150,000.00" in html
    assert "0 done, 1 in progress." in html


def test_report_of_a_workshop_without_roadmap_actions_says_so(client, nepal):
    held_workshop(nepal.country)
    html = client.get("/en/pathfinders/NPL/report/").content.decode()
    summary = html.split('id="summary"')[1].split("</section>")[0]
    assert "No roadmap actions recorded yet." in summary and "0 actions" not in summary


@pytest.mark.django_db(transaction=True)  # the worker runs (see fetch_pdf)
def test_report_pdf_renders_every_section(client, roadmap, tmp_path):
    from .test_report_pdf_jobs import fetch_pdf

    response = fetch_pdf(client, "/en/pathfinders/NPL/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF"
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          text=True).stdout
    for title in SECTION_TITLES:
        assert title in text


def test_report_docx_in_page_language(client, roadmap):
    from docx import Document

    response = client.get("/fr/pathfinders/NPL/report.docx")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Népal" in text
    assert "Train 200 labour inspectors" in "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_command_transition(seeded, secretariat, focal_point):
    out = io.StringIO()
    call_command("pathfinder", "transition", "gtm", "withdrawn", "--user", secretariat.username,
                 "--date", "2020-06-01", "--note", "letter", stdout=out)
    assert "GTM: expression_of_interest → withdrawn" in out.getvalue()
    with pytest.raises(CommandError, match="cannot move from"):
        call_command("pathfinder", "transition", "GHA", "active", "--user",
                     secretariat.username)
    with pytest.raises(CommandError, match="may not change"):
        call_command("pathfinder", "transition", "GHA", "withdrawn", "--user",
                     focal_point.username)
    with pytest.raises(CommandError, match="--date"):
        call_command("pathfinder", "transition", "GHA", "withdrawn", "--user",
                     secretariat.username, "--date", "2020-13-01")
    with pytest.raises(CommandError, match="not in the pathfinder list"):
        call_command("pathfinder", "transition", "FRA", "withdrawn", "--user",
                     secretariat.username)


def test_timeline_lists_undated_workshops_last(client, seeded):
    html = client.get("/en/pathfinders/").content.decode()
    timeline = html[html.index('class="timeline"'):]
    # Malawi (26 March 2020, postponed) is the last dated workshop; Sri Lanka has no date yet.
    assert timeline.index("/pathfinders/MWI/") < timeline.index("/pathfinders/LKA/")
    assert timeline.index("/pathfinders/MDG/") < timeline.index("/pathfinders/MWI/")


def test_report_without_actions_says_so_instead_of_an_empty_table(client, seeded):
    html = client.get("/fr/pathfinders/NPL/report/").content.decode()
    roadmap = html[html.index('id="roadmap"'):html.index('id="funding-gap"')]
    assert "Aucune action de feuille de route enregistrée." in roadmap
    assert "<table" not in roadmap


def test_charts_keep_left_to_right_layout_in_arabic(client, seeded):
    html = client.get("/ar/pathfinders/").content.decode()
    assert html.count('<div dir="ltr"><svg') == 2


def test_report_exists_only_for_a_held_workshop(client, seeded):
    from target87.pathfinders.models import Workshop, WorkshopStatus

    assert not Workshop.objects.filter(country__iso3="GHA", status=WorkshopStatus.HELD).exists()
    html = client.get("/en/pathfinders/GHA/").content.decode()
    assert 'id="no-workshop-held"' in html
    assert "/en/pathfinders/GHA/report/" not in html and "report.pdf" not in html
    for url in ["/en/pathfinders/GHA/report/", "/en/pathfinders/GHA/report.pdf",
                "/en/pathfinders/GHA/report.docx"]:
        assert client.get(url).status_code == 404, url
    # a planned workshop gives no report either; once held, the report is there
    ws = Workshop.objects.create(country_id=client.get("/en/pathfinders/GHA/").context[
        "country"].pk, status=WorkshopStatus.PLANNED, start_date=dt.date(2031, 3, 1))
    assert client.get("/en/pathfinders/GHA/report/").status_code == 404
    ws.status = WorkshopStatus.HELD
    ws.save()
    assert client.get("/en/pathfinders/GHA/report/").status_code == 200
    assert "/en/pathfinders/GHA/report/" in client.get("/en/pathfinders/GHA/").content.decode()
    assert 'id="no-workshop-held"' not in client.get("/en/pathfinders/GHA/").content.decode()
