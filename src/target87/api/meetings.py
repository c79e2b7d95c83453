"""Meetings of the GCG, Action Groups and country coordination groups, the GCG's
composition and pledges with their reviews (published records only)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from target87.api.common import (
    MAX_LIMIT,
    ErrorOut,
    Pagination,
    bad_request,
    choice_or_400,
    country_or_400,
)
from target87.meetings.models import Body, GCGMember, Meeting, MeetingStatus
from target87.pledges import services as pledge_services
from target87.pledges.models import PledgeEvent, PledgeTheme

router = Router(tags=["meetings and pledges"])


class AgendaItemOut(Schema):
    order: int
    title: str
    objective: str
    presenter: str
    duration_minutes: int | None
    points: list[str]
    documents: list[str]

    @staticmethod
    def resolve_points(obj) -> list[str]:
        return obj.point_list()

    @staticmethod
    def resolve_documents(obj) -> list[str]:
        return [d.citation for d in obj.documents.all()]


class ParticipantOut(Schema):
    person: str
    organisation: str
    constituency: str
    region: str
    role: str
    country: str | None

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.iso3 if obj.country_id else None


class FollowUpOut(Schema):
    meeting_id: int
    status: str
    note: str


class ActionPointOut(Schema):
    order: int
    text: str
    owner: str
    due_date: dt.date | None
    status: str
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner_label

    @staticmethod
    def resolve_follow_ups(obj) -> list:
        # only follow-ups recorded at published meetings
        return [f for f in obj.follow_ups.all() if f.meeting.is_published]


class MeetingOut(Schema):
    id: int
    title: str
    body: str
    country: str | None
    action_group: str | None
    number: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    place: str
    virtual: bool
    status: str
    chair: str
    source: str

    @staticmethod
    def resolve_title(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.iso3 if obj.country_id else None

    @staticmethod
    def resolve_action_group(obj) -> str | None:
        return obj.action_group.slug if obj.action_group_id else None


class MeetingDetailOut(MeetingOut):
    objectives: str
    report: str
    attendance_note: str
    agenda: list[AgendaItemOut]
    participants: list[ParticipantOut]
    decisions: list[str]
    action_points: list[ActionPointOut]
    documents: list[str]

    @staticmethod
    def resolve_agenda(obj):
        return list(obj.agenda.prefetch_related("documents"))

    @staticmethod
    def resolve_participants(obj):
        return list(obj.participants.select_related("country"))

    @staticmethod
    def resolve_decisions(obj) -> list[str]:
        return [d.text for d in obj.decisions.all()]

    @staticmethod
    def resolve_action_points(obj):
        return list(obj.action_points.select_related("owner_user").prefetch_related(
            "follow_ups__meeting"))

    @staticmethod
    def resolve_documents(obj) -> list[str]:
        return [d.citation for d in obj.documents.all()]


def _published_meetings():
    return Meeting.objects.filter(is_published=True).select_related("country", "action_group")


@router.get("/meetings/", response={200: list[MeetingOut], 400: ErrorOut}, summary="Meetings")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_meetings(request, body: str = "", status: str = "", country: str = "",
                  action_group: str = ""):
    """Published meetings, newest first. Filters: ``body`` (gcg, action_group, country),
    ``status``, ``country`` (ISO3) and ``action_group`` (slug)."""
    body = choice_or_400(body, Body, "body")
    status = choice_or_400(status, MeetingStatus, "status")
    found = country_or_400(country)
    qs = _published_meetings()
    if body:
        qs = qs.filter(body=body)
    if status:
        qs = qs.filter(status=status)
    if found:
        qs = qs.filter(country=found)
    if action_group.strip():
        qs = qs.filter(action_group__slug=action_group.strip()[:80])
    return qs


@router.get("/meetings/{meeting_id}/", response={200: MeetingDetailOut, 404: ErrorOut},
            summary="One meeting")
def get_meeting(request, meeting_id: int):
    """A published meeting with its agenda, participants, decisions and action points."""
    return get_object_or_404(_published_meetings(), pk=meeting_id)


class GCGMemberOut(Schema):
    organisation: str
    constituency: str
    region: str
    role: str
    representative: str
    country: str | None
    since: dt.date | None

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.iso3 if obj.country_id else None


@router.get("/gcg/members/", response=list[GCGMemberOut], summary="GCG composition")
def gcg_members(request):
    """Current members of the Global Coordinating Group with constituency and region."""
    return list(GCGMember.objects.filter(until__isnull=True).select_related("country"))


class ReviewOut(Schema):
    date: dt.date
    status: str
    evidence: str
    evidence_url: str


class PledgeOut(Schema):
    id: int
    made_by: str
    partner: str | None
    country: str | None
    text: str
    date: dt.date
    event: str
    theme: str
    target_date: dt.date | None
    status: str
    reviews: list[ReviewOut]

    @staticmethod
    def resolve_made_by(obj) -> str:
        return obj.partner.name if obj.partner_id else obj.country.name_en

    @staticmethod
    def resolve_partner(obj) -> str | None:
        return obj.partner.name if obj.partner_id else None

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.iso3 if obj.country_id else None

    @staticmethod
    def resolve_event(obj) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_reviews(obj):
        return list(obj.reviews.all())


@router.get("/pledges/", response={200: list[PledgeOut], 400: ErrorOut}, summary="Pledges")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_pledges(request, event: str = "", status: str = "", theme: str = "",
                 country: str = ""):
    """Published pledges with their reviews. Filters: ``event`` (slug), ``status`` (of the
    latest review, or not_reviewed), ``theme``, ``country`` (ISO3, the pledging country or
    the partner's)."""
    events = sorted(PledgeEvent.objects.values_list("slug", flat=True))
    for field, value, allowed in (("event", event, events),
                                  ("status", status, pledge_services.STATUS_ORDER)):
        if value and value not in allowed:
            raise bad_request(_("%(field)s: “%(value)s” is not one of %(allowed)s.") % {
                "field": field, "value": value[:40], "allowed": ", ".join(allowed)})
    theme = choice_or_400(theme, PledgeTheme, "theme")
    found = country_or_400(country)
    return pledge_services.public_pledges(event=event, status=status, theme=theme,
                                          country=found.iso3 if found else "") \
        .prefetch_related("reviews")


class StatusCountOut(Schema):
    status: str
    count: int
    percent: float | None


class PledgeReportOut(Schema):
    event: str
    total: int
    by_status: list[StatusCountOut]


@router.get("/pledges/report/{event}/", response={200: PledgeReportOut, 404: ErrorOut},
            summary="Pledges of an event by status")
def pledge_report(request, event: str):
    """Published pledges of an event counted by the status of their latest review."""
    get_object_or_404(PledgeEvent, slug=event)
    report = pledge_services.status_report(event)
    return {"event": event, "total": report["total"],
            "by_status": [{"status": g["status"], "count": g["count"],
                           "percent": g["percent"]} for g in report["groups"]]}




class IndicatorValueOut(Schema):
    code: str
    name: str
    period: int
    value: str


class MoneyOut(Schema):
    currency: str
    required: float
    available: float
    gap: float


class CountryProgressOut(Schema):
    iso3: str
    name: str
    status: str
    reported: bool
    answers: dict[str, str]
    next_steps_achieved: int
    next_steps_total: int
    roadmap_actions: int
    roadmap_done_percent: float | None
    indicators: list[IndicatorValueOut]
    funding: list[MoneyOut]


class EReportOut(Schema):
    year: int
    countries: list[CountryProgressOut]
    status_counts: dict[str, int]
    totals: list[MoneyOut]
    lessons: list[str]
    pledges: PledgeReportOut


def _money(gap: dict) -> list[dict]:
    return [{"currency": cur, "required": float(v["required"]),
             "available": float(v["available"]), "gap": float(v["gap"])}
            for cur, v in gap.items()]


@router.get("/e-report/{year}/", response={200: EReportOut, 404: ErrorOut},
            summary="Pathfinder e-report of a reporting cycle")
def e_report(request, year: int):
    """All pathfinder countries in one report for a reporting cycle: approved
    questionnaires, published indicator values, roadmap progress and funding per currency,
    lessons learnt and the IV Global Conference pledges by status."""
    from target87.ereport import report
    from target87.monitoring.models import ReportingCycle
    from target87.pathfinders import services as pathfinder_services
    from target87.pathfinders.models import RoadmapAction

    cycle = get_object_or_404(ReportingCycle, year=year)
    ctx = report.context(cycle, with_map=False)
    countries = []
    all_actions = list(RoadmapAction.objects.filter(
        priority__country__pathfinder__isnull=False))
    for row in ctx["countries"]:
        country_actions = [a for a in all_actions
                           if a.priority.country_id == row["pathfinder"].country_id]
        countries.append({
            "iso3": row["iso3"], "name": row["pathfinder"].country.name_en,
            "status": row["status_code"], "reported": row["reported"],
            "answers": {k: v for k, v in row["answers"].items() if v},
            "next_steps_achieved": row["steps_achieved"], "next_steps_total": row["steps_total"],
            "roadmap_actions": row["progress"]["total"],
            "roadmap_done_percent": row["progress"]["done_percent"],
            "indicators": [{"code": i["code"], "name": i["name"], "period": i["period"],
                            "value": i["value"]} for i in row["indicators"]],
            "funding": _money(pathfinder_services.funding_gap(country_actions)),
        })
    pledges = ctx["pledges"]
    return {
        "year": cycle.year, "countries": countries,
        "status_counts": {s["status"]: s["count"] for s in ctx["status_counts"]},
        "totals": _money(pathfinder_services.funding_gap(all_actions)),
        "lessons": [lesson.text for lesson in ctx["lessons"]]
        + [f"{x['name']}: {x['text']}" for x in ctx["country_lessons"]],
        "pledges": {"event": pledge_services.IV_GLOBAL_CONFERENCE, "total": pledges["total"],
                    "by_status": [{"status": g["status"], "count": g["count"],
                                   "percent": g["percent"]} for g in pledges["groups"]]},
    }
