"""The eight criteria, candidates and their scores, what the platform proposes from what it
already knows, and the weighted ranking (see ``ranking``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from target87.accounts.permissions import Action, require
from target87.supplychains import ranking
from target87.supplychains.models import (
    MAX_SCORE,
    Candidate,
    CasCase,
    Criterion,
    Initiative,
    InitiativeStatus,
    Score,
)

LANGS = ("en", "fr", "es", "ar", "zh", "ru")
CAS_CRITERION = "cas_cases"


def load_criteria(stdout=None) -> int:
    """Create or update the eight criteria from data/criteria.json; returns records changed."""
    data = json.loads((resources.files("target87.supplychains.data") / "criteria.json")
                      .read_text("utf-8"))
    changed = 0
    for item in data["criteria"]:
        values = {f"text_{lang}": item[lang] for lang in LANGS}
        values.update(number=item["number"], scope=item["scope"], source=data["source"])
        criterion = Criterion.objects.filter(key=item["key"]).first()
        if criterion is None:
            Criterion.objects.create(key=item["key"], **values)
            changed += 1
        elif any(getattr(criterion, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(criterion, k, v)
            criterion.save()
            changed += 1
    if stdout is not None and changed:
        stdout.write(f"supply-chain criteria: {changed} created or updated\n")
    return changed


# --- candidates and scores -------------------------------------------------------------------


def add_candidate(user, country, sector: str = "", note: str = "") -> Candidate:
    candidate = Candidate(country=country, sector=sector or "", note=note.strip(),
                          created_by=user)
    require(user, Action.CREATE, candidate)
    candidate.full_clean()
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        raise ValidationError(
            {"sector": _("This country and sector is already a candidate.")}) from None
    return candidate


def check_score(criterion: Criterion, score, evidence: str, date, cas_reference: str) -> None:
    errors = {}
    if score is None or not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
        errors["score"] = _("Expected a whole number from 0 to 3.")
    if not (evidence or "").strip():
        errors["evidence"] = _("Say what the score rests on.")
    if date is None:
        errors["date"] = _("Give the date of the evidence.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if (criterion.key == CAS_CRITERION and isinstance(score, int) and score > 0
            and not (cas_reference or "").strip()):
        errors["cas_reference"] = _(
            "A score above 0 on this criterion needs the reference of the ILO Committee on the "
            "Application of Standards case.")
    if errors:
        raise ValidationError(errors)


def save_score(user, candidate: Candidate, criterion: Criterion, *, score: int, evidence: str,
               date: dt.date, cas_reference: str = "") -> Score:
    """Record (or change) a candidate's score on a criterion; the history keeps the old one."""
    require(user, Action.CHANGE, candidate)
    check_score(criterion, score, evidence, date, cas_reference)
    with transaction.atomic():
        record = Score.objects.select_for_update().filter(
            candidate=candidate, criterion=criterion).first() or Score(
            candidate=candidate, criterion=criterion)
        record.score = score
        record.evidence = evidence.strip()
        record.date = date
        record.cas_reference = (cas_reference or "").strip()
        record.scored_by = user
        record.save()
    return record


# --- what the platform already knows ---------------------------------------------------------


@dataclass
class Proposal:
    criterion: str
    score: int
    evidence: str


def _supply_chains_members(country):
    from target87.groups.models import GroupMembership

    return list(GroupMembership.objects.filter(group__slug="supply-chains",
                                               partner__country=country)
                .select_related("partner").order_by("partner__name"))


def _initiatives(candidate: Candidate):
    qs = Initiative.objects.filter(status=InitiativeStatus.PUBLISHED,
                                   countries=candidate.country)
    if candidate.sector:
        qs = qs.filter(sectors__sector=candidate.sector)
    return list(qs.distinct().order_by("name"))


def _count_score(n: int) -> int:
    """0 for none, 1 for one, 2 for two or three, 3 for four or more."""
    return 0 if n <= 0 else 1 if n == 1 else 2 if n <= 3 else 3


def _names(items, limit: int = 6) -> str:
    items = list(items)
    text = "; ".join(items[:limit])
    return text + (f"; … (+{len(items) - limit})" if len(items) > limit else "")


WILLINGNESS = {"prospective": 1, "expression_of_interest": 2, "workshop_held": 3,
               "reported_to_gcg": 3, "active": 3, "on_hold": 1, "withdrawn": 0}


def _willingness(candidate: Candidate) -> Proposal | None:
    from target87.pathfinders.models import PathfinderCountry

    pathfinder = PathfinderCountry.objects.filter(country=candidate.country).first()
    if pathfinder is None:
        return None
    latest = pathfinder.transitions.order_by("-date", "-id").first()
    since = (_(" since %(date)s") % {"date": latest.date.isoformat()}
             if latest is not None and latest.date else "")
    evidence = _("Pathfinder status: %(status)s%(since)s.") % {
        "status": pathfinder.get_status_display(), "since": since}
    return Proposal("willingness", WILLINGNESS.get(pathfinder.status, 0), evidence)


def _willing_low_capacity(candidate: Candidate, willing: Proposal | None) -> Proposal | None:
    """Criterion 3: willingness (the pathfinder status, as criterion 4) where the country
    itself named capacity building among its national priorities (the area of focus
    "Capacity building" of its roadmap): a stated need for skills and capacity."""
    from target87.pathfinders.models import AreaOfFocus, NationalPriority

    if willing is None:
        return None
    needs = list(NationalPriority.objects.filter(
        country=candidate.country, area_of_focus=AreaOfFocus.CAPACITY_BUILDING)
        .order_by("order", "id").values_list("title", flat=True))
    if willing.score == 0:
        score = 0
    else:  # willing: 1 with no stated need, up to 2 with one, up to 3 with two or more
        score = min(willing.score, 1 + min(len(needs), 2))
    if needs:
        need = _("National priorities in capacity building: %(names)s.") % {
            "names": _names(" ".join(t.split())[:120] for t in needs)}
    else:
        need = _("No national priority in capacity building is recorded.")
    return Proposal("willingness_low_capacity", score, f"{willing.evidence} {need}")


#: The conventions on child labour and forced labour that the monitoring framework asks
#: about first (its priority conventions), in its order.
HUMAN_RIGHTS_CONVENTIONS = ("C138", "C182", "CRC", "C29", "P029", "C105")


def _human_rights_systems(candidate: Candidate) -> Proposal | None:
    """Criterion 5: a country that has ratified the conventions answers for them to their
    supervisory bodies (the ILO's for its conventions, the Committee on the Rights of the
    Child for the CRC). The published ratification values of the priority conventions on
    child labour and forced labour: 0 for none in force, 1 for one or two, 2 for three to
    five, 3 for all six. No published value for any of them: no proposal."""
    from target87.monitoring.models import Observation, ObservationStatus, ValueType

    latest: dict[str, Observation] = {}
    for obs in (Observation.objects.filter(
            country=candidate.country, status=ObservationStatus.PUBLISHED,
            indicator__value_type=ValueType.RATIFICATION)
            .order_by("-period", "-value_bool", "id")):
        code = (obs.disaggregation or {}).get("convention")
        if code in HUMAN_RIGHTS_CONVENTIONS and obs.value_bool is not None:
            latest.setdefault(code, obs)
    if not latest:
        return None
    in_force = [c for c in HUMAN_RIGHTS_CONVENTIONS if c in latest and latest[c].value_bool]
    n = len(in_force)
    score = 0 if n == 0 else 1 if n <= 2 else 2 if n < len(HUMAN_RIGHTS_CONVENTIONS) else 3
    parts = []
    if in_force:
        parts.append(_("In force (published values): %(list)s.") % {"list": "; ".join(
            f"{c} ({latest[c].value_year})" if latest[c].value_year else c
            for c in in_force)})
    others = [c for c in HUMAN_RIGHTS_CONVENTIONS if c not in in_force]
    if others:
        parts.append(_("Not in force or no published value: %(list)s.")
                     % {"list": "; ".join(others)})
    return Proposal("human_rights_systems", score, " ".join(parts))


def proposals(candidate: Candidate) -> dict[str, Proposal]:
    """Scores the platform can propose from its own records, each with its evidence."""
    from target87.partnership.models import Partner, PartnerType
    from target87.pathfinders.models import RoadmapAction

    out: dict[str, Proposal] = {}
    willing = _willingness(candidate)
    if willing is not None:
        out["willingness"] = willing
    low_capacity = _willing_low_capacity(candidate, willing)
    if low_capacity is not None:
        out["willingness_low_capacity"] = low_capacity
    rights = _human_rights_systems(candidate)
    if rights is not None:
        out["human_rights_systems"] = rights
    members = _supply_chains_members(candidate.country)
    initiatives = _initiatives(candidate)
    n = len(members) + len(initiatives)
    parts = []
    if members:
        parts.append(_("Supply Chains Action Group members in the country: %(names)s.")
                     % {"names": _names(m.partner.name for m in members)})
    if initiatives:
        parts.append(_("Published initiatives in the country: %(names)s.")
                     % {"names": _names(i.name for i in initiatives)})
    out["coalitions"] = Proposal("coalitions", _count_score(n), " ".join(parts) or _(
        "No Supply Chains Action Group member or published initiative is recorded in the "
        "country."))

    social = list(Partner.objects.filter(
        country=candidate.country, is_published=True,
        partner_type__in=[PartnerType.WORKERS_ORGANISATION, PartnerType.EMPLOYERS_BUSINESS])
        .order_by("name").values_list("name", flat=True))
    engaging = [i.name for i in initiatives if i.engages_trade_unions or i.engages_employers]
    parts = []
    if social:
        parts.append(_("Workers' and employers' organisations that are partners: %(names)s.")
                     % {"names": _names(social)})
    if engaging:
        parts.append(_("Initiatives engaging trade unions or employers: %(names)s.")
                     % {"names": _names(engaging)})
    out["social_partners"] = Proposal("social_partners", _count_score(len(social) + len(engaging)),
                                      " ".join(parts) or _(
                                          "No workers' or employers' organisation is a partner "
                                          "in the country."))

    business = list(Partner.objects.filter(
        country=candidate.country, is_published=True,
        partner_type=PartnerType.EMPLOYERS_BUSINESS).order_by("name")
        .values_list("name", flat=True))
    business_members = [m.partner.name for m in members
                        if m.partner.partner_type == PartnerType.EMPLOYERS_BUSINESS]
    names = sorted(set(business) | set(business_members))
    out["business_voice"] = Proposal(
        "business_voice", _count_score(len(names)),
        (_("Employers and businesses that are partners: %(names)s.") % {"names": _names(names)})
        if names else _("No employer or business in the country is a partner."))

    actions = list(RoadmapAction.objects.filter(priority__country=candidate.country))
    if actions:
        by_currency: dict[str, list[Decimal]] = {}
        for a in actions:
            if a.resources_required is None and a.resources_available is None:
                continue
            sums = by_currency.setdefault(a.currency, [Decimal(0), Decimal(0)])
            sums[0] += a.resources_required or 0
            sums[1] += a.resources_available or 0
        available = any(s[1] > 0 for s in by_currency.values())
        covered = all(s[0] == 0 or s[1] >= s[0] / 2 for s in by_currency.values())
        score = 3 if available and covered else 2 if available else 1 if by_currency else 1
        amounts = "; ".join(
            _("%(currency)s %(available)s available of %(required)s required") % {
                "currency": cur, "available": f"{s[1]:,.0f}", "required": f"{s[0]:,.0f}"}
            for cur, s in sorted(by_currency.items()))
        evidence = _("Roadmap of the pathfinder country: %(n)s actions.") % {"n": len(actions)}
        if amounts:
            evidence += " " + amounts + "."
        out["resources"] = Proposal("resources", score, evidence)

    cases = list(cas_cases_for(candidate))
    if cases:
        out[CAS_CRITERION] = Proposal(
            CAS_CRITERION, 3 if len(cases) > 1 else 2,
            _("ILO Committee on the Application of Standards: %(refs)s.")
            % {"refs": _names(f"{c.reference} ({c.year}, {c.convention})" for c in cases)})
    return out


def without_proposal(candidate: Candidate, proposed: dict[str, Proposal]) -> dict[str, str]:
    """For each criterion the platform proposes nothing on, why: what it would look at and
    does not have for this candidate."""
    reasons = {
        "willingness": _("No proposal: the country is not a pathfinder country, so the "
                         "platform has no record of its willingness."),
        "willingness_low_capacity": _(
            "No proposal: the country is not a pathfinder country, so the platform has no "
            "record of its willingness nor of the capacity needs in its national "
            "priorities."),
        "human_rights_systems": _(
            "No proposal: the platform has no published ratification value for the "
            "country's conventions on child labour and forced labour (C138, C182, CRC, C29, "
            "P029, C105)."),
        "resources": _("No proposal: no roadmap action of the country is recorded, so the "
                       "platform knows of no existing or promised resources."),
        CAS_CRITERION: _("No proposal: no case of the ILO Committee on the Application of "
                         "Standards is recorded for the country."),
    }
    fallback = _("No proposal: the platform has no records to base a score on for this "
                 "criterion.")
    return {c.key: reasons.get(c.key, fallback)
            for c in Criterion.objects.all() if c.key not in proposed}


# --- cases of the ILO Committee on the Application of Standards -------------------------------

CAS_FIELDS = ("country", "sector", "year", "convention", "reference", "link", "summary")


def save_cas_case(user, case: CasCase | None = None, **values) -> CasCase:
    """Record a new case (``case`` None) or change one; the history keeps the old values."""
    case = case or CasCase()
    require(user, Action.CHANGE if case.pk else Action.CREATE, case)
    for name in CAS_FIELDS:
        if name in values:
            value = values[name]
            setattr(case, name, value.strip() if isinstance(value, str) else value)
    case.convention = (case.convention or "").upper()
    if case.year and case.year > timezone.localdate().year:
        raise ValidationError({"year": _("The session cannot be in a future year.")})
    case.full_clean(validate_unique=False, validate_constraints=False)
    duplicate = CasCase.objects.filter(country=case.country, year=case.year,
                                       convention=case.convention).exclude(pk=case.pk)
    if duplicate.exists():
        raise ValidationError({"convention": _(
            "A case of this country on this convention is already recorded for this "
            "session.")})
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise ValidationError({"convention": _(
            "A case of this country on this convention is already recorded for this "
            "session.")}) from None
    return case


def delete_cas_case(user, case: CasCase) -> None:
    """Remove a case; its history keeps what it said."""
    require(user, Action.DELETE, case)
    case.delete()


def cas_cases_for(candidate: Candidate):
    qs = CasCase.objects.filter(country=candidate.country)
    if candidate.sector:
        qs = qs.filter(Q(sector="") | Q(sector=candidate.sector))
    return qs.order_by("-year")


# --- ranking ---------------------------------------------------------------------------------


def default_weights() -> dict[str, float]:
    return {c.key: float(c.default_weight) for c in Criterion.objects.all()}


def parse_weights(params, criteria) -> tuple[dict[str, float], dict[str, str]]:
    """Weights from a query (``w_<key>``), the default where absent; errors by field."""
    weights, errors = {}, {}
    for c in criteria:
        raw = (params.get(f"w_{c.key}") or "").strip().replace(",", ".")
        if not raw:
            weights[c.key] = float(c.default_weight)
            continue
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not (0 <= value <= 100) or value != value:
            errors[c.key] = _("Weight of criterion %(n)s: expected a number from 0 to 100, got "
                              "“%(value)s”.") % {"n": c.number, "value": raw[:20]}
            weights[c.key] = float(c.default_weight)
        else:
            weights[c.key] = value
    if not errors and not any(weights.values()):
        errors["all"] = _("At least one weight must be above 0.")
        weights = {c.key: float(c.default_weight) for c in criteria}
    return weights, errors


def score_table(candidates) -> dict[int, dict[str, int]]:
    table: dict[int, dict[str, int]] = {c.pk: {} for c in candidates}
    for s in Score.objects.filter(candidate__in=list(table)).select_related("criterion"):
        table[s.candidate_id][s.criterion.key] = s.score
    return table


def ranking_rows(weights: dict[str, float]) -> list[dict]:
    """Every candidate with its weighted score, contributions, rank and rank range."""
    candidates = {c.pk: c for c in Candidate.objects.select_related("country")}
    if not candidates:
        return []
    table = score_table(candidates.values())
    rows = []
    for r in ranking.rank(table, weights):
        rows.append({"candidate": candidates[r.key], "total": r.total,
                     "contributions": r.contributions, "rank": r.rank,
                     "best": r.best_rank, "worst": r.worst_rank, "scored": r.scored,
                     "scores": table[r.key]})
    return rows
