"""Action Groups and their workplans (published ones only, accepted progress only)."""

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from target87.api.common import MAX_LIMIT, ErrorOut, Pagination
from target87.groups.models import ActionGroup, UpdateState, Workplan
from target87.groups.services import flatten, results

router = Router(tags=["action groups"])


class ChairOut(Schema):
    organisation: str
    role: str


class PillarOut(Schema):
    name: str
    text: str


class WorkplanSummaryOut(Schema):
    slug: str
    title: str
    group: str | None
    period_start: dt.date
    period_end: dt.date
    status: str


class GroupOut(Schema):
    slug: str
    name: str
    status: str
    chairs: list[ChairOut]
    members: list[str]


class GroupDetailOut(GroupOut):
    description: str
    vision: str
    mission: str
    pillars: list[PillarOut]
    sources: list[str]
    workplans: list[WorkplanSummaryOut]


class UpdateOut(Schema):
    date: dt.date
    status: str
    text: str
    link: str
    achieved_value: Decimal | None


class ItemOut(Schema):
    code: str
    parent: str | None
    level: str
    title: str
    indicator: str
    baseline: str
    target_value: Decimal | None
    target_unit: str
    milestone: str
    due_date: dt.date | None
    lead: str
    status: str
    rolled_up_status: str
    achieved_value: Decimal | None
    progress: list[UpdateOut]


class WorkplanOut(WorkplanSummaryOut):
    summary: str
    donors: list[str]
    sources: list[str]
    items: list[ItemOut]


def _published_groups():
    return ActionGroup.objects.filter(is_published=True).prefetch_related(
        "chairs__organisation", "memberships__partner", "pillars")


def _published_workplans():
    return Workplan.objects.filter(is_published=True).exclude(
        group__is_published=False).select_related("group")


def _summary(plan) -> dict:
    return {"slug": plan.slug, "title": plan.title,
            "group": plan.group.slug if plan.group else None,
            "period_start": plan.period_start, "period_end": plan.period_end,
            "status": plan.status}


def _group(group, detail=False) -> dict:
    out = {
        "slug": group.slug, "name": group.name, "status": group.status,
        "chairs": [{"organisation": c.organisation.name, "role": c.role}
                   for c in group.chairs.all()],
        "members": [m.partner.name for m in group.memberships.all() if m.partner.is_published],
    }
    if detail:
        out.update(
            description=group.description, vision=group.vision, mission=group.mission,
            pillars=[{"name": p.name, "text": p.text} for p in group.pillars.all()],
            sources=group.source_list(),
            workplans=[_summary(w) for w in _published_workplans().filter(group=group)],
        )
    return out


@router.get("/action-groups/", response=list[GroupOut], summary="Action Groups")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_groups(request):
    """The Action Groups with their chairs and member partners."""
    return [_group(g) for g in _published_groups()]


@router.get("/action-groups/{slug}/", response={200: GroupDetailOut, 404: ErrorOut},
            summary="An Action Group")
def get_group(request, slug: str):
    return _group(get_object_or_404(_published_groups(), slug=slug), detail=True)


@router.get("/workplans/", response=list[WorkplanSummaryOut], summary="Workplans")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_workplans(request):
    """Published workplans of the Action Groups and the Alliance-wide roadmaps."""
    return [_summary(w) for w in _published_workplans()]


@router.get("/workplans/{slug}/", response={200: WorkplanOut, 404: ErrorOut},
            summary="A workplan with its results")
def get_workplan(request, slug: str):
    """Goals, outcomes, outputs and activities with targets, the status rolled up from
    their parts and the accepted progress updates."""
    plan = get_object_or_404(_published_workplans(), slug=slug)
    rows = flatten(results(plan))
    codes = {n.item.pk: n.item.code for n in rows}
    return {
        **_summary(plan), "summary": plan.summary, "donors": plan.donor_list(),
        "sources": plan.source_list(),
        "items": [{
            "code": n.item.code, "parent": codes.get(n.item.parent_id),
            "level": n.item.get_level_display(), "title": n.item.title,
            "indicator": n.item.indicator, "baseline": n.item.baseline,
            "target_value": n.item.target_value, "target_unit": n.item.target_unit,
            "milestone": n.item.milestone, "due_date": n.item.due_date, "lead": n.item.lead,
            "status": n.item.status, "rolled_up_status": n.status,
            "achieved_value": n.item.achieved_value,
            "progress": [{"date": u.date, "status": u.status, "text": u.text, "link": u.link,
                          "achieved_value": u.achieved_value}
                         for u in n.updates if u.state == UpdateState.ACCEPTED],
        } for n in rows],
    }
