"""Spreadsheets are checked for their expanded size and declared range before they are
parsed; questionnaire answers are bounded in length and hold no NUL character."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from target87.monitoring.models import Questionnaire
from target87.monitoring.services import save_draft
from target87.monitoring.spreadsheets import import_values
from target87.monitoring.xlsform import ImportRefused, read_submissions


def _workbook(cells: dict[str, object]) -> bytes:
    wb = Workbook()
    for ref, value in cells.items():
        wb.active[ref] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _bomb(rows: int = 400_000) -> bytes:
    """A small XLSX whose sheet XML expands to tens of MB of cells."""
    content = _workbook({"A1": "indicator"})
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    row = '<row r="{0}"><c r="A{0}" t="n"><v>1</v></c><c r="B{0}" t="n"><v>1</v></c></row>'
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + "".join(row.format(i) for i in range(1, rows + 1))
             + "</sheetData></worksheet>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_expanding_workbook_refused_before_parsing(settings):
    settings.XLSX_MAX_UNCOMPRESSED_BYTES = 5 * 1024 * 1024
    content = _bomb()
    assert len(content) < 4 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        read_submissions("kobo.xlsx", content)
    assert time.monotonic() - started < 2
    message = str(refused.value)
    assert "kobo.xlsx expands to" in message and "XLSX_MAX_UNCOMPRESSED_BYTES" in message


def test_declared_sheet_range_refused(settings):
    content = _workbook({"A1": "x", "Z100000": "y"})  # declares A1:Z100000, 2.6 million cells
    with pytest.raises(ImportRefused, match="2,600,000 cells; at most 1,000,000") as refused:
        read_submissions("kobo.xlsx", content)
    assert "XLSX_MAX_CELLS" in str(refused.value)
    settings.XLSX_MAX_CELLS = 3_000_000
    assert [number for number, _row in read_submissions("kobo.xlsx", content)] == [100000]


@pytest.mark.django_db
def test_values_import_refuses_an_expanding_workbook(questionnaire, focal_point, settings):
    settings.XLSX_MAX_UNCOMPRESSED_BYTES = 5 * 1024 * 1024
    with pytest.raises(ImportRefused, match="XLSX_MAX_UNCOMPRESSED_BYTES"):
        import_values(questionnaire.country, 2020, focal_point, _bomb())


@pytest.mark.django_db
def test_long_answer_refused_and_earlier_answer_kept(questionnaire, focal_point, settings):
    name = "v__CL_PREV_ECON__source"
    assert save_draft(questionnaire, focal_point, {name: "MICS 2019"}) == {}
    settings.QUESTIONNAIRE_MAX_ANSWER_CHARS = 100
    errors = save_draft(questionnaire, focal_point, {name: "x" * 101})
    assert "101 characters; at most 100" in errors[name]
    assert "QUESTIONNAIRE_MAX_ANSWER_CHARS" in errors[name]
    assert Questionnaire.objects.get(pk=questionnaire.pk).answers[name] == "MICS 2019"


@pytest.mark.django_db
def test_default_answer_limit_stops_megabytes(questionnaire, focal_point):
    name = "v__CL_PREV_ECON__source"
    errors = save_draft(questionnaire, focal_point, {name: "x" * 5_000_000})
    assert "at most 10000" in errors[name]
    assert name not in Questionnaire.objects.get(pk=questionnaire.pk).answers


@pytest.mark.django_db
def test_nul_in_an_answer_is_refused(questionnaire, focal_point):
    name = "v__CL_PREV_ECON__source"
    errors = save_draft(questionnaire, focal_point, {name: "a\x00b"})
    assert "NUL" in errors[name]
    assert name not in Questionnaire.objects.get(pk=questionnaire.pk).answers


@pytest.mark.django_db
def test_nul_in_a_posted_answer_is_a_400(client, questionnaire, focal_point):
    client.force_login(focal_point)
    url = f"/en/monitoring/questionnaires/{questionnaire.country.iso3}/2020/"
    response = client.post(url, {"v__CL_PREV_ECON__source": "a\x00b"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
