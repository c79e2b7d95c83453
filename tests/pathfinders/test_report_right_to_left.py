"""The Arabic workshop report in Word is laid out right to left throughout: paragraphs,
table cells, tables (first column on the right) and the page sections."""

import datetime as dt
import io
import zipfile

import pytest
from lxml import etree

from target87.pathfinders.models import NationalPriority, RoadmapAction
from target87.pathfinders.reference import load_pathfinder_data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def roadmap(db):
    load_pathfinder_data()
    priority = NationalPriority.objects.filter(country__iso3="NPL").first()
    RoadmapAction.objects.create(priority=priority, title="Train 200 labour inspectors",
                                 lead="MOLESS", partners="ILO, UNICEF",
                                 target_date=dt.date(2021, 12, 31), status="in_progress",
                                 resources_required=250000, resources_available=100000,
                                 currency="USD")


def _document(client, lang):
    response = client.get(f"/{lang}/pathfinders/NPL/report.docx")
    assert response.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml")
    return etree.fromstring(xml)


def _paragraphs_with_text(root):
    return [p for p in root.iter(W + "p") if "".join(p.itertext()).strip()]


def test_arabic_docx_is_right_to_left_in_paragraphs_tables_and_sections(client, roadmap):
    root = _document(client, "ar")
    paragraphs = _paragraphs_with_text(root)
    assert paragraphs
    for p in paragraphs:
        ppr = p.find(W + "pPr")
        assert ppr is not None and ppr.find(W + "bidi") is not None, "".join(p.itertext())
        assert ppr.find(W + "jc").get(W + "val") in ("right", "end")
        for run in p.iter(W + "r"):
            assert run.find(W + "rPr/" + W + "rtl") is not None
    tables = list(root.iter(W + "tbl"))
    assert tables, "the roadmap and funding gap are tables"
    for table in tables:
        assert table.find(W + "tblPr/" + W + "bidiVisual") is not None
    cell_texts = ["".join(tc.itertext()) for tc in root.iter(W + "tc")]
    assert "Train 200 labour inspectors" in " ".join(cell_texts)
    sections = list(root.iter(W + "sectPr"))
    assert sections and all(s.find(W + "bidi") is not None for s in sections)


def test_english_docx_stays_left_to_right(client, roadmap):
    root = _document(client, "en")
    assert not list(root.iter(W + "bidi"))
    assert not list(root.iter(W + "bidiVisual"))
    assert not list(root.iter(W + "rtl"))


def test_arabic_docx_keeps_english_priority_titles_whole(client, roadmap):
    priority = NationalPriority.objects.filter(country__iso3="NPL").first()
    root = _document(client, "ar")
    texts = ["".join(p.itertext()) for p in root.iter(W + "p")]
    # "1. ⁦title⁩": the number stays before the title, not after it
    assert any(t.startswith("1. \u2066" + priority.title + "\u2069") for t in texts), texts
