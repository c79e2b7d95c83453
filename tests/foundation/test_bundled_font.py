"""The bundled Chinese font draws every Chinese string the platform itself ships."""

from pathlib import Path

from django.utils import translation
from fontTools.ttLib import TTFont

import target87
from target87.core import charts

PACKAGE = Path(target87.__file__).parent
FONT = charts.bundled_fonts_dir() / "Target87SansSC-Regular.otf"


def _han(text: str) -> set[str]:
    return {c for c in text if "\u4e00" <= c <= "\u9fff"}


def test_font_covers_chinese_catalogues_and_reference_data():
    cmap = TTFont(str(FONT))["cmap"].getBestCmap()
    needed: set[str] = set()
    for po in PACKAGE.rglob("zh_Hans/LC_MESSAGES/django.po"):
        needed |= _han(po.read_text("utf-8"))
    needed |= _han((PACKAGE / "data" / "countries.csv").read_text("utf-8"))
    assert len(needed) > 500
    missing = sorted(c for c in needed if ord(c) not in cmap)
    assert not missing, f"run tools/subset_cjk_font.py; missing: {''.join(missing[:50])}"


def test_font_has_its_own_family_name_and_licence():
    names = TTFont(str(FONT))["name"]
    assert names.getDebugName(1) == "Target87 Sans SC"
    assert "SIL OPEN FONT LICENSE" in (FONT.parent / "OFL.txt").read_text("utf-8")


def test_charts_ask_for_the_bundled_font_and_register_it(monkeypatch):
    import vl_convert

    registered = []
    monkeypatch.setattr(vl_convert, "register_font_directory", registered.append)
    charts._vl_convert.cache_clear()
    try:
        charts._vl_convert()
    finally:
        charts._vl_convert.cache_clear()
    assert registered == [str(charts.bundled_fonts_dir())]


def test_chinese_charts_name_the_bundled_font_first():
    with translation.override("zh-hans"):
        assert charts.base_spec()["config"]["font"].startswith("Target87 Sans SC,")
    with translation.override("ar"):
        assert "Target87" not in charts.base_spec()["config"]["font"]
