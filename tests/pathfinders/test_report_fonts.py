import re
import zlib

import pytest

from target87.pathfinders.reference import load_pathfinder_data

from .test_report_pdf_jobs import fetch_pdf

pytestmark = pytest.mark.django_db(transaction=True)  # the worker runs (see fetch_pdf)


@pytest.fixture
def seeded(db):
    load_pathfinder_data()


def _font_names(client, lang) -> set[str]:
    response = fetch_pdf(client, f"/{lang}/pathfinders/NPL/report.pdf")
    pdf = b"".join(response.streaming_content)
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    names = re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9_-]+)", b"".join(parts))
    return {n.decode() for n in names}


def test_chinese_report_pdf_embeds_the_bundled_font(client, seeded):
    # the same PDF on every server, whether or not it has Chinese fonts of its own
    assert any(n.startswith("Target87-Sans-SC") for n in _font_names(client, "zh-hans"))


def test_english_report_pdf_needs_no_chinese_font(client, seeded):
    names = _font_names(client, "en")
    assert names and not any(n.startswith("Target87") for n in names)
