"""Phones get a drawing of their own: narrower, legend below, no label under 11 px, the same
data and text alternative; setup draws it too."""

import html as html_lib
import re

import pytest
from django.utils import translation

from target87.core import charts
from target87.core.pagecache import warm_pages
from target87.trends import services

pytestmark = pytest.mark.django_db

PICTURE = re.compile(
    r'<picture><source media="([^"]+)" srcset="([^"]+)">'
    r'<img class="chart-image" src="([^"]+)" alt="([^"]*)"')
SVG_WIDTH = re.compile(r'<svg[^>]*\bwidth="(\d+(?:\.\d+)?)"')
FONT_SIZE = re.compile(r'font-size[=:]"?\s*(\d+(?:\.\d+)?)px')


def pictures(client, lang):
    html = html_lib.unescape(client.get(f"/{lang}/trends/").content.decode())
    return PICTURE.findall(html), html


def font_sizes(node):
    """Every font size a spec names (axes, legends, titles, marks)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.lower().endswith("fontsize"):
                yield value
            else:
                yield from font_sizes(value)
    elif isinstance(node, list):
        for item in node:
            yield from font_sizes(item)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_page_offers_the_wide_and_the_phone_drawing(client, lang, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    found, html = pictures(client, lang)
    assert len(found) == len(services.CHARTS)
    for media, phone, wide, alt in found:
        assert media == charts.PHONE_MEDIA
        assert phone == charts.phone_url(wide)
        assert alt  # the chart is named; its figures are in the caption
        wide_svg, phone_svg = (client.get(src).content.decode() for src in (wide, phone))
        assert float(SVG_WIDTH.search(phone_svg)[1]) < float(SVG_WIDTH.search(wide_svg)[1])
        # a 390 px phone shows the whole drawing, legend included, without scrolling
        assert float(SVG_WIDTH.search(phone_svg)[1]) <= 360
        sizes = [float(s) for s in FONT_SIZE.findall(phone_svg)]
        assert sizes and min(sizes) >= charts.MIN_LABEL_PX
        assert "…" not in phone_svg  # every label whole, the legend's included


@pytest.mark.parametrize("lang", ["en", "ar", "zh-hans"])
def test_phone_spec_is_narrower_with_the_legend_below_and_labels_of_11_px(lang):
    for chart in services.CHARTS.values():
        with translation.override(lang):
            panel = services.global_panel(chart, services.DEFAULT_METHOD)
        wide, phone = panel.spec, panel.phone_spec
        assert phone["width"] < wide["width"]
        assert phone["data"] == wide["data"]  # the same figures
        legend = phone["layer"][0]["encoding"]["color"]["legend"]
        assert legend["orient"] == "bottom"
        sizes = list(font_sizes(phone))
        assert sizes and min(sizes) >= charts.MIN_LABEL_PX


def test_phone_drawing_of_a_download_has_the_same_text(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    wide = client.get("/en/trends/chart/child-labour-number.svg").content.decode()
    phone = client.get("/en/trends/chart/child-labour-number.svg", {"narrow": "1"})
    assert phone.status_code == 200 and phone.content.decode() != wide
    for text in ("Observed", "Year"):
        assert text in wide and text in phone.content.decode()


def test_warm_up_draws_both_drawings(client, settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    charts._svg.cache_clear()  # as in a new server process: the store is empty
    assert warm_pages(["/en/trends/"]) == 1
    found, _html = pictures(client, "en")
    # every drawing now comes from the store: nothing is drawn on a reader's request
    charts._svg.cache_clear()

    def no_drawing():
        raise AssertionError("drawn on request, not at setup")

    monkeypatch.setattr(charts, "_vl_convert", no_drawing)
    for _media, phone, wide, _alt in found:
        for src in (wide, phone):
            response = client.get(src)
            assert response.status_code == 200 and response.content.startswith(b"<svg")
