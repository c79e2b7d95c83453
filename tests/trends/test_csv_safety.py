"""Projection CSV: text cells that a spreadsheet would run as formulas are neutralised."""

import csv
import io
from decimal import Decimal

import pytest

from target87.trends import services


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def _panel(citations):
    return services.build_panel(
        key="test", title="Test", unit="%", headline_template="", points={2008: 33.9, 2018: 15.3},
        method="linear", from_year=None, to_year=None, target_year=2025,
        citations=citations,
    )


def test_text_cells_starting_with_formula_characters_are_quoted():
    panel = _panel({2008: '=HYPERLINK("http://example.org","x")', 2018: "+1 survey"})
    rows = _rows(services.panel_csv(panel, series="@SUM(A1)", indicator="-cmd",
                                    unit="=1+1"))
    observed = [r for r in rows if r["kind"] == "observed"]
    assert observed[0]["source"] == "'=HYPERLINK(\"http://example.org\",\"x\")"
    assert observed[1]["source"] == "'+1 survey"
    for row in rows:
        assert row["series"] == "'@SUM(A1)"
        assert row["indicator"] == "'-cmd"
        assert row["unit"] == "'=1+1"


def test_numbers_are_left_as_numbers():
    panel = _panel({2008: "Survey 2008"})
    rows = _rows(services.panel_csv(panel, series="CL", indicator="Child labour", unit="%"))
    assert rows[0]["value"] == "33.9" and rows[0]["source"] == "Survey 2008"
    assert rows[0]["unit"] == "%" and rows[0]["method"] == "linear"
    assert [r["year"] for r in rows[:2]] == ["2008", "2018"]
    assert {r["target"] for r in rows} == {"0.0"}
    for row in rows:
        float(row["value"])  # unquoted figures, readable as numbers


@pytest.mark.django_db
def test_country_download_quotes_an_observation_source(client, country):
    from target87.monitoring.models import Indicator, Observation
    from target87.monitoring.services import load_catalogue

    load_catalogue()
    for period, value, source in ((2008, "33.9", "=cmd|' /C calc'!A0"), (2018, "15.3", "LFS")):
        Observation.objects.create(
            country=country, indicator=Indicator.objects.get(code="CL_PREV_NATIONAL"),
            period=period, value=Decimal(value), disaggregation_key="", disaggregation={},
            status="published", source=source,
        )
    text = client.get("/en/trends/country/NPL/CL_PREV_NATIONAL.csv").content.decode()
    rows = _rows(text)
    assert rows[0]["source"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["value"] == "33.9"
