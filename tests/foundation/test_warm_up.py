"""Setup draws the charts and renders the menu pages in advance: the first reader is served
from the shared page cache and the chart store, in every process."""

from django.core.cache import caches
from django.test import RequestFactory

from target87.core import charts, pagecache


def test_warm_up_keeps_menu_pages_and_their_charts(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    charts._svg.cache_clear()
    settings.LANGUAGES = [("en", "English"), ("ar", "Arabic")]
    paths = pagecache.public_paths()
    assert "/en/" in paths and "/ar/trends/" in paths and "/ar/countries/" in paths
    assert not list(charts.rendered_dir().glob("*.svg"))
    assert pagecache.warm_public_pages() >= len(paths) // 2  # some answer a redirect
    assert list(charts.rendered_dir().glob("*.svg"))
    request = RequestFactory().get("/ar/")
    assert caches["pages"].get(pagecache._key(request)) is not None
    assert caches["pages"].get(pagecache._key(RequestFactory().get("/en/nowhere/"))) is None


def test_chart_drawn_once_and_shared_through_the_store(tmp_path, settings, monkeypatch):
    settings.DATA_DIR = tmp_path
    charts._svg.cache_clear()
    spec = charts.base_spec(mark="bar", data={"values": [{"a": "x", "b": 1}]},
                            encoding={"x": {"field": "a", "type": "nominal"},
                                      "y": {"field": "b", "type": "quantitative"}})
    svg = charts.render_svg(spec)
    assert svg.startswith("<svg") and len(list(tmp_path.glob("charts/*.svg"))) == 1
    # another process (no memory of it) reads the file instead of drawing again
    charts._svg.cache_clear()
    monkeypatch.setattr(charts, "_vl_convert", lambda: (_ for _ in ()).throw(AssertionError))
    assert charts.render_svg(spec) == svg
