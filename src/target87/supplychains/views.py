from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from target87.accounts.permissions import Action, can, is_secretariat, require
from target87.core.limits import accepts_upload
from target87.core.tables import FORMATS, table_response
from target87.countries.models import Country
from target87.supplychains import charts, criteria, footprints, initiatives
from target87.supplychains.forms import (
    CandidateForm,
    CasCaseForm,
    InitiativeForm,
    RunForm,
    ScoreForm,
)
from target87.supplychains.models import (
    Candidate,
    CasCase,
    Covers,
    Criterion,
    FootprintRun,
    Initiative,
    InitiativeStatus,
    RunStatus,
    Sector,
)
from target87.supplychains.rules import may_propose_initiative, may_read_scores, may_score

PAGE_SIZE = 25


def _querystring(request, *drop) -> str:
    params = request.GET.copy()
    for key in ("page", "format", *drop):
        params.pop(key, None)
    return params.urlencode()


def _page(request, template: str, ctx: dict, status: int = 200):
    """Render with what the section's menu needs to know about the reader."""
    ctx.setdefault("may_read_scores", may_read_scores(request.user))
    ctx.setdefault("may_upload", is_secretariat(request.user))
    return render(request, template, ctx, status=status)


def _errors_into(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


# --- the public page -------------------------------------------------------------------------


def index(request):
    run = footprints.published_run()
    fmt = request.GET.get("format", "")
    table = request.GET.get("table", "")
    region = (request.GET.get("region") or "").strip()[:60]
    sector = (request.GET.get("sector") or "").strip()[:200]
    if run is not None and region not in run.regions:
        region = ""
    if run is not None and sector not in run.sectors:
        sector = ""
    reference = [(str(label), share) for label, share in footprints.REFERENCE_SHARES]
    shares = footprints.export_shares(run) if run else []
    by_sector = footprints.exports_by_sector(run, region) if run and region else []
    destinations = (footprints.exports_by_destination(run, region, sector)
                    if run and region else [])
    by_sdg = footprints.shares_by_sdg_region(run) if run else []
    if fmt in FORMATS:
        if table == "reference":
            return table_response(fmt, "child-labour-linked-to-exports-2019",
                                  [_("Region"), _("Share of child labour linked to exports (%)"),
                                   _("Source")],
                                  [[label, share, footprints.REFERENCE_CITATION]
                                   for label, share in reference])
        if run is None:
            raise Http404
        if table == "shares":
            return table_response(fmt, "child-labour-embodied-in-exports",
                                  [_("Region"), _("Child labour"), _("Embodied in exports"),
                                   _("Share embodied in exports (%)")],
                                  [[r["region"], r["production"], r["exports"],
                                    _round(r["share"])] for r in shares])
        if table == "sdg":
            return table_response(fmt, "child-labour-embodied-in-exports-by-sdg-region",
                                  [_("SDG region"), _("MRIO regions"), _("Child labour"),
                                   _("Embodied in exports"),
                                   _("Share embodied in exports (%)"),
                                   _("2019 report: share linked to exports (%)")],
                                  [[r["label"], "; ".join(r["regions"]),
                                    r["production"] if r["regions"] else "",
                                    r["exports"] if r["regions"] else "", _round(r["share"]),
                                    "" if r["reference"] is None else r["reference"]]
                                   for r in by_sdg])
        if table == "sectors" and region:
            return table_response(fmt, f"exports-by-sector-{region}",
                                  [_("Sector"), _("Embodied in exports"),
                                   _("Share of the region's child labour (%)")],
                                  [[r["sector"], r["exports"], _round(r["share"])]
                                   for r in by_sector])
        if table == "destinations" and region:
            return table_response(fmt, f"exports-by-destination-{region}-{sector}",
                                  [_("Consuming region"), _("Embodied child labour"),
                                   _("Share (%)")],
                                  [[r["consumer"], r["value"], _round(r["share"])]
                                   for r in destinations])
        raise Http404
    ctx = {
        "reference": reference, "citation": footprints.REFERENCE_CITATION,
        "reference_chart": charts.bar_chart(reference, _("Share of child labour linked to "
                                                         "exports (%)")),
        "reference_alt": charts.alt_text(reference, _(
            "Share of child labour linked to exports, by region, 2019 report")),
        "run": run, "shares": shares, "region": region, "sector": sector,
        "by_sector": by_sector, "destinations": destinations, "by_sdg": by_sdg,
        "criteria": Criterion.objects.all(),
    }
    paired = [(r["label"], _round(r["share"]), r["reference"]) for r in by_sdg
              if r["key"] != "all" and (r["share"] is not None or r["reference"] is not None)]
    if paired:
        first, second = _("This platform"), _("2019 report")
        label = _("Share of child labour linked to exports (%)")
        ctx["sdg_chart"] = charts.paired_chart(paired, first, second, label)
        ctx["sdg_alt"] = charts.paired_alt_text(paired, first, second, label)
    if run and shares:
        points = [(r["region"], _round(r["share"]) or 0) for r in shares[:30]]
        label = _("Share embodied in exports (%)")
        ctx["shares_chart"] = charts.bar_chart(points, label)
        ctx["shares_alt"] = charts.alt_text(points, label)
    if destinations:
        points = [(r["consumer"], _round(r["share"]) or 0) for r in destinations[:20]]
        label = _("Share of exported child labour (%)")
        ctx["dest_chart"] = charts.bar_chart(points, label)
        ctx["dest_alt"] = charts.alt_text(points, label)
    return _page(request, "supplychains/index.html", ctx)


def _round(value, digits: int = 1):
    return None if value is None else round(value, digits)


# --- footprint runs --------------------------------------------------------------------------


@login_required
@accepts_upload("SUPPLYCHAINS_MAX_REQUEST_BYTES")
@require_http_methods(["GET", "POST"])
def runs(request):
    if not is_secretariat(request.user):
        raise PermissionDenied
    form = RunForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = footprints.start_run(
                    request.user, mrio=data["mrio"], satellite=data["satellite"],
                    stressor=data["stressor"], mrio_source=data["mrio_source"],
                    satellite_source=data["satellite_source"])
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("The footprint is queued; this page follows it."))
                return redirect(run.get_absolute_url())
        status = 400
    page = Paginator(FootprintRun.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(request, "supplychains/runs.html", {
        "form": form, "page": page, "querystring": _querystring(request),
        "limit_mb": footprints.max_upload_bytes() // 2**20,
    }, status=status)


@require_http_methods(["GET", "POST"])
def run_detail(request, pk):
    run = get_object_or_404(FootprintRun, pk=pk)
    require(request.user, Action.VIEW, run)
    if request.method == "POST":
        publish = request.POST.get("publish") == "1"
        try:
            footprints.set_published(request.user, run, publish)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The run is published.") if publish else _(
                "The run is no longer published."))
        return redirect(run.get_absolute_url())
    job = None
    if run.result_id:
        from target87.core.models import JobProgress

        job = JobProgress.objects.filter(result_id=run.result_id).first()
    return _page(request, "supplychains/run.html", {
        "run": run, "job": job, "shares": footprints.export_shares(run)[:50],
        "may_publish": can(request.user, Action.PUBLISH, run),
        "may_retry": run.status == RunStatus.FAILED and can(request.user, Action.CREATE, run),
    })


@login_required
@require_POST
def run_retry(request, pk):
    """Run a failed footprint again over the same files (a new run; this one stays)."""
    run = get_object_or_404(FootprintRun, pk=pk)
    try:
        new = footprints.retry_run(request.user, run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(run.get_absolute_url())
    messages.success(request, _("The footprint is queued; this page follows it."))
    return redirect(new.get_absolute_url())


# --- priorities: the eight criteria ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def priorities(request):
    if not may_read_scores(request.user):
        raise PermissionDenied
    all_criteria = list(Criterion.objects.all())
    form = CandidateForm(request.POST or None) if may_score(request.user) else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                candidate = criteria.add_candidate(request.user, form.cleaned_data["country"],
                                                   form.cleaned_data["sector"],
                                                   form.cleaned_data["note"])
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                return redirect(candidate.get_absolute_url())
        status = 400
    weights, weight_errors = criteria.parse_weights(request.GET, all_criteria)
    rows = criteria.ranking_rows(weights) if all_criteria else []
    lang = get_language()
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        headers = [_("Rank"), _("Country"), _("Sector"), _("Weighted score (0-3)"),
                   _("Best rank"), _("Worst rank"), _("Criteria scored")]
        for c in all_criteria:
            headers += [_("Score %(n)s") % {"n": c.number},
                        _("Contribution %(n)s") % {"n": c.number},
                        _("Weight %(n)s") % {"n": c.number}]
        out = []
        for r in rows:
            cand = r["candidate"]
            line = [r["rank"], cand.country.name_in(lang), cand.get_sector_display(),
                    round(r["total"], 3), r["best"], r["worst"], r["scored"]]
            for c in all_criteria:
                line += [r["scores"].get(c.key, ""), round(r["contributions"][c.key], 3),
                         weights[c.key]]
            out.append(line)
        return table_response(fmt, "priority-candidates", headers, out)
    for r in rows:
        r["cells"] = [(c, r["scores"].get(c.key), r["contributions"][c.key])
                      for c in all_criteria]
    return _page(request, "supplychains/priorities.html", {
        "criteria": all_criteria, "weights": [(c, weights[c.key]) for c in all_criteria],
        "weight_errors": list(weight_errors.values()), "rows": rows, "form": form,
        "querystring": _querystring(request),
    }, status=status if not weight_errors else 400)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_detail(request, pk):
    candidate = get_object_or_404(Candidate.objects.select_related("country"), pk=pk)
    require(request.user, Action.VIEW, candidate)
    editable = can(request.user, Action.CHANGE, candidate)
    all_criteria = list(Criterion.objects.all())
    scores = {s.criterion_id: s for s in candidate.scores.select_related("scored_by")}
    proposed = criteria.proposals(candidate)
    no_basis = criteria.without_proposal(candidate, proposed)
    posted = None
    status = 200
    if request.method == "POST":
        require(request.user, Action.CHANGE, candidate)
        criterion = get_object_or_404(Criterion, key=request.POST.get("criterion", ""))
        posted = (criterion.pk, ScoreForm(request.POST, prefix=criterion.key))
        form = posted[1]
        if form.is_valid():
            try:
                criteria.save_score(request.user, candidate, criterion, **form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("The score on criterion %(n)s is recorded.")
                                 % {"n": criterion.number})
                return redirect(candidate.get_absolute_url() + f"#criterion-{criterion.key}")
        status = 400
    items = []
    for c in all_criteria:
        current = scores.get(c.pk)
        proposal = proposed.get(c.key)
        form = None
        if editable:
            if posted and posted[0] == c.pk:
                form = posted[1]
            else:
                initial = {"date": timezone.localdate()}
                if current:
                    initial.update(score=current.score, evidence=current.evidence,
                                   date=current.date, cas_reference=current.cas_reference)
                elif proposal:
                    initial.update(score=proposal.score, evidence=proposal.evidence)
                form = ScoreForm(initial=initial, prefix=c.key)
        items.append({"criterion": c, "score": current, "proposal": proposal, "form": form,
                      "no_basis": no_basis.get(c.key, "")})
    return _page(request, "supplychains/candidate.html", {
        "candidate": candidate, "items": items, "editable": editable,
        "cases": list(criteria.cas_cases_for(candidate)),
    }, status=status)


@login_required
def candidate_pdf(request, pk):
    from target87.supplychains import report

    candidate = get_object_or_404(Candidate.objects.select_related("country"), pk=pk)
    require(request.user, Action.VIEW, candidate)
    pdf = report.render_pdf(report.context(candidate))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"priority-{candidate.country.iso3}{'-' + candidate.sector if candidate.sector else ''}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# --- cases of the ILO Committee on the Application of Standards ------------------------------


def _case_initial(case: CasCase) -> dict:
    return {"country": case.country.iso3, "sector": case.sector, "year": case.year,
            "convention": case.convention, "reference": case.reference, "link": case.link,
            "summary": case.summary}


def _save_case(request, form, case: CasCase | None = None):
    """The posted case saved and the list to go back to, or None with the errors put on
    the form."""
    if not form.is_valid():
        return None
    try:
        saved = criteria.save_cas_case(request.user, case, **form.cleaned_data)
    except ValidationError as exc:
        _errors_into(form, exc)
        return None
    message = (_("The case %(ref)s is changed.") if case is not None
               else _("The case %(ref)s is recorded."))
    messages.success(request, message % {"ref": saved.reference})
    return redirect("supplychains:cases")


@login_required
@require_http_methods(["GET", "POST"])
def cases(request):
    """The recorded cases; the Secretariat and the group's chairs add one here."""
    if not may_read_scores(request.user):
        raise PermissionDenied
    editable = may_score(request.user)
    form = CasCaseForm(request.POST or None) if editable else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        saved = _save_case(request, form)
        if saved is not None:
            return saved
        status = 400
    country = (request.GET.get("country") or "").strip().upper()[:3]
    if form is not None and request.method == "GET" and country:
        form.initial["country"] = country
    page = Paginator(CasCase.objects.select_related("country"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return _page(request, "supplychains/cases.html", {
        "page": page, "form": form, "editable": editable,
        "querystring": _querystring(request),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = get_object_or_404(CasCase.objects.select_related("country"), pk=pk)
    require(request.user, Action.CHANGE, case)
    form = CasCaseForm(request.POST or None, initial=_case_initial(case))
    status = 200
    if request.method == "POST":
        if request.POST.get("delete") == "1":
            criteria.delete_cas_case(request.user, case)
            messages.success(request, _("The case %(ref)s is removed.") % {"ref": case.reference})
            return redirect("supplychains:cases")
        saved = _save_case(request, form, case)
        if saved is not None:
            return saved
        status = 400
    return _page(request, "supplychains/case_edit.html", {"case": case, "form": form},
                 status=status)


# --- initiatives -----------------------------------------------------------------------------


def _initiative_filters(request) -> dict:
    get = request.GET
    covers = get.get("covers", "")
    sector = get.get("sector", "")
    engages = get.get("engages", "")
    south = get.get("south", "")
    return {
        "q": (get.get("q") or "").strip()[:100],
        "covers": covers if covers in Covers.values else "",
        "sector": sector if sector in Sector.values else "",
        "country": (get.get("country") or "").strip().upper()[:3],
        "engages": engages if engages in dict(initiatives.ENGAGEMENTS) else "",
        "south": south if south in ("yes", "no") else "",
    }


def initiative_list(request):
    selected = _initiative_filters(request)
    qs = initiatives.published(**selected)
    lang = get_language()
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        headers = [_("Name"), _("Lead organisations"), _("Sectors"), _("Countries"), _("Covers"),
                   _("Engages trade unions"), _("Engages employers' organisations"),
                   _("Engages local government"), _("Originates in the global South"),
                   _("Start year"), _("End year"), _("Link")]
        yes, no = _("yes"), _("no")
        rows = [[i.name, "; ".join(i.lead_list()), "; ".join(i.sector_labels()),
                 "; ".join(c.name_in(lang) for c in i.countries.all()), i.get_covers_display(),
                 yes if i.engages_trade_unions else no, yes if i.engages_employers else no,
                 yes if i.engages_local_government else no, yes if i.global_south else no,
                 i.start_year or "", i.end_year or "", i.link] for i in qs]
        return table_response(fmt, "supply-chain-initiatives", headers, rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    countries = Country.objects.filter(
        supply_chain_initiatives__status=InitiativeStatus.PUBLISHED).distinct()
    pending = (Initiative.objects.filter(status=InitiativeStatus.PROPOSED)
               if is_secretariat(request.user) else Initiative.objects.none())
    return _page(request, "supplychains/initiatives.html", {
        "page": page, "count": page.paginator.count, "selected": selected,
        "covers_choices": Covers.choices, "sectors": Sector.choices,
        "engagements": initiatives.ENGAGEMENTS,
        "countries": sorted(countries, key=lambda c: c.name_in(lang)),
        "querystring": _querystring(request), "pending": list(pending),
        "may_propose": may_propose_initiative(request.user),
    })


def initiative_compare(request):
    selected = _initiative_filters(request)
    data = initiatives.comparison(initiatives.published(**selected))
    fmt = request.GET.get("format", "")
    table = request.GET.get("table", "sector_by_covers")
    if fmt in FORMATS:
        if table == "sector_by_engagement":
            headers = [_("Sector"), *data["engage_headers"], _("Initiatives")]
            rows = [[label, *counts, total] for label, counts, total
                    in data["sector_by_engagement"]]
        elif table == "origin_by_covers":
            headers = [_("Origin"), *data["covers_headers"], _("Initiatives")]
            rows = [[label, *counts, total] for label, counts, total
                    in data["origin_by_covers"]]
        else:
            headers = [_("Sector"), *data["covers_headers"], _("Initiatives")]
            rows = [[label, *counts, total] for label, counts, total
                    in data["sector_by_covers"]]
        return table_response(fmt, f"initiatives-{table}", headers, rows)
    chart = None
    if data["total"]:
        points = [(label, total) for label, _c, total in data["sector_by_covers"]]
        label = _("Initiatives")
        chart = {"svg": charts.bar_chart(points, label, percent=False),
                 "alt": charts.alt_text(points, label, percent=False)}
    return _page(request, "supplychains/compare.html", {
        "data": data, "selected": selected, "chart": chart,
        "querystring": _querystring(request, "table"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def initiative_propose(request):
    if not may_propose_initiative(request.user):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            sectors = data.pop("sectors")
            countries = data.pop("countries")
            try:
                initiative = initiatives.propose(request.user, sectors=sectors,
                                                 countries=countries, **data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("The initiative is published.")
                                 if initiative.is_published else
                                 _("Thank you: the Secretariat will review the initiative."))
                return redirect(initiative.get_absolute_url())
        status = 400
    return _page(request, "supplychains/propose.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def initiative_detail(request, pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    require(request.user, Action.VIEW, initiative)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("publish", "decline"):
            return redirect(initiative.get_absolute_url())
        initiatives.decide(request.user, initiative, decision == "publish")
        messages.success(request, _("The initiative is published.") if decision == "publish"
                         else _("The initiative is declined."))
        return redirect(initiative.get_absolute_url())
    return _page(request, "supplychains/initiative.html", {
        "initiative": initiative,
        "may_decide": can(request.user, Action.PUBLISH, initiative),
        "may_edit": can(request.user, Action.CHANGE, initiative),
    })


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    require(request.user, Action.CHANGE, initiative)
    initial = {name: getattr(initiative, name) for name in initiatives.FIELDS}
    initial.update(sectors=initiative.sector_keys(),
                   countries=[c.iso3 for c in initiative.countries.all()])
    form = InitiativeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if request.POST.get("delete") == "1":
            require(request.user, Action.DELETE, initiative)
            name = initiative.name
            initiatives.remove(request.user, initiative)
            messages.success(request, _("The initiative %(name)s is removed.") % {"name": name})
            return redirect("supplychains:initiatives")
        if form.is_valid():
            data = dict(form.cleaned_data)
            sectors = data.pop("sectors")
            countries = data.pop("countries")
            try:
                initiatives.update(request.user, initiative, sectors=sectors,
                                   countries=countries, **data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("The initiative is changed."))
                return redirect(initiative.get_absolute_url())
        status = 400
    return _page(request, "supplychains/initiative_edit.html", {
        "initiative": initiative, "form": form,
        "may_delete": can(request.user, Action.DELETE, initiative),
    }, status=status)
