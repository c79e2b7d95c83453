"""Answers that must be refused with a message naming the field, row or file (never a
server error), spreadsheet cells that must not run as formulas, and imports that load
everything or nothing."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from target87.monitoring.models import CustomIndicator, Observation
from target87.monitoring.services import parse_raw, save_draft, save_observation
from target87.monitoring.spreadsheets import COLUMNS, export_values, import_values
from target87.monitoring.xlsform import ImportRefused, import_submissions


@pytest.fixture
def custom(questionnaire):
    return CustomIndicator.objects.create(
        country=questionnaire.country,
        priority="Child labour in brick kilns",
        objective="Withdraw children from brick kilns",
        indicator="Children withdrawn",
    )


# --- non-finite numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["NaN", "nan", "sNaN", "Infinity", "inf", "-inf", "-Infinity"])
def test_parse_raw_refuses_non_finite_decimals(raw):
    with pytest.raises(ValueError, match="finite number"):
        parse_raw("decimal", raw)


@pytest.mark.parametrize("raw", ["Infinity", "-inf", "NaN"])
def test_parse_raw_refuses_non_finite_integers(raw):
    with pytest.raises(ValueError, match="whole number"):
        parse_raw("integer", raw)


def test_parse_raw_still_reads_numbers():
    assert parse_raw("decimal", "12,5") == Decimal("12.5")
    assert parse_raw("integer", "40") == 40


def test_draft_with_nan_value_names_the_field(questionnaire, focal_point):
    errors = save_draft(questionnaire, focal_point, {"v__CL_PREV_ECON__value": "NaN"})
    assert "finite number" in errors["v__CL_PREV_ECON__value"]
    assert not Observation.objects.filter(indicator__code="CL_PREV_ECON").exists()


@pytest.mark.parametrize("field", ["se", "ci_low", "numerator"])
def test_save_observation_refuses_non_finite_numbers(questionnaire, focal_point, field):
    with pytest.raises(ValidationError) as refused:
        save_observation(
            questionnaire.country, "CL_PREV_ECON", 2020, "15.3", user=focal_point, **{field: "NaN"}
        )
    assert "finite number" in refused.value.message_dict[field][0]
    assert not Observation.objects.exists()


# --- customized indicators are checked like the others ---------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0.123456", "4 decimal places"), ("1e30", "10^16")],
)
def test_custom_indicator_answer_is_checked(questionnaire, focal_point, custom, raw, expected):
    name = f"c__{custom.pk}__value"
    errors = save_draft(questionnaire, focal_point, {name: raw, f"c__{custom.pk}__note": "x"})
    assert expected in errors[name]
    assert not Observation.objects.filter(custom_indicator=custom).exists()
    questionnaire.refresh_from_db()
    assert questionnaire.answers[name] == raw  # what was typed is kept to be corrected


def test_custom_indicator_answer_saved_when_valid(questionnaire, focal_point, custom):
    errors = save_draft(questionnaire, focal_point, {f"c__{custom.pk}__value": "12.5"})
    assert errors == {}
    assert Observation.objects.get(custom_indicator=custom).value == Decimal("12.5")


# --- negative standard error ----------------------------------------------------------------


def test_save_observation_refuses_negative_se(questionnaire, focal_point):
    with pytest.raises(ValidationError) as refused:
        save_observation(
            questionnaire.country, "CL_PREV_ECON", 2020, "15.3", se="-0.2", user=focal_point
        )
    assert refused.value.message_dict["se"] == [
        "The standard error must be zero or more (got -0.2)."
    ]
    assert not Observation.objects.exists()
    obs = save_observation(
        questionnaire.country, "CL_PREV_ECON", 2020, "15.3", se="0", user=focal_point
    )
    assert obs.se == 0


def _export_sheet(questionnaire):
    wb = load_workbook(io.BytesIO(export_values(questionnaire.country, 2020)))
    return wb, wb.active


def _save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row_of(ws, code, key=""):
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if row[0] == code and (row[1] or "") == key:
            return number
    raise AssertionError(f"no row for {code} [{key}]")


def test_values_import_negative_se_is_a_row_error(questionnaire, focal_point):
    save_observation(questionnaire.country, "CL_PREV_ECON", 2020, "15.3", user=focal_point)
    wb, ws = _export_sheet(questionnaire)
    value_col, se_col = COLUMNS.index("value") + 1, COLUMNS.index("se") + 1
    good = _row_of(ws, "CL_PREV_ECON")
    bad = _row_of(ws, "CL_PREV_HAZARDOUS")
    ws.cell(row=good, column=value_col, value=16.1)
    ws.cell(row=bad, column=value_col, value=4.2)
    ws.cell(row=bad, column=se_col, value=-0.5)
    with pytest.raises(ImportRefused) as refused:
        import_values(questionnaire.country, 2020, focal_point, _save(wb))
    assert [str(e) for e in refused.value.errors] == [
        f"row {bad}, column se: The standard error must be zero or more (got -0.5)."
    ]
    # nothing saved: the good row is undone as well
    assert Observation.objects.get(indicator__code="CL_PREV_ECON").value == Decimal("15.3")
    assert not Observation.objects.filter(indicator__code="CL_PREV_HAZARDOUS").exists()


# --- formulas in the export -----------------------------------------------------------------


def test_export_text_cells_are_not_formulas(questionnaire, focal_point):
    formula = '=HYPERLINK("http://example.org","click")'
    save_observation(
        questionnaire.country,
        "CL_PREV_ECON",
        2020,
        "15.3",
        se="0.4",
        source=formula,
        method_note="-2+3",
        user=focal_point,
    )
    wb, ws = _export_sheet(questionnaire)
    number = _row_of(ws, "CL_PREV_ECON")
    cells = {name: ws.cell(row=number, column=i + 1) for i, name in enumerate(COLUMNS)}
    assert cells["source"].value == "'" + formula
    assert cells["method_note"].value == "'-2+3"
    assert cells["source"].data_type == "s" and cells["method_note"].data_type == "s"
    # numbers stay numbers
    assert cells["value"].value == 15.3 and cells["value"].data_type == "n"
    assert cells["se"].value == 0.4 and cells["se"].data_type == "n"
    assert not any(
        c.data_type == "f" for row in ws.iter_rows() for c in row
    ), "no cell of the export is a formula"


def test_export_import_round_trip_keeps_formula_like_text(questionnaire, focal_point):
    formula = "=1+1"
    save_observation(
        questionnaire.country,
        "CL_PREV_ECON",
        2020,
        "15.3",
        source="@survey",
        method_note=formula,
        user=focal_point,
    )
    content = export_values(questionnaire.country, 2020)
    assert import_values(questionnaire.country, 2020, focal_point, content) == 1
    obs = Observation.objects.get(indicator__code="CL_PREV_ECON")
    assert (obs.source, obs.method_note) == ("@survey", formula)


# --- CSV that is not UTF-8 ------------------------------------------------------------------


def test_import_latin1_csv_is_refused_with_a_message(questionnaire, focal_point):
    content = "q1_progress,q1_successes\nok,fine\nCafé à Katmandou,ok\n".encode("latin-1")
    with pytest.raises(ImportRefused) as refused:
        import_submissions(questionnaire, focal_point, "submissions.csv", content)
    [error] = refused.value.errors
    assert error.row == 3
    assert "submissions.csv" in error.message and "UTF-8 was expected" in error.message
    questionnaire.refresh_from_db()
    assert "q1_progress" not in questionnaire.answers


def test_import_utf8_csv_with_bom_still_reads(questionnaire, focal_point):
    content = "\ufeffq1_progress\nCafé à Katmandou\n".encode()
    result = import_submissions(questionnaire, focal_point, "s.csv", content)
    assert result["errors"] == {}
    questionnaire.refresh_from_db()
    assert questionnaire.answers["q1_progress"] == "Café à Katmandou"


# --- submissions load all or nothing --------------------------------------------------------


def test_import_one_good_row_one_refused_row_leaves_draft_unchanged(
    questionnaire, focal_point, custom
):
    assert save_draft(questionnaire, focal_point, {"q1_progress": "Before the import"}) == {}
    questionnaire.refresh_from_db()
    before = dict(questionnaire.answers)
    # every cell reads, but row 3 gives values the database fields cannot hold
    csv_text = (
        f"q1_successes,v__CL_PREV_ECON_CHORES__value,c__{custom.pk}__value,v__CL_PREV_ECON__value\n"
        "Good row,4.5,,\n"
        ",,0.123456,12.123456\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_submissions(questionnaire, focal_point, "s.csv", csv_text.encode())
    messages = [str(e) for e in refused.value.errors]
    assert any(m.startswith("row 3, column v__CL_PREV_ECON__value:") for m in messages)
    assert any(m.startswith(f"row 3, column c__{custom.pk}__value:") for m in messages)
    assert len(messages) == 2
    questionnaire.refresh_from_db()
    assert questionnaire.answers == before
    assert not Observation.objects.exists()


def test_import_not_blamed_for_an_answer_typed_before(questionnaire, focal_point):
    errors = save_draft(questionnaire, focal_point, {"v__CL_PREV_ECON__numerator": "many"})
    assert "v__CL_PREV_ECON__numerator" in errors
    csv_text = "q1_progress,v__CL_PREV_ECON__value\nLoaded,12\n"
    result = import_submissions(questionnaire, focal_point, "s.csv", csv_text.encode())
    assert result["errors"] == {"v__CL_PREV_ECON__numerator": "Enter a number."}
    questionnaire.refresh_from_db()
    assert questionnaire.answers["q1_progress"] == "Loaded"
