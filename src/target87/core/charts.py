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


def render_svg(spec: dict) -> str:
    """SVG markup for a Vega-Lite spec (inline data only)."""
    return _svg(json.dumps(spec, sort_keys=True, default=str))


def render_png(spec: dict, scale: float = 2.0) -> bytes:
    return _png(json.dumps(spec, sort_keys=True, default=str), scale)


@lru_cache(maxsize=1)
def world_topology() -> dict:
    """Natural Earth 1:110m country outlines; feature ids are M49 codes."""
    text = (resources.files("target87.data") / "countries-110m.topojson").read_text("utf-8")
    return json.loads(text)
