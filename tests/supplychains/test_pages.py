"""The public supply-chains page: the published reference figures with their citation, the
criteria, downloads; the pages in Arabic."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def test_reference_figures_with_their_citation(client, criteria):
    page = client.get("/en/supply-chains/").content.decode()
    assert ("Ending child labour, forced labour and human trafficking in global supply "
            "chains") in page
    assert "Eastern and South-Eastern Asia" in page and "26%" in page
    assert "No footprint has been published yet." in page
    assert "Berlin Strategic Workshop: Outcome Report, 21 June 2017" in page
    assert "seed" not in page.lower()
    assert "<svg" in page and ("Bar chart, Share of child labour linked to exports, by region, "
                                "2019 report. Eastern and South-Eastern Asia: 26%;") in page
    rows = list(csv.reader(io.StringIO(client.get(
        "/en/supply-chains/?table=reference&format=csv").content.decode("utf-8-sig"))))
    assert [r[:2] for r in rows[1:]] == [
        ["Eastern and South-Eastern Asia", "26"], ["Latin America and the Caribbean", "22"],
        ["Central and Southern Asia", "12"], ["Sub-Saharan Africa", "12"],
        ["Northern Africa and Western Asia", "9"]]
    assert client.get("/en/supply-chains/?table=shares&format=csv").status_code == 404


@pytest.mark.parametrize("path", ["/ar/supply-chains/", "/ar/supply-chains/initiatives/",
                                  "/ar/supply-chains/initiatives/compare/",
                                  "/zh-hans/supply-chains/"])
def test_pages_in_other_languages(client, criteria, path):
    response = client.get(path)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'dir="rtl"' in text if path.startswith("/ar/") else True
    assert ("المبادرات" in text or "عمل الأطفال" in text) if path.startswith("/ar/") else (
        "全球供应链中的童工" in text)


def test_upload_page_is_for_the_secretariat(client, secretariat, partner_user):
    assert client.get("/en/supply-chains/runs/").status_code == 302
    client.force_login(partner_user)
    assert client.get("/en/supply-chains/runs/").status_code == 403
    client.force_login(secretariat)
    page = client.get("/en/supply-chains/runs/").content.decode()
    assert "the --by option of the estimate" in page
