"""Arabic charts keep left-to-right runs (English names, codes, "by 2019") in their order:
titles carry isolated runs, axis and legend labels are isolated one by one, and the data
the chart filters and joins on is left as it is."""

import re
from html import unescape

import pytest
from django.utils import translation

from target87.core.bidi import FSI, LRI, PDI, RLI, isolate_line, isolate_runs
from target87.core.charts import base_spec, for_language, render_svg


def _texts(svg: str) -> list[str]:
    return [unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_left_to_right_runs_inside_an_arabic_line_are_isolated():
    line = isolate_runs("نيبال Nepal (NPL) 2019 عدد")
    assert f"{LRI}Nepal (NPL) 2019{PDI}" in line
    assert line.startswith("نيبال ") and line.endswith(" عدد")
    # the full stop after the run stays with the Arabic line
    assert isolate_runs("عمل الأطفال by 2019.").endswith(f"{LRI}by 2019{PDI}.")
    # no Arabic letter at all: isolated whole, with its own direction
    assert isolate_line("Kantipur Daily") == f"{LRI}Kantipur Daily{PDI}"
    assert isolate_line("12.5 %") == f"{FSI}12.5 %{PDI}"
    assert isolate_line("") == ""


def _spec():
    return base_spec(
        width=300, height=100, title="عدد الورش حسب البلد (ILO, 2019)",
        data={"values": [{"country": "Nepal (NPL)", "n": 3}, {"country": "نيبال", "n": 2}]},
        transform=[{"filter": "datum.country != 'Nepal (NPL)' || datum.n > 0"}],
        mark="bar",
        encoding={"y": {"field": "country", "type": "nominal", "title": "البلد"},
                  "x": {"field": "n", "type": "quantitative", "title": "SDG 8.7.1"},
                  "color": {"field": "country", "type": "nominal",
                            "legend": {"orient": "bottom"}}})


@pytest.mark.django_db
def test_arabic_chart_text_keeps_latin_runs_in_order():
    with translation.override("ar"):
        svg = render_svg(_spec())
    texts = _texts(svg)
    title = RLI + "عدد الورش حسب البلد (" + LRI + "ILO, 2019" + PDI + ")" + PDI
    assert title in texts
    assert f"{LRI}SDG 8.7.1{PDI}" in texts  # axis title
    # every label drawn for the country axis and the legend is isolated, once each
    assert texts.count(f"{FSI}Nepal (NPL){PDI}") == 2
    assert texts.count(f"{FSI}نيبال{PDI}") == 2
    assert "Nepal (NPL)" not in texts


@pytest.mark.django_db
def test_data_is_unchanged_and_other_languages_draw_as_before():
    spec = _spec()
    arabic = for_language(spec, "ar")
    assert arabic["data"] == spec["data"] and arabic["transform"] == spec["transform"]
    assert for_language(spec, "fr") is spec
    with translation.override("en"):
        texts = _texts(render_svg(spec))
    assert "Nepal (NPL)" in texts
    assert not any(mark in t for t in texts for mark in (FSI, LRI, RLI, PDI))


def test_a_hidden_legend_stays_hidden():
    spec = base_spec(mark="point", data={"values": []},
                     encoding={"color": {"field": "c", "type": "nominal", "legend": None},
                               "shape": {"value": "circle"}})
    arabic = for_language(spec, "ar")
    assert arabic["encoding"]["color"]["legend"] is None
    assert arabic["encoding"]["shape"] == {"value": "circle"}
