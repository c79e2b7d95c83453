"""The registry of initiatives: partners propose, the Secretariat publishes or declines, the
public searches and compares (counts and cross-tabs over the registry's dimensions)."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from target87.accounts.permissions import Action, require
from target87.supplychains.models import (
    Covers,
    Initiative,
    InitiativeSector,
    InitiativeStatus,
    Sector,
)

FIELDS = ("name", "lead_organisations", "description", "covers", "engages_trade_unions",
          "engages_employers", "engages_local_government", "global_south", "start_year",
          "end_year", "link")

ENGAGEMENTS = (
    ("engages_trade_unions", gettext_lazy("Trade unions")),
    ("engages_employers", gettext_lazy("Employers' organisations")),
    ("engages_local_government", gettext_lazy("Local government")),
)
ORIGINS = ((True, gettext_lazy("Global South")), (False, gettext_lazy("Elsewhere")))


@transaction.atomic
def propose(user, *, sectors=(), countries=(), **values) -> Initiative:
    """A new initiative waiting for the Secretariat (published at once if the Secretariat
    enters it)."""
    from target87.accounts.permissions import is_secretariat

    initiative = Initiative(proposed_by=user, **{k: values.get(k) for k in FIELDS
                                                 if k in values})
    require(user, Action.CREATE, initiative)
    if is_secretariat(user):
        initiative.record_decision(user, status=InitiativeStatus.PUBLISHED)
    _save(initiative, sectors, countries)
    return initiative


@transaction.atomic
def update(user, initiative: Initiative, *, sectors=(), countries=(), **values) -> Initiative:
    require(user, Action.CHANGE, initiative)
    for k in FIELDS:
        if k in values:
            setattr(initiative, k, values[k])
    _save(initiative, sectors, countries)
    return initiative


def _save(initiative: Initiative, sectors, countries) -> None:
    sectors = list(dict.fromkeys(sectors))
    unknown = [s for s in sectors if s not in Sector.values]
    if unknown:
        raise ValidationError({"sectors": _("Unknown sector: %(s)s.") % {"s": unknown[0]}})
    initiative.lead_organisations = "\n".join(
        line.strip() for line in (initiative.lead_organisations or "").splitlines()
        if line.strip())
    if not initiative.lead_organisations:
        raise ValidationError({"lead_organisations": _("Name at least one lead organisation.")})
    initiative.full_clean()
    initiative.save()
    initiative.sectors.exclude(sector__in=sectors).delete()
    have = set(initiative.sectors.values_list("sector", flat=True))
    for s in sectors:
        if s not in have:
            InitiativeSector.objects.create(initiative=initiative, sector=s)
    initiative.countries.set(countries)


@transaction.atomic
def remove(user, initiative: Initiative) -> None:
    """Delete an initiative (its history keeps what it said)."""
    require(user, Action.DELETE, initiative)
    initiative.delete()


@transaction.atomic
def decide(user, initiative: Initiative, publish: bool) -> Initiative:
    require(user, Action.PUBLISH, initiative)
    initiative.save(update_fields=initiative.record_decision(
        user, status=InitiativeStatus.PUBLISHED if publish else InitiativeStatus.DECLINED))
    return initiative


def published(*, q: str = "", covers: str = "", sector: str = "", country: str = "",
              engages: str = "", south: str = ""):
    qs = Initiative.objects.filter(status=InitiativeStatus.PUBLISHED)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(lead_organisations__icontains=q)
                       | Q(description__icontains=q))
    if covers in Covers.values:
        # an initiative covering both counts for each
        qs = qs.filter(covers__in=[covers, Covers.BOTH]) if covers != Covers.BOTH else qs.filter(
            covers=Covers.BOTH)
    if sector in Sector.values:
        qs = qs.filter(sectors__sector=sector)
    if country:
        qs = qs.filter(countries__iso3=country)
    if engages in dict(ENGAGEMENTS):
        qs = qs.filter(**{engages: True})
    if south in ("yes", "no"):
        qs = qs.filter(global_south=(south == "yes"))
    return qs.distinct().prefetch_related("sectors", "countries")


def comparison(initiatives) -> dict:
    """Counts and cross-tabs over the registry: what each initiative covers, by sector, by
    who it engages and by where it originates."""
    items = list(initiatives)
    covers_labels = dict(Covers.choices)
    sector_labels = dict(Sector.choices)
    covers_keys = list(Covers.values)
    by_covers = Counter(i.covers for i in items)
    sector_covers: dict[str, Counter] = {}
    sector_engage: dict[str, Counter] = {}
    origin_covers: dict[bool, Counter] = {True: Counter(), False: Counter()}
    engage_counts = Counter()
    for i in items:
        origin_covers[i.global_south][i.covers] += 1
        for key, _label in ENGAGEMENTS:
            if getattr(i, key):
                engage_counts[key] += 1
        for s in i.sector_keys() or ["none"]:
            sector_covers.setdefault(s, Counter())[i.covers] += 1
            for key, _label in ENGAGEMENTS:
                if getattr(i, key):
                    sector_engage.setdefault(s, Counter())[key] += 1
    sectors = [s for s in Sector.values if s in sector_covers] + (
        ["none"] if "none" in sector_covers else [])

    def sector_label(s):
        return str(sector_labels.get(s, _("No sector given")))

    return {
        "total": len(items),
        "covers": [(str(covers_labels[k]), by_covers.get(k, 0)) for k in covers_keys],
        "engagements": [(str(label), engage_counts.get(k, 0)) for k, label in ENGAGEMENTS],
        "origins": [(str(label), sum(origin_covers[flag].values())) for flag, label in ORIGINS],
        "covers_headers": [str(covers_labels[k]) for k in covers_keys],
        "engage_headers": [str(label) for _k, label in ENGAGEMENTS],
        "sector_by_covers": [
            (sector_label(s), [sector_covers[s].get(k, 0) for k in covers_keys],
             sum(sector_covers[s].values())) for s in sectors],
        "sector_by_engagement": [
            (sector_label(s), [sector_engage.get(s, Counter()).get(k, 0)
                               for k, _l in ENGAGEMENTS], sum(sector_covers[s].values()))
            for s in sectors],
        "origin_by_covers": [
            (str(label), [origin_covers[flag].get(k, 0) for k in covers_keys],
             sum(origin_covers[flag].values())) for flag, label in ORIGINS],
    }
