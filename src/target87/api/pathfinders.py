"""Pathfinder countries: the list with status and workshop, and each country's e-report
(status history, priorities, roadmap actions, funding gap by currency, next steps)."""


import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from target87.accounts.permissions import can
from target87.api.common import MAX_LIMIT, ErrorOut, Pagination, choice_or_400
from target87.countries.models import ILORegion
from target87.pathfinders import services
from target87.pathfinders.models import (
    NationalPriority,
    NextStep,
    PathfinderCountry,
    PathfinderStatus,
    RoadmapAction,
    Workshop,
)

router = Router(tags=["pathfinders"])


class WorkshopOut(Schema):
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    postponed_to: dt.date | None
    virtual: bool
    venue: str


class PathfinderOut(Schema):
    iso3: str
    name: str
    status: str
    status_label: str
    region: str
    sdg_region: str
    workshop: WorkshopOut | None
    priorities: int
    url: str

    @staticmethod
    def resolve_iso3(obj) -> str:
        return obj.country.iso3 if isinstance(obj, PathfinderCountry) else obj["iso3"]

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.country.name_en if isinstance(obj, PathfinderCountry) else obj["name"]

    @staticmethod
    def resolve_status_label(obj) -> str:
        status = obj.status if isinstance(obj, PathfinderCountry) else obj["status"]
        return services.status_label(status)

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.country.ilo_region if isinstance(obj, PathfinderCountry) else obj["region"]

    @staticmethod
    def resolve_sdg_region(obj) -> str:
        return obj.country.sdg_region if isinstance(obj, PathfinderCountry) else \
            obj["sdg_region"]

    @staticmethod
    def resolve_workshop(obj):
        if isinstance(obj, PathfinderCountry):
            return _workshop_out(_latest_workshop(obj.country.pathfinder_workshops.all()))
        return obj["workshop"]

    @staticmethod
    def resolve_priorities(obj) -> int:
        return obj.n_priorities if isinstance(obj, PathfinderCountry) else obj["priorities"]

    @staticmethod
    def resolve_url(obj, context) -> str:
        if isinstance(obj, PathfinderCountry):
            return context["request"].build_absolute_uri(obj.get_absolute_url())
        return obj["url"]


class TransitionOut(Schema):
    from_status: str
    to_status: str
    date: dt.date | None
    note: str
    source: str
    document: str | None


class BenchmarkOut(Schema):
    year: int
    description: str
    achieved: bool


class ActionOut(Schema):
    id: int
    title: str
    lead: str
    partners: str
    target_date: dt.date | None
    indicator: str
    status: str
    resources_required: Decimal | None
    resources_available: Decimal | None
    resources_gap: Decimal | None
    currency: str
    benchmarks: list[BenchmarkOut]


class FundingOut(Schema):
    currency: str
    required: Decimal
    available: Decimal
    gap: Decimal


class PriorityOut(Schema):
    id: int
    title: str
    heading: str
    theme: str
    area_of_focus: str
    actions: list[ActionOut]
    funding_gap: list[FundingOut]


class NextStepOut(Schema):
    text: str
    done: bool


class FocalPointOut(Schema):
    responsible_ministry: str
    minister: str
    name: str
    title: str
    contact: str


class ProgressOut(Schema):
    not_started: int
    in_progress: int
    done: int
    dropped: int
    done_percent: float | None


class PathfinderDetailOut(PathfinderOut):
    focal_point: FocalPointOut
    status_history: list[TransitionOut]
    priority_list: list[PriorityOut]
    funding_gap: list[FundingOut]
    roadmap_progress: ProgressOut
    next_steps: list[NextStepOut]


def _latest_workshop(workshops) -> Workshop | None:
    """The workshop the e-report speaks of: the latest one held, by the rule the pathfinder
    page and the workshop report follow; null while none has been held (a planned workshop
    is not reported as one)."""
    return services.latest_held(workshops)


def _workshop_out(ws: Workshop | None) -> dict | None:
    if ws is None:
        return None
    return {"status": ws.status, "start_date": ws.start_date, "end_date": ws.end_date,
            "postponed_to": ws.postponed_to, "virtual": ws.virtual, "venue": ws.venue}


def _summary(request, pathfinder: PathfinderCountry, workshops, n_priorities: int) -> dict:
    country = pathfinder.country
    return {
        "iso3": country.iso3,
        "name": country.name_en,
        "status": pathfinder.status,
        "region": country.ilo_region,
        "sdg_region": country.sdg_region,
        "workshop": _workshop_out(_latest_workshop(workshops)),
        "priorities": n_priorities,
        "url": request.build_absolute_uri(pathfinder.get_absolute_url()),
    }


def _funding(gap: dict) -> list[dict]:
    return [{"currency": cur, **amounts} for cur, amounts in gap.items()]


def _visible(obj) -> bool:
    """The API serves the public record only: what a reader without an account may see."""
    return can(AnonymousUser(), "view", obj)


@router.get("", response={200: list[PathfinderOut], 400: ErrorOut},
            summary="Pathfinder countries")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_pathfinders(request, status: str = "", region: str = ""):
    """Every pathfinder country with its status, ILO region, latest strategic planning
    workshop held (null when none has been held) and number of national priorities.
    Filters: ``status`` (a pathfinder status), ``region`` (an ILO region)."""
    status = choice_or_400(status, PathfinderStatus, "status")
    region = choice_or_400(region, ILORegion, "region")
    qs = PathfinderCountry.objects.select_related("country").annotate(
        n_priorities=Count("country__pathfinder_priorities", distinct=True)
    ).prefetch_related(Prefetch("country__pathfinder_workshops",
                                queryset=Workshop.objects.all()))
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(country__ilo_region=region)
    return qs.order_by("country__name_en")


@router.get("/{iso3}", response={200: PathfinderDetailOut, 404: ErrorOut},
            summary="A pathfinder country's e-report")
def get_pathfinder(request, iso3: str):
    """Status history (documents only where the public may open them), national
    priorities with their roadmap actions, funding gap per currency (amounts in different
    currencies are never added), progress of the roadmap and the workshop's next steps."""
    pathfinder = get_object_or_404(PathfinderCountry.objects.select_related("country"),
                                   country__iso3=iso3.strip().upper()[:3])
    country = pathfinder.country
    priorities = [
        p for p in NationalPriority.objects.filter(country=country).prefetch_related(
            Prefetch("actions", queryset=RoadmapAction.objects.prefetch_related("benchmarks")))
        if _visible(p)
    ]
    actions = [a for p in priorities for a in p.actions.all() if _visible(a)]
    data = _summary(request, pathfinder, Workshop.objects.filter(country=country),
                    len(priorities))
    history = []
    for t in services.history(pathfinder):
        if not _visible(t):
            continue
        document = None
        if t.document:
            document = request.build_absolute_uri(t.document.url)
        history.append({"from_status": t.from_status, "to_status": t.to_status, "date": t.date,
                        "note": t.note, "source": t.source, "document": document})
    progress = services.roadmap_progress(actions)
    data.update({
        "focal_point": {
            "responsible_ministry": pathfinder.responsible_ministry,
            "minister": pathfinder.minister,
            "name": pathfinder.focal_point_name,
            "title": pathfinder.focal_point_title,
            "contact": pathfinder.focal_point_contact,
        },
        "status_history": history,
        "priority_list": [
            {
                "id": p.pk, "title": p.title, "heading": p.heading, "theme": p.theme,
                "area_of_focus": p.area_of_focus,
                "actions": [_action(a) for a in p.actions.all() if _visible(a)],
                "funding_gap": _funding(services.funding_gap(
                    a for a in p.actions.all() if _visible(a))),
            }
            for p in priorities
        ],
        "funding_gap": _funding(services.funding_gap(actions)),
        "roadmap_progress": {**progress["counts"], "done_percent": progress["done_percent"]},
        "next_steps": [{"text": s.text, "done": s.done}
                       for s in NextStep.objects.filter(country=country)
                       if _visible(s)],
    })
    return data


def _action(a: RoadmapAction) -> dict:
    return {
        "id": a.pk, "title": a.title, "lead": a.lead, "partners": a.partners,
        "target_date": a.target_date, "indicator": a.indicator, "status": a.status,
        "resources_required": a.resources_required,
        "resources_available": a.resources_available, "resources_gap": a.resources_gap,
        "currency": a.currency,
        "benchmarks": [{"year": b.year, "description": b.description, "achieved": b.achieved}
                       for b in a.benchmarks.all()],
    }

