"""The pathfinder e-report of a reporting cycle: one report of all pathfinder countries
("Launch of new digital report ('e-report') on progress of pathfinder countries …,
including review if pledges made at the IV Global Conference", Roadmap to 2021).

It is built only from what is public: questionnaires the Secretariat approved for the
cycle, published indicator values, the roadmaps and their funding gaps, the lessons learnt
and the published pledges. One context feeds the web page and the PDF.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from target87.core.dates import format_day
from target87.core.templatetags.platform import number
from target87.monitoring.models import (
    Observation,
    ObservationStatus,
    Origin,
    Questionnaire,
    QuestionnaireStatus,
    ReportingCycle,
)
from target87.pathfinders import charts
from target87.pathfinders import services as pathfinder_services
from target87.pathfinders.models import (
    LessonLearnt,
    NationalPriority,
    PathfinderCountry,
    PathfinderStatus,
    RoadmapAction,
)
from target87.pledges.services import IV_GLOBAL_CONFERENCE, status_report

# A questionnaire counts once the Secretariat approved it; later states of the workflow
# (published) count too.
APPROVED = {QuestionnaireStatus.APPROVED, "published"}
ANSWERS = [
    ("q1_progress", "progress"), ("q1_successes", "successes"),
    ("q1_challenges", "challenges"), ("q3_highlights", "highlights"),
    ("q5_next_steps", "next_steps"),
]


def section_titles() -> list[tuple[str, str]]:
    return [
        ("map", _("Pathfinder countries by status")),
        ("resources", _("Resources required, available and the funding gap")),
        ("countries", _("Progress per country")),
        ("lessons", _("Lessons learnt")),
        ("pledges", _("Review of the pledges of the IV Global Conference")),
    ]


def _value(obs: Observation) -> str:
    if obs.value_bool is not None:
        text = _("yes") if obs.value_bool else _("no")
        return f"{text} ({obs.value_year})" if obs.value_year else str(text)
    if obs.value is not None:
        digits = 0 if obs.value == obs.value.to_integral_value() else 2
        shown = number(obs.value, digits)
        if obs.currency:
            return f"{shown} {obs.currency}"
        unit = obs.indicator.unit if obs.indicator_id else ""
        return f"{shown} {unit}".strip()
    if obs.value_year:
        return str(obs.value_year)
    return obs.value_text or "—"


def _indicators(country_ids: list[int], year: int) -> dict[int, list[dict]]:
    """Published totals (no disaggregation) up to the cycle's year, latest per indicator and
    origin: where the country reports its own figure and the custodian publishes another,
    both are listed, national first, each labelled by its origin, never one replacing the
    other."""
    rows: dict[int, dict[tuple[int, str], Observation]] = defaultdict(dict)
    qs = (Observation.objects.filter(country_id__in=country_ids, status=ObservationStatus.PUBLISHED,
                                     indicator__isnull=False, disaggregation_key="",
                                     period__lte=year)
          .select_related("indicator").order_by("period"))
    for obs in qs:
        rows[obs.country_id][(obs.indicator_id, obs.origin)] = obs  # the later period wins
    language = get_language()
    origins = [Origin.NATIONAL, Origin.GLOBAL]
    out = {}
    for country_id, by_indicator in rows.items():
        ordered = sorted(by_indicator.values(),
                         key=lambda o: (o.indicator.order, origins.index(o.origin)))
        out[country_id] = [{"code": o.indicator.code, "name": o.indicator.name_in(language),
                            "dimension": o.indicator.get_dimension_display(),
                            "origin": o.origin, "origin_label": _origin_label(o.origin),
                            "period": o.period, "value": _value(o), "source": o.source}
                           for o in ordered]
    return out


def _origin_label(origin: str) -> str:
    return _("Global (custodian)") if origin == Origin.GLOBAL else _("National")


def _money(gap: dict) -> list[dict]:
    return [{"currency": cur, "required": number(v["required"], 0),
             "available": number(v["available"], 0), "gap": number(v["gap"], 0),
             "gap_value": v["gap"]} for cur, v in gap.items()]


def map_svg(pathfinders) -> str:
    return charts.status_map(pathfinders)


def map_png_uri(pathfinders) -> str:
    """The map as a PNG for the PDF: the PDF renderer draws SVG text without shaping
    Arabic letters, the chart renderer's PNG shapes them."""
    from target87.core.charts import render_png

    png = render_png(charts.status_map_spec(pathfinders))
    return "data:image/png;base64," + base64.b64encode(png).decode()


def context(cycle: ReportingCycle, *, with_map: bool = True, for_print: bool = False) -> dict:
    language = get_language()
    pathfinders = sorted(
        PathfinderCountry.objects.select_related("country"),
        key=lambda p: (p.country.ilo_region, p.country.name_in(language)))
    country_ids = [p.country_id for p in pathfinders]
    questionnaires = {
        q.country_id: q for q in Questionnaire.objects.filter(
            cycle=cycle, status__in=APPROVED, country_id__in=country_ids
        ).prefetch_related("next_steps")}
    indicators = _indicators(country_ids, cycle.year)
    actions_by_country: dict[int, list[RoadmapAction]] = defaultdict(list)
    for action in RoadmapAction.objects.filter(priority__country_id__in=country_ids) \
            .select_related("priority"):
        actions_by_country[action.priority.country_id].append(action)
    priorities = defaultdict(list)
    # each priority in the report's language, English where it has no translation
    for priority in NationalPriority.objects.filter(
            country_id__in=country_ids).prefetch_related("translations"):
        priorities[priority.country_id].append(priority.translated(language))

    countries, lessons_by_country = [], []
    for pathfinder in pathfinders:
        cid = pathfinder.country_id
        q = questionnaires.get(cid)
        answers = {key: (q.answers or {}).get(name, "").strip() for name, key in ANSWERS} \
            if q else {}
        steps = list(q.next_steps.all()) if q else []
        actions = actions_by_country.get(cid, [])
        countries.append({
            "pathfinder": pathfinder,
            "name": pathfinder.country.name_in(language),
            "iso3": pathfinder.country.iso3,
            "region": pathfinder.country.get_ilo_region_display(),
            "status": pathfinder.get_status_display(),
            "status_code": pathfinder.status,
            "reported": q is not None,
            "answers": answers,
            "steps_achieved": sum(1 for s in steps if s.achieved),
            "steps_total": len(steps),
            "indicators": indicators.get(cid, []),
            "priorities": priorities.get(cid, []),
            "priorities_in_english": any(p["english"] for p in priorities.get(cid, [])),
            "progress": pathfinder_services.roadmap_progress(actions),
            "gap": _money(pathfinder_services.funding_gap(actions)),
        })
        if q and (q.answers or {}).get("q1_lessons", "").strip():
            lessons_by_country.append({"name": pathfinder.country.name_in(language),
                                       "text": q.answers["q1_lessons"].strip()})

    all_actions = [a for rows in actions_by_country.values() for a in rows]
    status_counts = []
    for value, label in PathfinderStatus.choices:
        n = sum(1 for p in pathfinders if p.status == value)
        if n:
            status_counts.append({"status": value, "label": label, "count": n})
    svg = map_svg(pathfinders) if with_map and pathfinders and not for_print else ""
    png = map_png_uri(pathfinders) if with_map and pathfinders and for_print else ""
    return {
        "cycle": cycle,
        "year": cycle.year,
        "sections": section_titles(),
        "countries": countries,
        "reported_count": len(questionnaires),
        "country_count": len(countries),
        "status_counts": status_counts,
        "map_svg": svg,
        "map_data_uri": png,
        "totals": _money(pathfinder_services.funding_gap(all_actions)),
        "roadmap": pathfinder_services.roadmap_progress(all_actions),
        "lessons": list(LessonLearnt.objects.all()),
        "country_lessons": lessons_by_country,
        "pledges": status_report(IV_GLOBAL_CONFERENCE),
        "generated": format_day(timezone.localdate()),
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "LANG": language,
    }


def total_gap(ctx: dict) -> dict[str, Decimal]:
    return {row["currency"]: row["gap_value"] for row in ctx["totals"]}


def print_html(cycle: ReportingCycle) -> str:
    from target87.pathfinders.report import cjk_font_url

    return render_to_string("ereport/print.html", context(cycle, for_print=True) | {
        "CJK_FONT_URL": cjk_font_url()})


def filename(cycle: ReportingCycle) -> str:
    return f"pathfinder-e-report-{cycle.year}-{get_language()}"


def request_pdf(cycle: ReportingCycle) -> tuple[str, object]:
    """("ready", path), ("pending", None) or ("failed", message): the worker renders each
    distinct report once (``core.pdfs``)."""
    from target87.core.pdfs import request_pdf as request

    return request(print_html(cycle))
