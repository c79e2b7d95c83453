"""The e-report PDF, rendered by the worker, in English and Arabic."""

import shutil
import subprocess

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)  # the worker runs


def fetch_pdf(client, url) -> bytes:
    response = client.get(url)
    if response.status_code == 202:
        call_command("worker", batch=True, interval=0.01)
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdf_in_english_and_arabic(client, cycle_2020, tmp_path):
    english = fetch_pdf(client, "/en/pathfinders/e-report/2020.pdf")
    assert english.startswith(b"%PDF")
    text = " ".join(pdf_text(english, tmp_path).split())
    assert "Pathfinder e-report 2020" in text
    assert "Nepal adopted its master plan" in text
    assert "Madagascar draft not yet approved" not in text
    assert "110,000" in text and "15,000" in text
    arabic = fetch_pdf(client, "/ar/pathfinders/e-report/2020.pdf")
    assert arabic != english
    assert "Nepal adopted its master plan" in pdf_text(arabic, tmp_path)
