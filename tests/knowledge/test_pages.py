"""Public knowledge pages: every page type answers, in six languages, with caching."""

import io

import openpyxl
import pytest
from icalendar import Calendar

from target87.countries.models import Country, UNStatus
from target87.knowledge import indicators
from target87.knowledge.models import Event, GoodPractice

LANGUAGES = ["en", "fr", "es", "ar", "zh-hans", "ru"]
PAGES = [
    "/{lang}/knowledge/",
    "/{lang}/knowledge/regions/",
    "/{lang}/knowledge/regions/sdg/Sub-Saharan Africa/",
    "/{lang}/knowledge/regions/ilo/Arab States/",
    "/{lang}/knowledge/compare/?c=NPL&c=MDG",
    "/{lang}/knowledge/practices/",
    "/{lang}/knowledge/practices/?sector=cross_sector&theme=child_labour",
    "/{lang}/knowledge/practices/child-labour-free-zones/",
    "/{lang}/knowledge/publications/",
    "/{lang}/knowledge/laws/?country=MRT",
    "/{lang}/knowledge/events/",
    "/{lang}/knowledge/events/?when=past&kind=workshop",
    "/{lang}/knowledge/events/calendar/2019/11/",
    "/{lang}/partners/",
    "/{lang}/partners/?type=civil_society&country=NPL",
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_type_renders(seeded, client, page, lang):
    response = client.get(page.format(lang=lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    if lang == "ar":
        assert 'dir="rtl"' in html


def test_all_member_state_dashboards_render_in_six_languages(seeded, client):
    iso3s = list(Country.objects.filter(un_status=UNStatus.MEMBER).values_list("iso3", flat=True))
    assert len(iso3s) == 193
    for lang in LANGUAGES:
        for iso3 in iso3s:
            response = client.get(f"/{lang}/countries/{iso3}/")
            assert response.status_code == 200, (lang, iso3)
            html = response.content.decode()
            assert 'id="section-good-practices"' in html
            assert 'id="section-events"' in html
            assert 'id="section-labour-laws"' in html
            assert 'id="section-partners"' in html


def test_country_sections_show_what_is_about_the_country(seeded, client):
    html = client.get("/en/countries/NPL/").content.decode()
    assert "Child Labour Free Zones" in html
    assert "Foreign Employment Act" in html
    assert "Strategic planning workshop: Nepal" in html
    assert "CWIN-Nepal" in html
    html = client.get("/fr/countries/NPL/").content.decode()
    assert "Zones sans travail des enfants" in html
    html = client.get("/en/countries/ISL/").content.decode()  # nothing seeded for Iceland
    assert "No published good practice about this country yet." in html


def test_translation_falls_back_to_english_with_a_note(seeded, client):
    practice = GoodPractice.objects.get(slug="ikea-carpet-work")
    practice.translations.filter(language="ru").delete()
    html = client.get("/ru/knowledge/practices/ikea-carpet-work/").content.decode()
    assert "Carpet work with IKEA" in html
    assert 'class="fallback-note"' in html
    html = client.get("/fr/knowledge/practices/ikea-carpet-work/").content.decode()
    assert "Travail avec IKEA dans le secteur des tapis" in html
    assert 'class="fallback-note"' not in html


def test_search_page_french_and_arabic(seeded, client):
    html = client.get("/fr/knowledge/practices/", {"q": "zones sans travail"}).content.decode()
    assert "Zones sans travail des enfants" in html
    html = client.get("/ar/knowledge/practices/", {"q": "التفتيش المتنقل"}).content.decode()
    assert "التفتيش المتنقل على العمل في البرازيل" in html


def test_facet_counts_and_filter(seeded, client):
    response = client.get("/en/knowledge/practices/", {"level": "global"})
    html = response.content.decode()
    assert "Child Labour Platform" in html
    assert "Child Labour Free Zones" not in html  # community level
    facets = {f["name"]: f for f in response.context["facets"]}
    counts = {value: n for value, _label, n in facets["level"]["options"]}
    assert counts["global"] == GoodPractice.objects.filter(level="global").count()
    assert counts["community"] == 0


def test_pagination(seeded, client):
    from target87.knowledge import views

    original = views.PAGE_SIZE
    views.PAGE_SIZE = 3
    try:
        first = client.get("/en/knowledge/practices/").context
        second = client.get("/en/knowledge/practices/", {"page": 2}).context
        bad = client.get("/en/knowledge/practices/", {"page": "zzz"})
    finally:
        views.PAGE_SIZE = original
    assert first["page"].paginator.num_pages == 4
    assert {p.pk for p, _t in first["items"]}.isdisjoint({p.pk for p, _t in second["items"]})
    assert bad.status_code == 200


def test_etag_and_conditional_get(seeded, client):
    url = "/en/knowledge/practices/"
    response = client.get(url)
    etag = response["ETag"]
    assert etag
    assert "no-cache" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # another language is another representation
    assert client.get("/fr/knowledge/practices/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    # an edit changes the tag
    practice = GoodPractice.objects.get(slug="ikea-carpet-work")
    practice.title = "Carpet work with IKEA (updated)"
    practice.save()
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert "Carpet work with IKEA (updated)" in fresh.content.decode()


def test_no_shared_etag_for_logged_in_readers(seeded, client, secretariat):
    public_etag = client.get("/en/knowledge/practices/")["ETag"]
    client.force_login(secretariat)
    response = client.get("/en/knowledge/practices/")
    # a logged-in page may be revalidated by its own reader, never served from a shared cache
    assert "private" in response["Cache-Control"]
    assert response.get("ETag") != public_etag
    assert client.get("/en/knowledge/practices/",
                      HTTP_IF_NONE_MATCH=public_etag).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/en/knowledge/practices/?format={fmt}",
        "/en/knowledge/events/?format={fmt}",
        "/en/knowledge/publications/?format={fmt}",
        "/en/knowledge/laws/?format={fmt}",
        "/en/knowledge/?format={fmt}",
        "/en/knowledge/regions/sdg/Central and Southern Asia/?format={fmt}",
        "/en/knowledge/compare/?c=NPL&c=BRA&format={fmt}",
        "/en/partners/?format={fmt}",
    ],
)
def test_tables_download_as_csv_and_xlsx(seeded, client, url):
    csv_response = client.get(url.format(fmt="csv"))
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert ".csv" in csv_response["Content-Disposition"]
    csv_text = csv_response.content.decode("utf-8-sig")
    xlsx_response = client.get(url.format(fmt="xlsx"))
    assert ".xlsx" in xlsx_response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(csv_text.strip().splitlines()) or len(rows) > 1
    assert list(rows[0]) == csv_text.splitlines()[0].split(",")[: len(rows[0])]


def test_arabic_download_keeps_arabic_text(seeded, client):
    text = client.get("/ar/knowledge/practices/?format=csv").content.decode("utf-8-sig")
    assert "مناطق خالية من عمل الأطفال" in text


def test_chart_downloads(seeded, client):
    svg = client.get("/en/knowledge/charts/world-prevalence.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content
    png = client.get("/en/knowledge/charts/world-prevalence.png")
    assert png.content.startswith(b"\x89PNG")
    assert client.get("/en/knowledge/charts/world-prevalence.gif").status_code == 404
    assert client.get("/en/knowledge/charts/nothing.svg").status_code == 404


def test_no_data_is_said_never_zero(seeded, client):
    from target87.monitoring.services import load_catalogue

    load_catalogue()
    response = client.get("/en/knowledge/compare/?c=NPL")
    html = response.content.decode()
    assert "no data" in html
    assert response.context["rows"][0].cells[0] == {"national": None, "global": None}
    html = client.get("/en/knowledge/regions/sdg/Central and Southern Asia/").content.decode()
    assert "no data" in html


def test_published_prevalence_reaches_map_and_region(seeded, client, monkeypatch):
    point = indicators.Point(value=15.3, year=2017, source="NCLS 2017", status="published")
    monkeypatch.setattr(
        indicators,
        "latest",
        lambda country, code=indicators.PREVALENCE_CODE: point if country.iso3 == "NPL" else None,
    )
    region = client.get("/en/knowledge/regions/sdg/Central and Southern Asia/")
    rows = {r["country"].iso3: r["point"] for r in region.context["rows"]}
    assert rows["NPL"] == point and rows["IND"] is None
    assert region.context["chart_svg"]
    overview = client.get("/en/knowledge/")
    assert [r[1] for r in overview.context["data_rows"]] == ["NPL"]


def test_compare_at_most_four_and_unknown_codes(seeded, client):
    response = client.get("/en/knowledge/compare/?c=NPL&c=MDG&c=BRA&c=FRA&c=DEU")
    assert len(response.context["columns"]) == 4
    assert response.context["too_many"]
    response = client.get("/en/knowledge/compare/?c=XXX&c=NPL")
    assert response.context["unknown"] == ["XXX"]
    assert len(response.context["columns"]) == 1


def test_region_unknown_is_404(seeded, client):
    assert client.get("/en/knowledge/regions/sdg/Atlantis/").status_code == 404
    assert client.get("/en/knowledge/regions/xyz/Africa/").status_code == 404


def test_month_view_places_events_on_their_days(seeded, client):
    response = client.get("/en/knowledge/events/calendar/2019/11/")
    days = {d["date"].day: d for week in response.context["weeks"] for d in week if d["in_month"]}
    titles = lambda day: {e.title for e in days[day]["events"]}  # noqa: E731
    assert "Asian Regional Meeting on Alliance 8.7 and the Forced Labour Protocol (P29)" in titles(
        21
    )
    assert "6th meeting of the Global Coordinating Group" in titles(12)
    assert not titles(1)
    # a month-only event shows once, on the first of the month
    june = client.get("/en/knowledge/events/calendar/2019/6/").context
    ilc = [
        d["date"].day
        for w in june["weeks"]
        for d in w
        if d["in_month"] and any(e.title == "International Labour Conference" for e in d["events"])
    ]
    assert ilc == [1]
    assert client.get("/en/knowledge/events/calendar/2019/13/").status_code == 404


def test_event_list_upcoming_and_past(seeded, client):
    past = client.get("/en/knowledge/events/?when=past").context["page"].object_list
    assert all(e.end_date < past[0].end_date or e == past[0] for e in past)
    upcoming = client.get("/en/knowledge/events/?when=upcoming&country=NPL").context["page"]
    assert list(upcoming.object_list) == []  # every seeded event about Nepal is past


def test_ical_feed_and_single_event(seeded, client):
    feed = Calendar.from_ical(client.get("/en/knowledge/events/feed.ics").content)
    events = feed.walk("VEVENT")
    assert len(events) == Event.objects.count()
    event = Event.objects.get(title="Child Labour Conference: Taking Next Steps")
    response = client.get(f"/en/knowledge/events/{event.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    (item,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["summary"]) == event.title
    assert item.decoded("dtstart").isoformat() == "2020-01-27"
    assert item.decoded("dtend").isoformat() == "2020-01-29"  # exclusive end of an all-day event
    assert "Leiden" in str(item["location"])
    malawi = Event.objects.get(title="Strategic planning workshop: Malawi")
    (item,) = Calendar.from_ical(client.get(f"/en/knowledge/events/{malawi.pk}.ics").content).walk(
        "VEVENT"
    )
    assert str(item["status"]) == "TENTATIVE"


def test_print_stylesheet_linked(seeded, client):
    html = client.get("/en/knowledge/practices/").content.decode()
    assert 'knowledge/print.css" media="print"' in html


@pytest.mark.parametrize(
    "lang,text",
    [
        ("fr", "Bonnes pratiques et modèles"),
        ("es", "Buenas prácticas y modelos"),
        ("ar", "الممارسات الجيدة والنماذج"),
        ("zh-hans", "良好做法和模式"),
        ("ru", "Передовая практика и модели"),
    ],
)
def test_interface_is_translated(seeded, client, lang, text):
    assert text in client.get(f"/{lang}/knowledge/practices/").content.decode()
    html = client.get(f"/{lang}/partners/").content.decode()
    assert "Partners directory" not in html


def test_world_map_page_shows_pathfinder_status_layer(seeded, client):
    from target87.countries.models import Country
    from target87.pathfinders.models import PathfinderCountry

    assert 'id="pathfinder-map-title"' not in client.get("/en/knowledge/").content.decode()
    PathfinderCountry.objects.create(country=Country.objects.get(iso3="NPL"), status="active")
    html = client.get("/en/knowledge/").content.decode()
    src = "/en/knowledge/charts/pathfinder-status.svg"
    assert f'src="{src}"' in html.split('id="pathfinder-map-title"')[1]
    assert client.get(src).content.decode().lstrip().startswith("<svg")
