"""The e-report of a cycle shows only approved questionnaires and published values."""

from decimal import Decimal

from target87.ereport import report


def test_context_holds_only_published_data(cycle_2020):
    ctx = report.context(cycle_2020, with_map=False)
    by_iso = {c["iso3"]: c for c in ctx["countries"]}
    assert ctx["reported_count"] == 1
    assert by_iso["NPL"]["reported"] and not by_iso["MDG"]["reported"]
    assert by_iso["NPL"]["answers"]["highlights"] == "Nepal adopted its master plan"
    assert by_iso["MDG"]["answers"] == {}
    assert [i["value"] for i in by_iso["NPL"]["indicators"]] == ["412 victims"]
    assert by_iso["MDG"]["indicators"] == []
    # resources per currency over all countries; never added across currencies
    assert report.total_gap(ctx) == {"EUR": Decimal("15000"), "USD": Decimal("110000")}
    assert {s["status"]: s["count"] for s in ctx["status_counts"]} == {"active": 1,
                                                                        "workshop_held": 1}
    assert [lesson["text"] for lesson in ctx["country_lessons"]] == [
        "Start with the labour inspectorate"]
    counts = {g["status"]: g["count"] for g in ctx["pledges"]["groups"]}
    assert counts["achieved"] == 1 and ctx["pledges"]["total"] == 1


def test_web_page_in_six_languages(client, cycle_2020):
    for lang in ("en", "fr", "es", "ar", "zh-hans", "ru"):
        response = client.get(f"/{lang}/pathfinders/e-report/2020/")
        assert response.status_code == 200, lang
        html = response.content.decode()
        assert "Nepal adopted its master plan" in html
        assert "Madagascar draft not yet approved" not in html
        assert "98765" not in html and "98,765" not in html
        assert "Unpublished pledge text" not in html
        assert "Ratify the Forced Labour Protocol" in html
        assert "<svg" in html
    assert 'dir="rtl"' in client.get("/ar/pathfinders/e-report/2020/").content.decode()


def test_latest_cycle_and_missing_cycle(client, cycle_2020):
    response = client.get("/en/pathfinders/e-report/")
    assert response.status_code == 302 and response["Location"].endswith("/e-report/2020/")
    assert client.get("/en/pathfinders/e-report/1999/").status_code == 404
    # the pathfinder pages still answer
    assert client.get("/en/pathfinders/NPL/").status_code == 200


def test_source_text_direction_is_set_for_the_pdf(client, cycle_2020):
    from target87.ereport.templatetags.ereport import text_direction

    assert text_direction("Engage in advocacy.") == "ltr"
    assert text_direction("  «تعزيز الحماية»") == "rtl"
    assert text_direction("2019 — 12") == "auto"
    html = client.get("/ar/pathfinders/e-report/2020/").content.decode()
    assert 'dir="ltr">Nepal adopted its master plan' in html


def test_national_and_global_figures_both_listed_by_origin(client, cycle_2020):
    from target87.countries.models import Country
    from target87.monitoring.models import Indicator, Observation

    nepal = Country.objects.get(iso3="NPL")
    victims = Indicator.objects.get(code="FL_PREV_VICTIMS")
    # the custodian's figure of a later year must not replace the country's own
    Observation.objects.create(country=nepal, indicator=victims, period=2020,
                               value=Decimal("500"), status="published", origin="global",
                               source="Global database")
    ctx = report.context(cycle_2020, with_map=False)
    rows = next(c for c in ctx["countries"] if c["iso3"] == "NPL")["indicators"]
    assert [(r["origin"], r["period"], r["value"]) for r in rows] == [
        ("national", 2019, "412 victims"), ("global", 2020, "500 victims")]
    html = client.get("/en/pathfinders/e-report/2020/").content.decode()
    table = html.split("Indicators of Nepal")[1].split("</table>")[0]
    assert "National" in table and "Global (custodian)" in table
