"""Trends page, chart and data downloads, and the country-page projection section."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from target87.core.charts import chart_picture, render_png, render_svg, wants_phone
from target87.countries.models import Country
from target87.trends import context, services
from target87.trends.forms import TrendsForm

FORMATS = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "csv": "text/csv; charset=utf-8",
}


def _choice(request, groups=None) -> tuple[TrendsForm, dict]:
    form = TrendsForm(request.GET or None, groups=groups)
    if form.is_bound:
        form.is_valid()
    return form, form.choice()


def _query(choice: dict, group: str) -> str:
    params = {"method": choice["method"]}
    start, end = choice[group]
    if start is not None:
        params[f"{group}_from"] = start
    if end is not None:
        params[f"{group}_to"] = end
    return urlencode(params)


def _panel_with_picture(panel: services.Panel, src: str) -> services.Panel:
    """The chart drawn from its own address (``src``), wide and for phones: the page never
    waits for a drawing, and setup draws both (core.pagecache)."""
    panel.picture = chart_picture(src, panel.title) if panel.spec else ""
    return panel


def trends_page(request):
    form, choice = _choice(request)
    groups = []
    for key, group in services.GROUPS.items():
        start, end = choice[key]
        panels = []
        for chart in services.CHARTS.values():
            if chart.group != key:
                continue
            query = _query(choice, key)
            panel = _panel_with_picture(
                services.global_panel(chart, choice["method"], start, end),
                reverse("trends:chart_download", args=[chart.key, "svg"]) + "?" + query,
            )
            panel.downloads = [
                (label, reverse("trends:chart_download", args=[chart.key, fmt]) + "?" + query)
                for fmt, label in (("svg", "SVG"), ("png", "PNG"), ("csv", "CSV"))
            ]
            panels.append(panel)
        groups.append({
            "key": key,
            "title": group.title,
            "target_year": group.target_year,
            "panels": panels,
            "fields": [form[f"{key}_from"], form[f"{key}_to"]],
        })
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "trends/index.html", {
        "form": form,
        "groups": groups,
        "method": choice["method"],
        "method_label": services.method_label(choice["method"]),
    }, status=status)


def _download(request, panel: services.Panel, fmt: str, filename: str,
              csv_text=None) -> HttpResponse:
    """The chart as CSV, SVG or PNG; the phone drawing when asked for (``wants_phone``)."""
    spec = panel.phone_spec if wants_phone(request) else panel.spec
    if fmt == "csv":
        response = HttpResponse(csv_text(), content_type=FORMATS["csv"])
    elif not spec:
        return HttpResponseBadRequest(panel.error, content_type="text/plain; charset=utf-8")
    elif fmt == "svg":
        response = HttpResponse(render_svg(spec), content_type=FORMATS["svg"])
    else:
        response = HttpResponse(render_png(spec), content_type=FORMATS["png"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _bad_request(form: TrendsForm) -> HttpResponse:
    lines = [
        f"{form[name].label if name in form.fields else name}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]
    return HttpResponseBadRequest("\n".join(lines) + "\n",
                                  content_type="text/plain; charset=utf-8")


def chart_download(request, key: str, fmt: str):
    chart = services.CHARTS.get(key)
    if chart is None or fmt not in FORMATS:
        raise Http404(_("No such chart."))
    form, choice = _choice(request, groups=[chart.group])
    if form.is_bound and form.errors:
        return _bad_request(form)
    start, end = choice[chart.group]
    panel = services.global_panel(chart, choice["method"], start, end)
    filename = f"{key}-{panel.method}-{panel.target_year}"
    return _download(request, panel, fmt, filename,
                     lambda: services.global_csv(chart, panel))


def country_download(request, iso3: str, code: str, fmt: str):
    country = get_object_or_404(Country, iso3=iso3.upper())
    if fmt not in FORMATS:
        raise Http404(_("No such format."))
    series = next((s for s in services.country_series(country) if s.slug == code), None)
    if series is None:
        raise Http404(_("No published series for this country."))
    form, choice = _choice(request, groups=[])
    if form.is_bound and form.errors:
        return _bad_request(form)
    panel = services.country_panel(country, series, choice["method"])
    filename = f"{country.iso3}-{series.slug}-{panel.method}-{panel.target_year}"
    return _download(
        request, panel, fmt, filename,
        lambda: services.panel_csv(
            panel, series=series.code, unit=series.unit,
            indicator=f"{series.indicator} ({series.origin_label})"),
    )


def render_country_trend(request, country, series_list):
    """HTML of the country-page section, one projection per series; ``None`` without data."""
    series_list = [s for s in series_list or () if s.points]
    if not series_list:
        return None
    panels = []
    for series in series_list:
        panel = _panel_with_picture(
            services.country_panel(country, series),
            reverse("trends:country_download", args=[country.iso3, series.slug, "svg"]))
        panel.downloads = [
            (label, reverse("trends:country_download", args=[country.iso3, series.slug, fmt]))
            for fmt, label in (("svg", "SVG"), ("png", "PNG"), ("csv", "CSV"))
        ]
        panels.append(panel)
    return render_to_string("trends/_country_section.html", {
        "panels": panels, "country": country,
    }, request=request)


def country_section(request, country):
    return render_country_trend(request, country, services.country_series(country))


def _area_label(scope: str, area: str) -> str:
    from target87.countries.models import ILORegion, SDGRegion

    labels = {context.SCOPE_SDG: dict(SDGRegion.choices),
              context.SCOPE_ILO: dict(ILORegion.choices)}
    return str(labels.get(scope, {}).get(area, _("World")))


def _digits(value: float | None) -> int:
    """Decimals to show: a figure published as a whole number ("87 million") keeps none."""
    return 0 if value is None or float(value).is_integer() else 1


def render_context_section(request, country, *, own_figure: bool):
    """The country page's regional and global estimates, marked as such."""
    topics = []
    for item in context.country_context(country):
        regions = {context.SCOPE_SDG: country.sdg_region, context.SCOPE_ILO: country.ilo_region}
        topics.append({
            "topic": item.topic,
            "estimates": [{"estimate": e, "label": _area_label(e.scope, e.area),
                           "rate_digits": _digits(e.rate), "number_digits": _digits(e.number)}
                          for e in item.estimates],
            "missing": [_area_label(scope, region) for scope, region in regions.items()
                        if region in item.missing],
        })
    if not any(t["estimates"] for t in topics):
        return None
    return render_to_string("trends/_context_section.html", {
        "topics": topics, "country": country, "own_figure": own_figure,
    }, request=request)


def context_section_first(request, country):
    """Shown near the top of the page when the country has no figure of its own."""
    if context.has_own_figure(country):
        return None
    return render_context_section(request, country, own_figure=False)


def context_section_after(request, country):
    """Shown after the country's own figures when it has some."""
    if not context.has_own_figure(country):
        return None
    return render_context_section(request, country, own_figure=True)
