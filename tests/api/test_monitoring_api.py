import csv
import io
from decimal import Decimal

import pytest

from target87.measure.sdmx import HEADER
from target87.monitoring.models import Indicator, Observation
from target87.monitoring.services import disaggregation_key, load_catalogue


@pytest.fixture
def catalogue(db):
    load_catalogue()


def _obs(country, code, period, value, status="published", **dis):
    indicator = Indicator.objects.get(code=code)
    return Observation.objects.create(
        country=country, indicator=indicator, period=period, value=Decimal(value),
        disaggregation=dis, disaggregation_key=disaggregation_key(indicator, dis),
        status=status, source="NCLS 2018", ci_low=Decimal("10.5"), ci_high=Decimal("12.5"),
    )


@pytest.fixture
def observations(catalogue, country, other_country):
    return {
        "npl_total": _obs(country, "CL_PREV_ECON", 2018, "11.4"),
        "npl_girls": _obs(country, "CL_PREV_ECON", 2018, "12.0", sex="female", age="5-11"),
        "npl_urban": _obs(country, "CL_PREV_ECON", 2021, "8.0", area="urban"),
        "npl_chores": _obs(country, "CL_PREV_ECON_CHORES", 2018, "15.2"),
        "npl_draft": _obs(country, "CL_PREV_ECON", 2022, "9.9", status="draft"),
        "npl_submitted": _obs(country, "CL_PREV_ECON", 2023, "9.8", status="submitted"),
        "npl_approved": _obs(country, "CL_PREV_ECON", 2024, "9.7", status="approved"),
        "mdg_total": _obs(other_country, "CL_PREV_ECON", 2015, "22.1"),
    }


def test_indicator_catalogue_with_six_names(get, catalogue):
    data = get("/api/indicators/", {"limit": 500})
    assert data["count"] == Indicator.objects.count() > 10
    first = data["items"][0]
    assert first["code"] == "CL_PREV_ECON"
    assert first["dimension"] == "prevalence" and first["theme"] == "child_labour"
    assert first["value_type"] == "proportion" and first["unit"] == "%"
    assert first["sdg_series"] == "SL_TLF_CHLDEA"
    for lang in ("en", "fr", "es", "ar", "zh", "ru"):
        assert first[f"name_{lang}"]
    assert first["name_fr"].startswith("Proportion")


def test_indicator_filters_and_pagination(get, catalogue):
    rows = get("/api/indicators/", {"sdg_series": "SL_TLF_CHLDEC"})["items"]
    assert [r["code"] for r in rows] == ["CL_PREV_ECON_CHORES"]
    budget = get("/api/indicators/", {"group": "budget", "limit": 500})
    assert budget["count"] == Indicator.objects.filter(group="budget").count() > 0
    assert {r["group"] for r in budget["items"]} == {"budget"}
    page = get("/api/indicators/", {"limit": 3, "offset": 2})
    assert len(page["items"]) == 3
    expected = list(Indicator.objects.order_by("order").values_list("code", flat=True)[2:5])
    assert [r["code"] for r in page["items"]] == expected
    assert "dimension" in get("/api/indicators/", {"dimension": "x"}, status=400)["detail"]


def test_observations_are_published_only(get, observations):
    data = get("/api/observations/")
    assert data["count"] == 5
    periods = {(r["country"], r["indicator"], r["period"]) for r in data["items"]}
    assert ("NPL", "CL_PREV_ECON", 2022) not in periods  # draft
    assert ("NPL", "CL_PREV_ECON", 2023) not in periods  # submitted
    assert ("NPL", "CL_PREV_ECON", 2024) not in periods  # approved
    girls = next(r for r in data["items"] if r["disaggregation"].get("sex") == "female")
    assert Decimal(girls["value"]) == Decimal("12.0")
    assert girls["sdg_series"] == "SL_TLF_CHLDEA" and girls["unit"] == "%"
    assert girls["disaggregation"] == {"sex": "female", "age": "5-11"}


def test_observation_filters(get, observations):
    def items(**params):
        return get("/api/observations/", params)["items"]

    assert {r["country"] for r in items(country="mdg")} == {"MDG"}
    assert {r["indicator"] for r in items(indicator="CL_PREV_ECON_CHORES")} == {
        "CL_PREV_ECON_CHORES"}
    assert len(items(series="SL_TLF_CHLDEA")) == 4
    assert [r["period"] for r in items(country="NPL", period_from=2019)] == [2021]
    assert {r["period"] for r in items(period_to=2017)} == {2015}
    assert {r["period"] for r in items(period_from=2018, period_to=2018)} == {2018}
    page = get("/api/observations/", {"limit": 2, "offset": 4})
    assert page["count"] == 5 and len(page["items"]) == 1


@pytest.mark.parametrize("params, field", [
    ({"country": "ZZZ"}, "country"),
    ({"indicator": "NO_SUCH"}, "indicator"),
    ({"series": "SL_NOPE"}, "series"),
    ({"period_from": 2020, "period_to": 2010}, "period_from"),
])
def test_observation_filters_refused_with_a_message(get, observations, params, field):
    assert field in get("/api/observations/", params, status=400)["detail"]


def test_observation_period_must_be_a_year(client, observations):
    response = client.get("/api/observations/", {"period_from": "soon"})
    assert response.status_code == 400
    assert "period_from" in str(response.json()["detail"])


def _sdmx(client, params=None):
    response = client.get("/api/observations.sdmx.csv", params or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response, list(csv.DictReader(io.StringIO(response.content.decode())))


def test_sdmx_csv_of_published_observations(client, observations):
    response, rows = _sdmx(client)
    assert response.content.decode().splitlines()[0].split(",") == HEADER
    assert len(rows) == 5
    npl = [r for r in rows if r["REF_AREA"] == "524"]
    assert {r["TIME_PERIOD"] for r in npl} == {"2018", "2021"}
    girls = next(r for r in npl if r["SEX"] == "F")
    assert girls["SERIES"] == "SL_TLF_CHLDEA" and girls["AGE"] == "Y5T11"
    assert girls["URBANISATION"] == "_T" and girls["OBS_VALUE"] == "12"
    assert girls["UNIT_MEASURE"] == "PT" and girls["DATAFLOW"] == "IAEG-SDGs:DF_SDG_GLH(1.0)"
    assert girls["LOWER_BOUND"] == "10.5" and girls["UPPER_BOUND"] == "12.5"
    assert girls["SOURCE_DETAIL"] == "NCLS 2018"
    total = next(r for r in npl if r["SERIES"] == "SL_TLF_CHLDEA" and r["TIME_PERIOD"] == "2018"
                 and r["SEX"] == "_T")
    assert total["AGE"] == "Y5T17" and total["OBS_VALUE"] == "11.4"
    urban = next(r for r in npl if r["TIME_PERIOD"] == "2021")
    assert urban["URBANISATION"] == "U"
    assert any(r["SERIES"] == "SL_TLF_CHLDEC" for r in npl)
    assert {r["REF_AREA"] for r in rows} == {"524", "450"}
    assert response["X-Omitted-Rows"] == "0"


def test_sdmx_leaves_out_indicators_without_series_and_sector_splits(client, observations,
                                                                     country):
    budget = Indicator.objects.filter(sdg_series="", value_type="count").first()
    Observation.objects.create(country=country, indicator=budget, period=2019,
                               value=Decimal("3"), status="published")
    Observation.objects.create(
        country=country, indicator=Indicator.objects.get(code="CL_PREV_ECON"), period=2019,
        value=Decimal("7"), status="published", disaggregation={"sector": "agriculture"},
        disaggregation_key="sector=agriculture")
    response, rows = _sdmx(client, {"country": "NPL", "period_from": 2019})
    assert [r["TIME_PERIOD"] for r in rows] == ["2021"]
    assert response["X-Omitted-Rows"] == "1"


def test_sdmx_filters_and_errors(client, observations):
    _, rows = _sdmx(client, {"series": "SL_TLF_CHLDEC"})
    assert [r["SERIES"] for r in rows] == ["SL_TLF_CHLDEC"]
    response = client.get("/api/observations.sdmx.csv", {"country": "ZZZ"})
    assert response.status_code == 400 and "country" in response.json()["detail"]


def test_national_and_global_figures_kept_apart_by_origin(client, get, observations, country):
    chea = Indicator.objects.get(code="CL_PREV_ECON")
    Observation.objects.create(
        country=country, indicator=chea, period=2018, value=Decimal("13.1"),
        disaggregation={}, disaggregation_key="", status="published", origin="global",
        source="UN SDG Global Database", nature="E", release="2025.Q1.G.01")
    both = [(r["origin"], float(r["value"])) for r in get(
        "/api/observations/", {"country": "NPL", "indicator": "CL_PREV_ECON",
                               "period_from": 2018, "period_to": 2018})["items"]
        if not r["disaggregation"]]
    assert sorted(both) == [("global", 13.1), ("national", 11.4)]
    assert [float(r["value"]) for r in get("/api/observations/",
                                           {"origin": "global"})["items"]] == [13.1]
    assert "origin" in get("/api/observations/", {"origin": "regional"}, status=400)["detail"]
    _, rows = _sdmx(client, {"country": "NPL", "period_to": 2018})
    totals = {r["REPORTING_TYPE"]: r for r in rows
              if r["SERIES"] == "SL_TLF_CHLDEA" and r["SEX"] == "_T"}
    assert totals["N"]["OBS_VALUE"] == "11.4" and totals["N"]["NATURE"] == "C"
    assert totals["G"]["OBS_VALUE"] == "13.1" and totals["G"]["NATURE"] == "E"
    assert totals["G"]["SOURCE_DETAIL"] == "UN SDG Global Database"
