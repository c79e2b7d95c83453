import re

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_country_list_shows_193_member_states(client):
    response = client.get("/en/countries/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'<th scope="row"><a href="/en/countries/[A-Z]{3}/"', html)) == 193
    assert "193 countries" in html


def test_country_list_search_filter_and_sort(client):
    html = client.get("/en/countries/", {"q": "Népal"}).content.decode()
    assert "/en/countries/NPL/" in html and "/en/countries/FRA/" not in html
    html = client.get("/en/countries/", {"q": "الصين"}).content.decode()
    assert "/en/countries/CHN/" in html
    html = client.get("/en/countries/", {"ilo_region": "Arab States"}).content.decode()
    assert "/en/countries/JOR/" in html and "/en/countries/EGY/" not in html
    html = client.get("/en/countries/", {"sort": "-name"}).content.decode()
    assert html.index("/en/countries/ZWE/") < html.index("/en/countries/AFG/")
    html = client.get("/en/countries/", {"status": "all", "q": "XKX"}).content.decode()
    assert "/en/countries/XKX/" in html


@pytest.mark.parametrize("q", ['"', "'; DROP TABLE x;--", "%", "中国" * 200, "*:()"])
def test_country_search_never_errors(client, q):
    assert client.get("/en/countries/", {"q": q}).status_code == 200


def test_arabic_pages_are_right_to_left_with_arabic_names(client):
    html = client.get("/ar/countries/").content.decode()
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert "الصين" in html
    html = client.get("/en/countries/").content.decode()
    assert '<html lang="en" dir="ltr">' in html


def test_chinese_country_page_shows_chinese_name(client):
    html = client.get("/zh-hans/countries/CHN/").content.decode()
    assert '<html lang="zh-hans"' in html
    assert "<h1>中国</h1>" in html


def test_language_switcher_keeps_the_page(client):
    html = client.get("/en/countries/NPL/").content.decode()
    for prefix in ["fr", "es", "ar", "zh-hans", "ru"]:
        assert f'href="/{prefix}/countries/NPL/"' in html


def test_interface_strings_are_translated(client):
    assert "Pays" in client.get("/fr/countries/").content.decode()
    assert "Страны" in client.get("/ru/countries/").content.decode()
    assert "البلدان" in client.get("/ar/countries/").content.decode()
    assert "国家" in client.get("/zh-hans/countries/").content.decode()
    assert "Países" in client.get("/es/countries/").content.decode()


def test_base_layout_is_accessible_and_offline(client):
    html = client.get("/en/").content.decode()
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert 'role="banner"' in html and 'role="contentinfo"' in html
    assert "https://" not in re.sub(r"https://vega.github.io[^\"']*", "", html.split("<body")[0])
    for tag in re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"", html):
        assert not tag.startswith("http"), tag


def test_unknown_country_is_404(client):
    assert client.get("/en/countries/QQQ/").status_code == 404


def test_api_lists_and_paginates_countries(client):
    data = client.get("/api/countries/", {"limit": 10, "status": "member"}).json()
    assert data["count"] == 193 and len(data["items"]) == 10
    assert client.get("/api/countries/chn").json()["name_zh"] == "中国"


def test_home_links_every_part_of_the_platform(client):
    html = client.get("/fr/").content.decode()
    for url in ["/fr/countries/", "/fr/pathfinders/", "/fr/trends/", "/fr/surveys/"]:
        assert f'href="{url}"' in html
    assert "193 États membres de l&#x27;ONU" in html


def test_country_page_answers_conditional_get(client):
    first = client.get("/en/countries/NPL/")
    etag = first["ETag"]
    again = client.get("/en/countries/NPL/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
