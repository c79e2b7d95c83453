"""Server-rendered charts: one Vega-Lite spec per figure, rendered to SVG or PNG.

Pages, PDFs and tests see the same picture. Rendering runs in-process (vl-convert) and
needs no network: data is always inline. Results are cached by spec.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# Chinese is drawn with the bundled Target87 Sans SC, so a chart looks the same on every
# server, with or without Chinese fonts; characters it lacks fall back to the system
FONT = "DejaVu Sans, Noto Sans, Target87 Sans SC, Noto Sans CJK SC, sans-serif"


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
        "config": {"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11,
                                                                   "titleFontSize": 12}},
    }
    spec.update(extra)
    return spec


@lru_cache(maxsize=512)
def _svg(spec_json: str) -> str:
    return _vl_convert().vegalite_to_svg(json.loads(spec_json))


@lru_cache(maxsize=128)
def _png(spec_json: str, scale: float) -> bytes:
    return _vl_convert().vegalite_to_png(json.loads(spec_json), scale=scale)


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
