"""Server-rendered charts: one Vega-Lite spec per figure, rendered to SVG or PNG.

Pages, PDFs and tests see the same picture. Rendering runs in-process (vl-convert) and
needs no network: data is always inline. A rendered chart is kept on disk in the data
directory under the hash of its spec, which holds its data and its language: every server
process serves the same file, a chart is rendered once per content and language (at setup
by ``warm_public_pages``, or on its first view after the content changed), and a change of
content or language gives a new spec, hence a new file.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import resources

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "DejaVu Sans, Noto Sans, sans-serif"
# The renderer draws a whole label in the first family it finds and falls back to any
# font at all for missing characters, so Chinese charts must name the Chinese font first.
# It is the bundled Target87 Sans SC: a chart looks the same on every server, with or
# without Chinese fonts of its own.
FONT_ZH = "Target87 Sans SC, Noto Sans CJK SC, DejaVu Sans, sans-serif"


def chart_font() -> str:
    from django.utils.translation import get_language

    return FONT_ZH if (get_language() or "").startswith("zh") else FONT


def bundled_fonts_dir():
    """Directory of the fonts shipped with the platform (see data/fonts/OFL.txt)."""
    return resources.files("target87.data") / "fonts"


@lru_cache(maxsize=1)
def _vl_convert():
    import vl_convert as vlc

    vlc.register_font_directory(str(bundled_fonts_dir()))
    return vlc


def base_spec(**extra) -> dict:
    spec = {
        "$schema": VEGA_LITE_SCHEMA,
        "background": "white",
        # no label under 11 px: charts are drawn at their size (phones scroll them)
        "config": {"font": chart_font(), "view": {"stroke": None},
                   "axis": {"labelFontSize": 11, "titleFontSize": 12},
                   "legend": {"labelFontSize": 11, "titleFontSize": 12},
                   "header": {"labelFontSize": 11, "titleFontSize": 12},
                   "title": {"fontSize": 13, "subtitleFontSize": 11},
                   "text": {"fontSize": 11}},
    }
    spec.update(extra)
    return spec


def rendered_dir():
    from django.conf import settings

    path = settings.DATA_DIR / "charts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stored(name: str, render) -> bytes:
    """The file ``name`` from the chart store, rendered and written (atomically) if absent."""
    path = rendered_dir() / name
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = render()
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)  # readers see the whole file or none
    return data


def _spec_key(spec_json: str, *extra) -> str:
    import vl_convert

    raw = "\n".join([vl_convert.__version__, spec_json, *map(str, extra)])
    return hashlib.sha256(raw.encode()).hexdigest()


@lru_cache(maxsize=512)
def _svg(spec_json: str) -> str:
    return _stored(f"{_spec_key(spec_json)}.svg", lambda: _vl_convert().vegalite_to_svg(
        json.loads(spec_json)).encode("utf-8")).decode("utf-8")


@lru_cache(maxsize=128)
def _png(spec_json: str, scale: float) -> bytes:
    return _stored(f"{_spec_key(spec_json, scale)}.png",
                   lambda: _vl_convert().vegalite_to_png(json.loads(spec_json), scale=scale))


# Each axis and legend label in its own isolate (first strong isolate … pop directional
# isolate): an SVG text element is left to right, so without it an Arabic label with a Latin
# name or code in it, or a Latin name in an Arabic chart, has its parts reordered.
LABEL_ISOLATE_EXPR = "'\u2068' + datum.label + '\u2069'"
_TITLE_KEYS = {"title", "subtitle"}


# channels drawn as a legend; the renderer takes no label expression for legends from the
# configuration, so each legend is given it
_LEGEND_CHANNELS = {"color", "fill", "stroke", "shape", "size", "opacity", "fillOpacity",
                    "strokeOpacity", "strokeWidth", "strokeDash"}


def _legend_isolated(definition):
    """A field's legend given the label isolation (a legend hidden with null stays so)."""
    if not isinstance(definition, dict) or "field" not in definition:
        return definition
    legend = definition.get("legend", {})
    if not isinstance(legend, dict):
        return definition  # null: no legend drawn
    return {**definition, "legend": {"labelExpr": LABEL_ISOLATE_EXPR, **legend}}


def _isolated_titles(node, isolate):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in _TITLE_KEYS and isinstance(value, str):
                out[key] = isolate(value)
            elif key in _TITLE_KEYS and isinstance(value, list):
                out[key] = [isolate(v) if isinstance(v, str) else v for v in value]
            elif key in _TITLE_KEYS and isinstance(value, dict):
                out[key] = {k: (isolate(v) if k in {"text", "subtitle"} and isinstance(v, str)
                                else v) for k, v in value.items()}
            elif key == "data":
                out[key] = value  # data stays as it is: filters and lookups compare it
            elif key == "encoding" and isinstance(value, dict):
                out[key] = {channel: _legend_isolated(_isolated_titles(definition, isolate))
                            if channel in _LEGEND_CHANNELS else
                            _isolated_titles(definition, isolate)
                            for channel, definition in value.items()}
            else:
                out[key] = _isolated_titles(value, isolate)
        return out
    if isinstance(node, list):
        return [_isolated_titles(item, isolate) for item in node]
    return node


def for_language(spec: dict, language: str | None = None) -> dict:
    """The spec as drawn in the language: in a right-to-left language, every title keeps
    its left-to-right runs (English names, codes, "by 2019") in their order and every axis
    and legend label is isolated (``core.bidi``). Other languages: the spec unchanged."""
    from django.utils.translation import get_language, get_language_info

    from target87.core.bidi import isolate_line

    code = language or get_language() or "en"
    try:
        rtl = get_language_info(code)["bidi"]
    except KeyError:
        rtl = False
    if not rtl:
        return spec
    spec = _isolated_titles(spec, isolate_line)
    config = dict(spec.get("config") or {})
    config["axis"] = {"labelExpr": LABEL_ISOLATE_EXPR, **(config.get("axis") or {})}
    spec["config"] = config
    return spec


def render_svg(spec: dict) -> str:
    """SVG markup for a Vega-Lite spec (inline data only), drawn for the active language."""
    return _svg(json.dumps(for_language(spec), sort_keys=True, default=str))


def render_png(spec: dict, scale: float = 2.0) -> bytes:
    return _png(json.dumps(for_language(spec), sort_keys=True, default=str), scale)


@lru_cache(maxsize=1)
def world_topology() -> dict:
    """Natural Earth 1:110m country outlines; feature ids are M49 codes."""
    text = (resources.files("target87.data") / "countries-110m.topojson").read_text("utf-8")
    return json.loads(text)


# A phone is given a drawing of its own rather than a wide one shrunk or scrolled: a
# narrower spec with its legend below and no label under ``MIN_LABEL_PX``. The page offers
# both drawings in a <picture> (``chart_picture``), the phone one under ``PHONE_MEDIA``;
# the chart's address takes ``PHONE_PARAM=1`` for the phone spec (``phone_url``,
# ``wants_phone``). Setup's warm-up draws both (``core.pagecache.chart_images``).
PHONE_MEDIA = "(max-width: 600px)"
PHONE_PARAM = "narrow"
MIN_LABEL_PX = 11


def phone_url(url: str) -> str:
    """The address of a chart's phone drawing."""
    return f"{url}{'&' if '?' in url else '?'}{PHONE_PARAM}=1"


def wants_phone(request) -> bool:
    return request.GET.get(PHONE_PARAM) == "1"


def chart_picture(src: str, alt: str, *, width: int | None = None,
                  height: int | None = None, css_class: str = "chart-image"):
    """HTML of a chart drawn from its own address: the wide drawing, and the phone drawing
    for small screens; both carry the same text alternative."""
    from django.utils.html import format_html

    size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    return format_html(
        '<picture><source media="{}" srcset="{}"><img class="{}" src="{}" alt="{}"{}>'
        "</picture>", PHONE_MEDIA, phone_url(src), css_class, src, alt, size)
