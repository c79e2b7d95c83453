from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from target87.accounts.permissions import Action, can, is_secretariat, require
from target87.core.limits import accepts_upload, id_param
from target87.core.translations import shown_in_english
from target87.countries.models import Country, ILORegion, name_field
from target87.pathfinders import charts, report, services
from target87.pathfinders.forms import (
    AnnualReviewForm,
    BenchmarkFormSet,
    NextStepForm,
    ParticipationFormSet,
    PathfinderForm,
    PreparationFormSet,
    PriorityForm,
    ProgressNoteForm,
    RoadmapActionForm,
    TransitionForm,
    WorkshopForm,
    save_translations,
    translation_formset,
    translations_valid,
)
from target87.pathfinders.models import (
    REQUIRED_GROUPS,
    ActionTranslation,
    AnnualReview,
    LessonLearnt,
    NationalPriority,
    NextStep,
    NextStepTranslation,
    Participation,
    PathfinderCountry,
    PathfinderStatus,
    PreparatoryItem,
    PreparatoryTask,
    PriorityTranslation,
    RoadmapAction,
    StakeholderGroup,
    Workshop,
)


def _pathfinder(iso3) -> PathfinderCountry:
    return get_object_or_404(PathfinderCountry.objects.select_related("country"),
                             country__iso3=iso3.upper())


def pathfinder_list(request):
    qs = PathfinderCountry.objects.select_related("country")
    status = request.GET.get("status", "")
    region = request.GET.get("region", "")
    q = (request.GET.get("q", "") or "").strip()[:100]
    if status in PathfinderStatus.values:
        qs = qs.filter(status=status)
    if region in ILORegion.values:
        qs = qs.filter(country__ilo_region=region)
    if q:
        qs = qs.filter(Q(country__iso3__iexact=q)
                       | Q(**{f"country__{name_field(get_language())}__icontains": q})
                       | Q(country__name_en__icontains=q))
    qs = qs.order_by("country__ilo_region", f"country__{name_field(get_language())}")
    pathfinders = list(qs)
    # The last one kept per country is the latest dated workshop (undated ones come first).
    workshops = {w.country_id: w for w in Workshop.objects.order_by(
        F("start_date").asc(nulls_first=True), "pk")}
    rows = [(p, workshops.get(p.country_id)) for p in pathfinders]
    counts = {s: 0 for s in PathfinderStatus.values}
    for p in PathfinderCountry.objects.only("status"):
        counts[p.status] += 1
    all_workshops = list(Workshop.objects.select_related("country").filter(
        country__in=[p.country_id for p in pathfinders]).order_by(
            F("start_date").asc(nulls_last=True), "pk"))
    return render(request, "pathfinders/list.html", {
        "rows": rows,
        "count": len(rows),
        "status_counts": [(s, label, counts[s]) for s, label in PathfinderStatus.choices],
        "statuses": PathfinderStatus.choices,
        "regions": ILORegion.choices,
        "selected": {"status": status, "region": region, "q": q},
        "map_svg": charts.status_map(pathfinders),
        "timeline_svg": charts.workshop_timeline(all_workshops),
        "workshops": all_workshops,
        "lessons": LessonLearnt.objects.all(),
    })


def _detail_context(request, pathfinder):
    country = pathfinder.country
    priorities, next_steps = services.translated_roadmap(country)
    for priority in priorities:
        priority.gap = services.funding_gap(priority.actions.all())
    actions = [a for p in priorities for a in p.actions.all()]
    workshops = list(Workshop.objects.filter(country=country).prefetch_related(
        "participants", "preparation").order_by(F("start_date").desc(nulls_last=True)))
    for ws in workshops:
        # a workshop is flagged only once its participants are recorded
        recorded = any(p.total for p in ws.participants.all())
        ws.missing = [StakeholderGroup(g).label for g in ws.missing_groups()] if recorded else []
        ws.participants_recorded = recorded
        done = {t.item: t for t in ws.preparation.all()}
        ws.checklist = [(label, done.get(item)) for item, label in PreparatoryItem.choices]
    reviews = list(AnnualReview.objects.filter(country=country).order_by("-year"))
    user = request.user
    return {
        "pathfinder": pathfinder,
        "country": country,
        "history": services.history(pathfinder),
        "workshops": workshops,
        "priorities": priorities,
        "next_steps": next_steps,
        "roadmap_in_english": services.roadmap_in_english(priorities),
        "steps_in_english": shown_in_english(next_steps),
        "progress": services.roadmap_progress(actions),
        "total_gap": services.funding_gap(actions),
        "reviews": reviews,
        "hold_proposed": services.hold_proposed(pathfinder),
        "hold_review": services.hold_proposed_by(pathfinder),
        "reviews_to_record": services.reviews_to_record([country.pk]),
        "admitted_on": services.admitted_on(pathfinder),
        "may_manage": can(user, Action.MANAGE, pathfinder),
        "is_staff_reader": is_secretariat(user),
        "has_report": services.held_workshop(country) is not None,
        "may_edit_roadmap": can(user, Action.CHANGE, NationalPriority(country=country)),
        "may_review": can(user, Action.REVIEW, AnnualReview(country=country)),
        "required_groups": [StakeholderGroup(g).label for g in REQUIRED_GROUPS],
    }


def pathfinder_detail(request, iso3):
    pathfinder = _pathfinder(iso3)
    return render(request, "pathfinders/detail.html", _detail_context(request, pathfinder))


def country_section(request, country):
    pathfinder = PathfinderCountry.objects.filter(country=country).first()
    if pathfinder is None:
        return None
    return render_to_string("pathfinders/_country_section.html", {
        "pathfinder": pathfinder,
        "priorities": NationalPriority.objects.filter(country=country).count(),
        "workshop": Workshop.objects.filter(country=country).order_by(
            F("start_date").desc(nulls_last=True)).first(),
    }, request=request)


@accepts_upload("DOCUMENT_MAX_UPLOAD_BYTES")
@login_required
def transition_view(request, iso3):
    pathfinder = _pathfinder(iso3)
    require(request.user, Action.MANAGE, pathfinder)
    form = TransitionForm(request.POST or None, request.FILES or None, pathfinder=pathfinder,
                          initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.transition(pathfinder, form.cleaned_data["to_status"], request.user,
                                form.cleaned_data["date"], form.cleaned_data.get("document"),
                                form.cleaned_data.get("note", ""))
        except services.TransitionError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The status was changed."))
            return redirect(pathfinder.get_absolute_url())
    return render(request, "pathfinders/form.html", {
        "pathfinder": pathfinder, "form": form, "multipart": True,
        "title": _("Change the status"),
        "intro": _("Current status: %(status)s.") % {"status": pathfinder.get_status_display()},
    })


@login_required
def pathfinder_edit(request, iso3):
    pathfinder = _pathfinder(iso3)
    require(request.user, Action.MANAGE, pathfinder)
    form = PathfinderForm(request.POST or None, instance=pathfinder)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            account = form.cleaned_data["focal_point_username"]
            if account != pathfinder.focal_point_user:
                services.assign_focal_point_account(pathfinder, account, request.user)
        messages.success(request, _("The expression of interest was saved."))
        return redirect(pathfinder.get_absolute_url())
    return render(request, "pathfinders/form.html", {
        "pathfinder": pathfinder, "form": form,
        "title": _("Expression of interest and focal point"),
    })


@login_required
def pathfinder_create(request):
    require(request.user, Action.MANAGE, PathfinderCountry())
    taken = PathfinderCountry.objects.values_list("country_id", flat=True)
    countries = Country.objects.exclude(pk__in=taken).order_by(name_field(get_language()))
    error = ""
    if request.method == "POST":
        country = countries.filter(iso3=request.POST.get("country", "").upper()).first()
        if country is None:
            error = _("Choose a country that is not yet in the pathfinder list.")
        else:
            with transaction.atomic():
                pathfinder = PathfinderCountry.objects.create(country=country)
                from target87.pathfinders.models import StatusTransition

                StatusTransition.objects.create(
                    pathfinder=pathfinder, from_status="", to_status=PathfinderStatus.PROSPECTIVE,
                    date=timezone.localdate(), user=request.user,
                    note=_("Attended the GCG as an observer."),
                )
            messages.success(request, _("The country was added as prospective."))
            return redirect(pathfinder.get_absolute_url())
    return render(request, "pathfinders/create.html", {"countries": countries, "error": error})


def _rows_formset(formset_class, data, workshop, prefix, field, values, model):
    """A formset with one form per group (or checklist item): the rows on record, then a
    blank form for each value that has none yet, so that showing the page writes nothing."""
    present = set(model.objects.filter(workshop=workshop).values_list(field, flat=True))
    missing = [v for v in values if v not in present]
    formset_class = type(formset_class.__name__, (formset_class,), {"extra": len(missing)})
    return formset_class(data, instance=workshop, prefix=prefix,
                         initial=[{field: v} for v in missing])


@login_required
def workshop_edit(request, iso3, pk=None):
    pathfinder = _pathfinder(iso3)
    country = pathfinder.country
    workshop = get_object_or_404(Workshop, pk=pk, country=country) if pk else Workshop(
        country=country, region=country.ilo_region)
    require(request.user, Action.CHANGE if pk else Action.CREATE, workshop)
    form = WorkshopForm(request.POST or None, instance=workshop)
    participants = _rows_formset(
        ParticipationFormSet, request.POST or None, workshop, "participants", "group",
        StakeholderGroup.values, Participation) if workshop.pk else None
    preparation = _rows_formset(
        PreparationFormSet, request.POST or None, workshop, "preparation", "item",
        PreparatoryItem.values, PreparatoryTask) if workshop.pk else None
    if request.method == "POST":
        sets = [s for s in (participants, preparation) if s is not None]
        if form.is_valid() and all(s.is_valid() for s in sets):
            with transaction.atomic():
                form.save()
                for s in sets:
                    s.save()
                # rows the form left blank are created now, so the page lists them all
                services.add_workshop_rows(workshop)
            messages.success(request, _("The workshop was saved."))
            if not pk:
                return redirect("pathfinders:workshop_edit", iso3=country.iso3, pk=workshop.pk)
            return redirect(pathfinder.get_absolute_url() + "#workshop")
    return render(request, "pathfinders/workshop_form.html", {
        "pathfinder": pathfinder, "form": form, "participants": participants,
        "preparation": preparation, "workshop": workshop,
    })


@login_required
def priority_edit(request, iso3, pk=None):
    pathfinder = _pathfinder(iso3)
    country = pathfinder.country
    priority = get_object_or_404(NationalPriority, pk=pk, country=country) if pk else \
        NationalPriority(country=country)
    require(request.user, Action.CHANGE if pk else Action.CREATE, priority)
    form = PriorityForm(request.POST or None, instance=priority, country=country)
    translations = translation_formset(PriorityTranslation, priority, request.POST or None)
    if request.method == "POST" and _save_with_translations(form, translations):
        messages.success(request, _("The priority was saved."))
        return redirect(pathfinder.get_absolute_url() + "#roadmap")
    return render(request, "pathfinders/form.html", {
        "pathfinder": pathfinder, "form": form, "title": _("National priority"),
        "translations": translations,
    })


def _save_with_translations(form, translations) -> bool:
    """Saves the record and its translations together if both are valid; the caller has
    asked the permission service whether the user may change the record."""
    if not all([form.is_valid(), translations_valid(translations)]):
        return False
    with transaction.atomic():
        save_translations(translations, form.save())
    return True


@login_required
def action_edit(request, iso3, pk=None):
    pathfinder = _pathfinder(iso3)
    country = pathfinder.country
    priority_id = None
    if pk:
        action = get_object_or_404(RoadmapAction, pk=pk, priority__country=country)
    else:
        priority_id = id_param(request, "priority")
        priority = NationalPriority.objects.filter(country=country, pk=priority_id).first() \
            if priority_id else None
        action = RoadmapAction(priority=priority or NationalPriority(country=country))
    require(request.user, Action.CHANGE if pk else Action.CREATE, action)
    form = RoadmapActionForm(request.POST or None, instance=action, country=country,
                             initial={"priority": priority_id})
    benchmarks = BenchmarkFormSet(request.POST or None, instance=action, prefix="benchmarks")
    translations = translation_formset(ActionTranslation, action, request.POST or None)
    note_form = ProgressNoteForm(request.POST or None, prefix="note") if pk else None
    if request.method == "POST":
        note_filled = note_form is not None and (request.POST.get("note-text") or "").strip()
        valid = all([form.is_valid(), benchmarks.is_valid(), translations_valid(translations)])
        if note_filled:
            valid = note_form.is_valid() and valid
        if valid:
            with transaction.atomic():
                saved = form.save()
                benchmarks.instance = saved
                benchmarks.save()
                save_translations(translations, saved)
                if note_filled:
                    note = note_form.save(commit=False)
                    note.action = saved
                    note.author = request.user
                    note.save()
            messages.success(request, _("The action was saved."))
            return redirect(pathfinder.get_absolute_url() + "#roadmap")
    return render(request, "pathfinders/action_form.html", {
        "pathfinder": pathfinder, "form": form, "benchmarks": benchmarks,
        "note_form": note_form, "action": action, "translations": translations,
    })


@login_required
def next_step_edit(request, iso3, pk=None):
    pathfinder = _pathfinder(iso3)
    country = pathfinder.country
    step = get_object_or_404(NextStep, pk=pk, country=country) if pk else NextStep(country=country)
    require(request.user, Action.CHANGE if pk else Action.CREATE, step)
    form = NextStepForm(request.POST or None, instance=step, country=country)
    translations = translation_formset(NextStepTranslation, step, request.POST or None)
    if request.method == "POST" and _save_with_translations(form, translations):
        messages.success(request, _("The next step was saved."))
        return redirect(pathfinder.get_absolute_url() + "#next-steps")
    return render(request, "pathfinders/form.html", {
        "pathfinder": pathfinder, "form": form, "title": _("Next step"),
        "translations": translations,
    })


@login_required
@require_POST
def next_step_toggle(request, iso3, pk):
    pathfinder = _pathfinder(iso3)
    step = get_object_or_404(NextStep, pk=pk, country=pathfinder.country)
    require(request.user, Action.CHANGE, step)
    step.done = not step.done
    step.save(update_fields=["done"])
    return redirect(pathfinder.get_absolute_url() + "#next-steps")


def _proposed_review(request, pathfinder) -> dict:
    """The form's starting values: the year asked (from "My work" or the notification) and,
    when its questionnaire is approved, that questionnaire as the evidence."""
    today = timezone.localdate()
    initial = {"year": today.year, "date": today}
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return initial
    initial["year"] = year
    for proposal in services.reviews_to_record([pathfinder.country_id]):
        if proposal["year"] == year:
            q = proposal["questionnaire"]
            url = request.build_absolute_uri(
                reverse("monitoring:questionnaire", args=[q.country.iso3, q.cycle.year]))
            initial["questionnaire_id"] = q.pk
            initial["evidence"] = _("The approved %(year)s progress questionnaire: %(url)s") % {
                "year": year, "url": url}
    return initial


@login_required
@require_POST
def hold_confirm(request, iso3):
    pathfinder = _pathfinder(iso3)
    try:
        step = services.confirm_hold(pathfinder, request.user)
    except services.TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The hold is confirmed, dated %(date)s (the day of the "
                                    "review).") % {"date": step.date.isoformat()})
    return redirect(pathfinder.get_absolute_url() + "#reviews")


@login_required
def review_add(request, iso3):
    pathfinder = _pathfinder(iso3)
    review = AnnualReview(country=pathfinder.country)
    require(request.user, Action.REVIEW, review)
    form = AnnualReviewForm(request.POST or None, instance=review,
                            initial=_proposed_review(request, pathfinder))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_annual_review(
                pathfinder, data["year"], data["substantial_progress"], data["evidence"],
                request.user, reasonable_justification=data["reasonable_justification"],
                date=data.get("date"), questionnaire_id=data.get("questionnaire_id"),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The annual review was recorded."))
            return redirect(pathfinder.get_absolute_url() + "#reviews")
    return render(request, "pathfinders/form.html", {
        "pathfinder": pathfinder, "form": form, "title": _("Annual review"),
        "intro": _("A country is proposed for a hold after two annual reviews in a row that "
                   "show no substantial progress and no reasonable justification."),
    })


# --- the workshop report (Annex 1 template) ---------------------------------------------

def _reported_pathfinder(iso3):
    """The pathfinder of a country that has held its workshop; 404 otherwise (no workshop
    held, no report)."""
    pathfinder = _pathfinder(iso3)
    if services.held_workshop(pathfinder.country) is None:
        raise Http404(_("No strategic planning workshop has been held: there is no report."))
    return pathfinder


def report_html(request, iso3):
    pathfinder = _reported_pathfinder(iso3)
    return render(request, "pathfinders/report.html", report.context(pathfinder))


def report_pdf(request, iso3):
    """The PDF when the worker has rendered it; until then a page that refreshes itself."""
    from django.http import FileResponse

    pathfinder = _reported_pathfinder(iso3)
    state, detail = report.request_pdf(pathfinder)
    if state == "ready":
        return FileResponse(detail.open("rb"), as_attachment=True,
                            filename=f"{report.filename(pathfinder)}.pdf",
                            content_type="application/pdf")
    ctx = report.context(pathfinder) | {"pathfinder": pathfinder, "failed": state == "failed",
                                        "error": detail or ""}
    return render(request, "pathfinders/report_pending.html", ctx,
                  status=503 if state == "failed" else 202)


def report_docx(request, iso3):
    pathfinder = _reported_pathfinder(iso3)
    data = report.render_docx(pathfinder)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument."
                           "wordprocessingml.document")
    response["Content-Disposition"] = (
        f'attachment; filename="{report.filename(pathfinder)}.docx"')
    return response

