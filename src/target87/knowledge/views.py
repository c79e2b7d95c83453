"""Public knowledge pages: overview map, regions, comparison, practices, events, laws."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import condition, require_POST

from target87.accounts.permissions import Action, can, is_secretariat, require
from target87.core.charts import chart_picture, phone_url, wants_phone
from target87.core.limits import accepts_upload
from target87.core.tables import FORMATS, chart_response, table_response
from target87.core.versions import cache_version
from target87.countries.models import Country, ILORegion, SDGRegion, UNStatus
from target87.knowledge import calendars, charts, indicators, search, services
from target87.knowledge.forms import PracticeForm, ReviewForm
from target87.knowledge.models import (
    Event,
    EventKind,
    GoodPractice,
    LabourLaw,
    LawTopic,
    Level,
    PracticeStatus,
    Publication,
    PublicationKind,
    Sector,
    Theme,
)
from target87.knowledge.services import (
    review_practice,
    save_practice,
    submit_practice,
)

PAGE_SIZE = 20
MAX_COMPARE = 4


# ---------------------------------------------------------------- caching


def _etag(request, *args, **kwargs):
    if request.user.is_authenticated:
        return None  # pages show the reader's own links and drafts
    key = f"{cache_version()}|{get_language()}|{request.get_full_path()}|{timezone.localdate()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def public_page(view):
    """ETag / conditional GET for anonymous readers; revalidated on every visit."""
    conditional = condition(etag_func=_etag)(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if not request.user.is_authenticated:
            patch_cache_control(response, no_cache=True, public=True)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapper


def _download(request):
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else ""


def _lang_name(country) -> str:
    return country.name_in(get_language())


def _with_text(records) -> list:
    """The records, each with ``text``: its translatable fields in the reader's language
    (``Translatable.translated``; prefetch "translations" first)."""
    records = list(records)
    for record in records:
        record.text = record.translated()
    return records


def _shown_in_english(records, *fields) -> bool:
    """Whether a page listing these records shows one of these fields in English in place
    of a missing translation (the page then says so once)."""
    return any(set(fields) & record.text["english"] for record in records)


# ---------------------------------------------------------------- overview, regions, compare


def _member_states():
    return Country.objects.filter(un_status=UNStatus.MEMBER)


REGIONAL_MAP_NOTE = _lazy(
    "Countries coloured by their region's estimate: no country figure"
)


def _regional_estimates(countries, values) -> dict:
    """The region estimate (child labour, aged 5-17) for each country without a published
    value of its own: its SDG region's where one was published, else its ILO region's."""
    from target87.trends.context import regional_map_estimates

    return regional_map_estimates([c for c in countries if c.iso3 not in values])


def _map_spec(countries):
    values = indicators.latest_by_country(countries)
    by_m49 = {int(c.m49): values[c.iso3].value for c in countries if c.iso3 in values}
    regional = _regional_estimates(countries, values)
    regional_m49 = {int(c.m49): regional[c.iso3].rate for c in countries if c.iso3 in regional}
    title = _("Child labour prevalence, latest published value")
    if regional_m49:
        title = {"text": title, "subtitle": str(REGIONAL_MAP_NOTE)}
    return charts.world_map_spec(
        by_m49,
        title=title,
        legend=_("Country's own figure: percentage of children aged 5-17"),
        regional=regional_m49,
        regional_legend=_("Region's estimate: percentage of children aged 5-17"),
    ), values, regional


def _regional_rows(countries, regional) -> list[dict]:
    """One row per region estimate used on the map, with the number of countries it
    colours and its source."""
    from target87.countries.models import ILORegion, SDGRegion

    labels = {"sdg": dict(SDGRegion.choices), "ilo": dict(ILORegion.choices)}
    kinds = {"sdg": _("SDG region"), "ilo": _("ILO region")}
    rows: dict[tuple, dict] = {}
    for c in countries:
        est = regional.get(c.iso3)
        if est is None:
            continue
        row = rows.setdefault((est.scope, est.area), {
            "label": str(labels[est.scope].get(est.area, est.area)),
            "kind": kinds[est.scope],
            "estimate": est,
            "countries": 0,
        })
        row["countries"] += 1
    return sorted(rows.values(), key=lambda r: (r["kind"], r["label"]))


@public_page
def overview(request):
    countries = list(_member_states())
    spec, values, regional = _map_spec(countries)
    practice_counts = dict(
        GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)
        .values_list("countries__sdg_region")
        .annotate(n=Count("id", distinct=True))
    )
    regions = []
    for code, label in SDGRegion.choices:
        members = [c for c in countries if c.sdg_region == code]
        regions.append(
            {
                "code": code,
                "label": label,
                "countries": len(members),
                "with_data": sum(1 for c in members if c.iso3 in values),
                "practices": practice_counts.get(code, 0),
            }
        )
    headers = [_("SDG region"), _("Member states"), _("With prevalence data"), _("Good practices")]
    rows = [[r["label"], r["countries"], r["with_data"], r["practices"]] for r in regions]
    if fmt := _download(request):
        return table_response(fmt, "sdg-regions", headers, rows)
    data_rows = sorted(
        [(_lang_name(c), c.iso3, values[c.iso3]) for c in countries if c.iso3 in values],
        key=lambda r: r[0],
    )
    from target87.pathfinders.models import PathfinderCountry

    # the two maps are images of their own (drawn once, see core.charts): the page stays
    # small and the browser caches them
    return render(
        request,
        "knowledge/overview.html",
        {
            "has_map": bool(spec),
            "regional_rows": _regional_rows(countries, regional),
            "regional_count": len(regional),
            "has_pathfinder_map": PathfinderCountry.objects.exists(),
            "regions": regions,
            "data_rows": data_rows,
            "headers": headers,
            "member_count": len(countries),
            "ilo_regions": ILORegion.choices,
        },
    )


def chart_download(request, name, fmt):
    if fmt not in ("svg", "png"):
        raise Http404
    if name == "world-prevalence":
        spec, _values, _regional = _map_spec(list(_member_states()))
    elif name == "pathfinder-status":
        from target87.pathfinders.charts import status_map_spec
        from target87.pathfinders.models import PathfinderCountry

        spec = status_map_spec(list(PathfinderCountry.objects.select_related("country")))
    elif name == "region-prevalence":
        kind, code = request.GET.get("kind", ""), request.GET.get("code", "")
        spec = _region_chart(kind, code)
    else:
        raise Http404
    return chart_response(spec, fmt, name)


REGION_KINDS = {"sdg": (SDGRegion, "sdg_region"), "ilo": (ILORegion, "ilo_region")}


def _region(kind, code):
    if kind not in REGION_KINDS:
        raise Http404
    choices, field = REGION_KINDS[kind]
    if code not in choices.values:
        raise Http404
    return dict(choices.choices)[code], _member_states().filter(**{field: code})


def _region_chart(kind, code):
    label, countries = _region(kind, code)
    countries = list(countries)
    values = indicators.latest_by_country(countries)
    rows = [
        {"label": _lang_name(c), "value": values[c.iso3].value}
        for c in countries
        if c.iso3 in values
    ]
    return charts.bar_spec(
        rows,
        title=_("Child labour prevalence: %(region)s") % {"region": label},
        x_title=_("Percentage of children aged 5-17"),
    )


@public_page
def region_list(request):
    return render(
        request,
        "knowledge/region_list.html",
        {
            "sdg_regions": SDGRegion.choices,
            "ilo_regions": ILORegion.choices,
        },
    )


@public_page
def region_detail(request, kind, code):
    label, countries = _region(kind, code)
    countries = list(
        countries.annotate(
            n_partners=Count("partners", filter=Q(partners__is_published=True), distinct=True),
            n_practices=Count(
                "good_practices",
                filter=Q(good_practices__status=PracticeStatus.PUBLISHED),
                distinct=True,
            ),
        )
    )
    values = indicators.latest_by_country(countries)
    rows = []
    for c in sorted(countries, key=_lang_name):
        point = values.get(c.iso3)
        rows.append(
            {
                "country": c,
                "name": _lang_name(c),
                "point": point,
                "partners": c.n_partners,
                "practices": c.n_practices,
            }
        )
    headers = [
        _("Country"),
        _("ISO code"),
        _("Child labour prevalence (%)"),
        _("Year"),
        _("Source"),
        _("Partners"),
        _("Good practices"),
    ]
    if fmt := _download(request):
        table = [
            [
                r["name"],
                r["country"].iso3,
                r["point"].value if r["point"] else _("no data"),
                r["point"].year if r["point"] else "",
                r["point"].source if r["point"] else "",
                r["partners"],
                r["practices"],
            ]
            for r in rows
        ]
        return table_response(fmt, f"region-{kind}-{code}", headers, table)
    chart_svg = None
    if any(r["point"] for r in rows):
        from target87.core.charts import render_svg

        chart_svg = charts.inline_svg(render_svg(_region_chart(kind, code)))
    return render(
        request,
        "knowledge/region_detail.html",
        {
            "label": label,
            "kind": kind,
            "code": code,
            "rows": rows,
            "chart_svg": chart_svg,
            "headers": headers,
        },
    )


def _compare_choice(request):
    """The countries (at most ``MAX_COMPARE``) and indicators asked for."""
    from target87.knowledge import compare as cmp

    codes = []
    for raw in request.GET.getlist("c"):
        code = raw.strip().upper()[:3]
        if code and code not in codes:
            codes.append(code)
    too_many = len(codes) > MAX_COMPARE
    codes = codes[:MAX_COMPARE]
    found = {c.iso3: c for c in Country.objects.filter(iso3__in=codes)}
    unknown = [c for c in codes if c not in found]
    chosen = [found[c] for c in codes if c in found]
    choices = cmp.indicator_choices()
    asked = [raw.strip()[:40] for raw in request.GET.getlist("i")]
    return {"codes": codes, "too_many": too_many, "unknown": unknown, "countries": chosen,
            "choices": choices, "indicators": cmp.chosen_indicators(asked, choices)}


@public_page
def compare(request):
    from target87.knowledge import compare as cmp

    choice = _compare_choice(request)
    chosen, codes = choice["countries"], choice["codes"]
    names = [_lang_name(c) for c in chosen]
    rows = cmp.rows(chosen, choice["indicators"]) if chosen else []
    columns = []
    for country, name in zip(chosen, names, strict=True):
        columns.append(
            {
                "country": country,
                "name": name,
                "partners": country.partners.filter(is_published=True).count(),
                "practices": country.good_practices.filter(status=PracticeStatus.PUBLISHED).count(),
                "events": country.events.filter(is_published=True).count(),
                "laws": country.labour_laws.filter(is_published=True).count(),
            }
        )
    if (fmt := _download(request)) and columns:
        headers, figures = cmp.table(rows, names)
        table = [[_("SDG region")] + [col["country"].get_sdg_region_display() for col in columns]]
        table += figures
        table += [
            [_("Partners")] + [col["partners"] for col in columns],
            [_("Good practices")] + [col["practices"] for col in columns],
            [_("Events")] + [col["events"] for col in columns],
            [_("Labour laws")] + [col["laws"] for col in columns],
        ]
        return table_response(fmt, "compare-" + "-".join(codes), headers, table)
    query = urlencode([("c", c.iso3) for c in chosen])
    charts_ = []
    for row in rows:
        if row.has_data:
            # drawn from its own address: the page never waits for a chart
            url = reverse("knowledge:compare_chart", args=["svg"])
            q = f"{query}&{urlencode([('i', row.indicator.code)])}"
            alt = cmp.alt_text(row, names)
            charts_.append({"row": row, "src": f"{url}?{q}", "alt": alt,
                            "narrow": phone_url(f"{url}?{q}"),
                            "png": f"{reverse('knowledge:compare_chart', args=['png'])}?{q}",
                            "picture": chart_picture(f"{url}?{q}", alt, width=560,
                                                     height=60 + 44 * len(chosen))})
    all_countries = sorted(_member_states(), key=_lang_name)
    chosen_codes = {i.code for i in choice["indicators"]}
    return render(
        request,
        "knowledge/compare.html",
        {
            "columns": columns,
            "rows": rows,
            "charts": charts_,
            "indicator_choices": [(i, i.code in chosen_codes) for i in choice["choices"]],
            "max_indicators": cmp.MAX_INDICATORS,
            "unknown": choice["unknown"],
            "too_many": choice["too_many"],
            "max": MAX_COMPARE,
            "selected": codes + [""] * (MAX_COMPARE - len(codes)),
            "all_countries": all_countries,
        },
    )


def compare_chart(request, fmt):
    """One indicator's bars for the chosen countries, as SVG or PNG (from the chart store)."""
    from target87.knowledge import compare as cmp

    if fmt not in ("svg", "png"):
        raise Http404
    choice = _compare_choice(request)
    if not choice["countries"] or not choice["indicators"]:
        raise Http404
    names = [_lang_name(c) for c in choice["countries"]]
    row = cmp.rows(choice["countries"], choice["indicators"][:1])[0]
    if not row.has_data:
        raise Http404
    return chart_response(cmp.chart_spec(row, names, narrow=wants_phone(request)), fmt,
                          f"compare-{row.indicator.code}")


# ---------------------------------------------------------------- good practices

FACETS = [("sector", Sector), ("theme", Theme), ("level", Level)]


def _practice_results(request):
    params = {name: request.GET.get(name, "") for name, _choices in FACETS}
    q = request.GET.get("q", "")[: search.MAX_QUERY_LENGTH]
    country = request.GET.get("country", "").strip().upper()[:3]
    qs = GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)
    ranked = search.ranked_ids(q)
    for name, choices in FACETS:
        if params[name] in choices.values:
            qs = qs.filter(**{name: params[name]})
        else:
            params[name] = ""
    if country:
        qs = qs.filter(countries__iso3=country)
    if ranked is not None:
        qs = qs.filter(pk__in=ranked)
    ids = list(qs.values_list("pk", flat=True).distinct())
    if ranked is not None:
        order = {pk: i for i, pk in enumerate(ranked)}
        ids.sort(key=lambda pk: order.get(pk, len(order)))
    else:
        titles = dict(GoodPractice.objects.filter(pk__in=ids).values_list("pk", "title"))
        ids.sort(key=lambda pk: titles[pk].casefold())
    facets = []
    for name, choices in FACETS:
        counts = dict(
            GoodPractice.objects.filter(pk__in=ids).values_list(name).annotate(n=Count("id"))
        )
        facets.append(
            {
                "name": name,
                "label": GoodPractice._meta.get_field(name).verbose_name,
                "selected": params[name],
                "options": [(v, lab, counts.get(v, 0)) for v, lab in choices.choices],
            }
        )
    return q, country, params, ids, facets


@public_page
def practice_list(request):
    q, country, params, ids, facets = _practice_results(request)
    if fmt := _download(request):
        practices = GoodPractice.objects.filter(pk__in=ids).prefetch_related(
            "translations", "countries"
        )
        by_id = {p.pk: p for p in practices}
        headers = [
            _("Title"),
            _("Sector"),
            _("Theme"),
            _("Level"),
            _("Countries"),
            _("Summary"),
            _("Source"),
        ]
        rows = []
        for pk in ids:
            p = by_id[pk]
            text = p.translated()
            rows.append(
                [
                    text["title"],
                    p.get_sector_display(),
                    p.get_theme_display(),
                    p.get_level_display(),
                    ", ".join(c.iso3 for c in p.countries.all()),
                    text["summary"],
                    p.source,
                ]
            )
        return table_response(fmt, "good-practices", headers, rows)
    paginator = Paginator(ids, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    practices = GoodPractice.objects.filter(pk__in=list(page.object_list)).prefetch_related(
        "translations", "countries"
    )
    by_id = {p.pk: p for p in practices}
    items = [(by_id[pk], by_id[pk].translated()) for pk in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "knowledge/practice_list.html",
        {
            "q": q,
            "country": country,
            "params": params,
            "facets": facets,
            "items": items,
            "page": page,
            "count": paginator.count,
            "querystring": query.urlencode(),
            "may_submit": can(request.user, Action.CREATE, GoodPractice()),
        },
    )


def practice_detail(request, slug):
    practice = get_object_or_404(
        GoodPractice.objects.prefetch_related("translations", "countries", "attachments"), slug=slug
    )
    require(request.user, Action.VIEW, practice)
    if practice.is_public():
        return public_page(_practice_detail)(request, practice)
    return _practice_detail(request, practice)


def _practice_detail(request, practice):
    return render(
        request,
        "knowledge/practice_detail.html",
        {
            "practice": practice,
            "text": practice.translated(),
            "may_edit": can(request.user, Action.CHANGE, practice),
            "may_review": practice.status == PracticeStatus.SUBMITTED
            and can(request.user, Action.PUBLISH, practice),
            "review_form": ReviewForm(),
        },
    )


@accepts_upload("DOCUMENT_MAX_UPLOAD_BYTES")
@login_required
def practice_edit(request, slug=None):
    practice = get_object_or_404(GoodPractice, slug=slug) if slug else GoodPractice()
    require(request.user, Action.CHANGE if practice.pk else Action.CREATE, practice)
    form = PracticeForm(request.POST or None, request.FILES or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        try:
            practice = save_practice(
                request.user,
                form.save(commit=False),
                form.cleaned_data["countries"],
                attachment=form.cleaned_data.get("attachment"),
                attachment_title=form.cleaned_data.get("attachment_title", ""),
            )
        except ValidationError as exc:
            form.add_error("attachment", exc)
        else:
            if "submit" in request.POST:
                try:
                    submit_practice(request.user, practice)
                except ValidationError as exc:
                    # The edits are already saved; only the submission was refused.
                    messages.error(request, _(
                        "The changes were saved, but the practice was not submitted for "
                        "review: %(reason)s") % {"reason": " ".join(exc.messages)})
                else:
                    messages.success(request, _("The practice was submitted for review."))
            else:
                messages.success(request, _("The draft was saved."))
            return redirect(practice.get_absolute_url())
    return render(request, "knowledge/practice_form.html", {"form": form, "practice": practice})


@login_required
@require_POST
def practice_submit(request, slug):
    practice = get_object_or_404(GoodPractice, slug=slug)
    try:
        submit_practice(request.user, practice)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The practice was submitted for review."))
    return redirect(practice.get_absolute_url())


@login_required
@require_POST
def practice_review(request, slug):
    practice = get_object_or_404(GoodPractice, slug=slug)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(practice.get_absolute_url())
    publish = form.cleaned_data["decision"] == "publish"
    try:
        review_practice(request.user, practice, publish, form.cleaned_data["review_note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The practice was published.")
            if publish
            else _("The practice was returned to its author."),
        )
    return redirect(practice.get_absolute_url())


@login_required
def practice_queue(request):
    """Drafts of the reader; for the Secretariat, every practice waiting for review."""
    mine = GoodPractice.objects.filter(submitted_by=request.user).order_by("-updated_at")
    waiting = GoodPractice.objects.none()
    if is_secretariat(request.user):
        waiting = GoodPractice.objects.filter(status=PracticeStatus.SUBMITTED).order_by(
            "updated_at"
        )
    elif not mine.exists() and not can(request.user, Action.CREATE, GoodPractice()):
        raise PermissionDenied(_("You have no good practices to follow."))
    return render(request, "knowledge/practice_queue.html", {"mine": mine, "waiting": waiting})


# ---------------------------------------------------------------- publications and laws


@public_page
def publication_list(request):
    kind = request.GET.get("kind", "")
    qs = Publication.objects.filter(is_published=True).prefetch_related("translations")
    if kind in PublicationKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    publications = _with_text(qs)
    headers = [_("Title"), _("Type"), _("Year"), _("Publisher"), _("Source")]
    if fmt := _download(request):
        return table_response(
            fmt,
            "publications",
            headers,
            [
                [p.text["title"], p.get_kind_display(), p.year, p.publisher, p.source]
                for p in publications
            ],
        )
    return render(
        request,
        "knowledge/publication_list.html",
        {
            "publications": publications,
            "text": {"fallback": _shown_in_english(publications, "title")},
            "kinds": PublicationKind.choices,
            "kind": kind,
        },
    )


@public_page
def law_list(request):
    country = request.GET.get("country", "").strip().upper()[:3]
    topic = request.GET.get("topic", "")
    qs = (
        LabourLaw.objects.filter(is_published=True)
        .select_related("country")
        .prefetch_related("translations")
    )
    if country:
        qs = qs.filter(country__iso3=country)
    if topic in LawTopic.values:
        qs = qs.filter(topic=topic)
    else:
        topic = ""
    laws = _with_text(qs)
    headers = [
        _("Country"),
        _("Law"),
        _("Topic"),
        _("Year adopted"),
        _("Link"),
        _("Summary"),
        _("Source"),
    ]
    if fmt := _download(request):
        return table_response(
            fmt,
            "labour-laws",
            headers,
            [
                [
                    _lang_name(law.country),
                    law.text["title"],
                    law.get_topic_display(),
                    law.year_adopted,
                    law.url,
                    law.text["summary"],
                    law.source,
                ]
                for law in laws
            ],
        )
    countries = Country.objects.filter(labour_laws__is_published=True).distinct()
    return render(
        request,
        "knowledge/law_list.html",
        {
            "laws": laws,
            "text": {"fallback": _shown_in_english(laws, "title", "summary")},
            "topics": LawTopic.choices,
            "topic": topic,
            "country": country,
            "countries": sorted(countries, key=_lang_name),
        },
    )


# ---------------------------------------------------------------- events


def _event_filters(request):
    qs = Event.objects.filter(is_published=True).prefetch_related("countries", "translations")
    kind = request.GET.get("kind", "")
    if kind in EventKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    country = request.GET.get("country", "").strip().upper()[:3]
    if country:
        qs = qs.filter(countries__iso3=country).distinct()
    return qs, kind, country


@public_page
def event_list(request):
    qs, kind, country = _event_filters(request)
    when = request.GET.get("when", "")
    today = timezone.localdate()
    if when == "upcoming":
        qs = services.upcoming_events(qs, today)
    elif when == "past":
        qs = services.past_events(qs, today)
    else:
        when = ""
        qs = services.upcoming_first(qs, today)
    headers = [_("Event"), _("Type"), _("Starts"), _("Ends"), _("Place"), _("Status"), _("Source")]
    if fmt := _download(request):
        return table_response(
            fmt,
            "events",
            headers,
            [
                [
                    e.text["title"],
                    e.get_kind_display(),
                    e.start_date.isoformat(),
                    e.end_date.isoformat(),
                    e.text["location"],
                    e.get_status_display(),
                    e.source,
                ]
                for e in _with_text(qs)
            ],
        )
    paginator = Paginator(qs, 50)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _with_text(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "knowledge/event_list.html",
        {
            "page": page,
            "text": {"fallback": _shown_in_english(page.object_list, "title", "location")},
            "kinds": EventKind.choices,
            "kind": kind,
            "country": country,
            "when": when,
            "today": today,
            "querystring": query.urlencode(),
        },
    )


@public_page
def event_month(request, year=None, month=None):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 1900 <= year <= 2100):
        raise Http404
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    qs, kind, country = _event_filters(request)
    events = _with_text(qs.filter(start_date__lte=last, end_date__gte=first).order_by("start_date"))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for day in week:
            todays = [
                e
                for e in events
                if e.start_date <= day <= e.end_date
                and (e.date_precision == "day" or day == e.start_date)
            ]
            days.append(
                {
                    "date": day,
                    "in_month": day.month == month,
                    "events": todays,
                    "is_today": day == today,
                }
            )
        weeks.append(days)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    next_with_events = services.next_month_with_events(qs, last)
    prev_with_events = services.previous_month_with_events(qs, first)
    weekday_names = [dt.date(2024, 1, i) for i in range(1, 8)]  # Monday to Sunday
    return render(
        request,
        "knowledge/event_month.html",
        {
            "first": first,
            "weeks": weeks,
            "events": events,
            "text": {"fallback": _shown_in_english(events, "title")},
            "prev": prev_month,
            "next": next_month,
            "next_with_events": next_with_events,
            "prev_with_events": prev_with_events,
            "weekday_names": weekday_names,
            "kinds": EventKind.choices,
            "kind": kind,
            "country": country,
            "querystring": request.GET.urlencode(),
        },
    )


@public_page
def event_detail(request, pk):
    event = get_object_or_404(
        Event.objects.prefetch_related("countries", "translations"), pk=pk, is_published=True
    )
    return render(
        request, "knowledge/event_detail.html", {"event": event, "text": event.translated()}
    )


@public_page
def event_ics(request, pk):
    event = get_object_or_404(
        Event.objects.prefetch_related("translations"), pk=pk, is_published=True
    )
    body = calendars.to_ical([event], request.build_absolute_uri("/"), get_language())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@public_page
def events_feed(request):
    qs, _kind, _country = _event_filters(request)
    body = calendars.to_ical(list(qs), request.build_absolute_uri("/"), get_language())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
