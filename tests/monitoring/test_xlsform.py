"""XLSForm export checked by pyxform, and the import of submissions back into the draft."""

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from target87.monitoring.models import Observation
from target87.monitoring.xlsform import ImportRefused, import_submissions, xlsform_bytes


def _xform(questionnaire):
    result = convert(xlsform=io.BytesIO(xlsform_bytes(questionnaire)), file_type=".xlsx")
    return result.xform


def test_xlsform_converts_to_xform_with_six_languages(questionnaire):
    xml = _xform(questionnaire)
    root = ET.fromstring(xml)
    ns = {"h": "http://www.w3.org/1999/xhtml", "x": "http://www.w3.org/2002/xforms"}
    languages = {t.get("lang") for t in root.iter("{http://www.w3.org/2002/xforms}translation")}
    assert languages == {
        "English (en)",
        "French (fr)",
        "Spanish (es)",
        "Arabic (ar)",
        "Chinese (zh)",
        "Russian (ru)",
    }
    assert root.find("h:head/h:title", ns).text.startswith("Nepal")
    for name in (
        "v__CL_PREV_ECON__value",
        "v__CL_LEG_CONV_PRIORITY__C138__value_bool",
        "q1_progress",
        "q5_next_steps",
    ):
        assert f"/{name}" in xml, name
    assert "Validate the national action plan" in xml  # the workshop's next steps
    assert "IMP_ACTIVITIES_IMPLEMENTED" not in xml  # computed, never asked


def test_xlsform_sheets(questionnaire):
    wb = load_workbook(io.BytesIO(xlsform_bytes(questionnaire)))
    assert wb.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in wb["survey"][1]]
    assert header[:3] == ["type", "name", "label::English (en)"]
    assert "label::Arabic (ar)" in header


def _submission(rows, header):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_round_trip_import_into_draft(questionnaire, focal_point):
    step = questionnaire.next_steps.first()
    # the column names a Kobo/ODK export gives: group path / question name
    header = [
        "start",
        "section_indicators/v__CL_PREV_ECON__value",
        "section_indicators/v__CL_POL_NAP__value_bool",
        "section_indicators/v__CL_POL_NAP__value_year",
        f"section_next_steps/ns__{step.pk}__achieved",
        "section_open/q1_progress",
        "_uuid",
    ]
    xml = _xform(questionnaire)
    for column in header[1:-1]:  # every column is a question of the converted form
        assert f"/{column.split('/')[-1]}" in xml
    content = _submission(
        [["2020-04-01", "15.3", "yes", "2018", "yes", "Municipalities declared", "abc"]], header
    )
    result = import_submissions(questionnaire, focal_point, "submissions.xlsx", content)
    assert result["rows"] == 1 and result["errors"] == {}
    questionnaire.refresh_from_db()
    assert questionnaire.answers["q1_progress"] == "Municipalities declared"
    assert Observation.objects.get(indicator__code="CL_PREV_ECON", period=2020).value == Decimal(
        "15.3"
    )
    step.refresh_from_db()
    assert step.achieved


def test_import_csv_row_level_errors_load_nothing(questionnaire, focal_point):
    csv_text = (
        "v__CL_PREV_ECON__value,v__CL_POL_NAP__value_bool,q1_progress,not_a_question\n"
        "12,yes,ok,\n"
        "abc,maybe,ok,x\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_submissions(questionnaire, focal_point, "s.csv", csv_text.encode())
    messages = [str(e) for e in refused.value.errors]
    assert "row 3, column v__CL_PREV_ECON__value: Enter a number." in messages
    assert "row 3, column v__CL_POL_NAP__value_bool: Answer yes or no." in messages
    assert any("row 3, column not_a_question" in m for m in messages)
    questionnaire.refresh_from_db()
    assert "q1_progress" not in questionnaire.answers
    assert not Observation.objects.exists()


def test_import_refuses_other_files(questionnaire, focal_point):
    with pytest.raises(ImportRefused, match="xlsx or .csv"):
        import_submissions(questionnaire, focal_point, "s.pdf", b"%PDF")
    with pytest.raises(ImportRefused, match="not a readable XLSX"):
        import_submissions(questionnaire, focal_point, "s.xlsx", b"garbage")


def test_command_round_trip(questionnaire, tmp_path, django_user_model):
    from django.core.management import CommandError, call_command

    django_user_model.objects.create_superuser("root", password="x-Strong-87!")
    out = tmp_path / "npl.xlsx"
    call_command("questionnaire", "xlsform", "npl", "--cycle", "2020", "--out", str(out))
    assert convert(xlsform=str(out)).xform
    sub = tmp_path / "subs.csv"
    sub.write_text("q1_progress,v__CL_PREV_ECON__value\nDone a lot,9.5\n", encoding="utf-8")
    call_command("questionnaire", "import", "NPL", str(sub), "--cycle", "2020")
    questionnaire.refresh_from_db()
    assert questionnaire.answers["q1_progress"] == "Done a lot"
    bad = tmp_path / "bad.csv"
    bad.write_text("v__CL_PREV_ECON__value\nlots\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing loaded"):
        call_command("questionnaire", "import", "NPL", str(bad))
    with pytest.raises(CommandError, match="No questionnaire for FJI"):
        call_command("questionnaire", "xlsform", "FJI", "--out", str(out))


def test_values_excel_round_trip(questionnaire, focal_point):
    from target87.monitoring.services import save_observation
    from target87.monitoring.spreadsheets import export_values, import_values

    save_observation(
        questionnaire.country, "CL_PREV_ECON", 2020, "15.3", {"sex": "female"}, user=focal_point
    )
    content = export_values(questionnaire.country, 2020)
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert ("CL_PREV_ECON", "sex=female") == rows[1][:2]
    assert any(r[0] == "CL_LEG_CONV_PRIORITY" and r[1] == "convention=C138" for r in rows)
    ws.cell(row=2, column=3, value=16.1)
    for r, row in enumerate(rows, start=1):
        if row[0] == "CL_POL_NAP":
            ws.cell(row=r, column=6, value="yes")
            ws.cell(row=r, column=7, value=2018)
    buffer = io.BytesIO()
    wb.save(buffer)
    assert import_values(questionnaire.country, 2020, focal_point, buffer.getvalue()) == 2
    assert Observation.objects.get(indicator__code="CL_PREV_ECON").value == Decimal("16.1")
    ws.cell(row=2, column=3, value="abc")
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportRefused) as refused:
        import_values(questionnaire.country, 2020, focal_point, buffer.getvalue())
    assert "row 2, column value" in str(refused.value.errors[0])
    assert Observation.objects.get(indicator__code="CL_PREV_ECON").value == Decimal("16.1")
