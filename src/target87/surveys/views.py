from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from target87.accounts.permissions import (
    Action,
    can,
    focal_country_ids,
    is_secretariat,
    require,
)
from target87.core.limits import accepts_upload
from target87.core.models import JobProgress
from target87.surveys import forced, overlap, services
from target87.surveys.forms import (
    ForcedLabourForm,
    MappingForm,
    OverlapOptionsForm,
    OverlapSaveForm,
    OverlapUploadForm,
    SaveObservationsForm,
    UploadForm,
)
from target87.surveys.models import EstimateRun, RunKind, RunStatus, SurveyUpload, UploadContent


def _may_upload(user) -> bool:
    return is_secretariat(user) or bool(focal_country_ids(user))


@login_required
def index(request):
    uploads = SurveyUpload.objects.select_related("country", "uploaded_by")
    if not is_secretariat(request.user):
        uploads = uploads.filter(country__in=focal_country_ids(request.user))
    uploads = uploads.prefetch_related("runs")[:100]
    return render(request, "surveys/index.html",
                  {"uploads": uploads, "may_upload": _may_upload(request.user)})


@accepts_upload("SURVEYS_MAX_UPLOAD_BYTES")
@login_required
def upload(request):
    if not _may_upload(request.user):
        raise PermissionDenied(_("Only a country focal point or the Secretariat uploads survey "
                                 "microdata."))
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.create_upload(request.user, form.cleaned_data["country"],
                                            form.cleaned_data["file"],
                                            form.cleaned_data["description"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("%(name)s uploaded: %(n)s columns.")
                             % {"name": record.original_name, "n": len(record.columns)})
            return redirect("surveys:mapping", pk=record.pk)
    return render(request, "surveys/upload.html",
                  {"form": form, "max_mb": services.max_upload_bytes() // 2**20})


def _upload_for(request, pk) -> SurveyUpload:
    record = get_object_or_404(SurveyUpload.objects.select_related("country"), pk=pk)
    require(request.user, Action.VIEW, record)
    return record


def _run_for(request, pk, action=Action.VIEW) -> EstimateRun:
    run = get_object_or_404(EstimateRun.objects.select_related("upload__country"), pk=pk)
    require(request.user, action, run)
    return run


@accepts_upload("SURVEYS_MAX_UPLOAD_BYTES")
@login_required
def overlap_new(request):
    """Upload a list-overlap table and start its multiple systems estimate."""
    if not _may_upload(request.user):
        raise PermissionDenied(_("Only a country focal point or the Secretariat uploads lists "
                                 "of victims."))
    form = OverlapUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = overlap.start_new(
                request.user, data["country"], data["file"], data["period"],
                model=data["model"], threshold=data["threshold"], bootstrap=data["bootstrap"],
                seed=data["seed"], description=data["description"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("surveys:run", pk=run.pk)
    return render(request, "surveys/overlap_new.html", {"form": form})


def _overlap_upload(request, record: SurveyUpload):
    """A stored list-overlap table: its overlaps, and its estimate run again with other
    options."""
    may_run = can(request.user, Action.CREATE, record)
    form = OverlapOptionsForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.CREATE, record)
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = overlap.start_run(request.user, record, model=data["model"],
                                        threshold=data["threshold"],
                                        bootstrap=data["bootstrap"], seed=data["seed"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("surveys:run", pk=run.pk)
    try:
        table = overlap.overlaps(overlap.table_from_upload_checked(record))
        problem = ""
    except ValidationError as exc:
        table, problem = None, " ".join(exc.messages)
    runs = record.runs.select_related("created_by")[:20]
    return render(request, "surveys/overlap_upload.html",
                  {"upload": record, "form": form, "table": table, "problem": problem,
                   "runs": runs, "may_run": may_run})


@login_required
def mapping(request, pk):
    record = _upload_for(request, pk)
    if record.content == UploadContent.LIST_OVERLAP:
        return _overlap_upload(request, record)
    may_run = can(request.user, Action.CREATE, record)
    if request.method == "POST":
        require(request.user, Action.CREATE, record)
        form = MappingForm(request.POST, columns=record.columns)
    else:
        form = MappingForm(MappingForm.initial_for(record.columns), columns=record.columns)
    preview = None
    valid = form.is_valid()
    if valid and request.method == "POST" and request.POST.get("action") == "run":
        data = form.cleaned_data
        try:
            run = services.start_run(
                request.user, record, data["mapping_obj"], data["definition_obj"],
                basis=data["basis"], ci=data["ci"], lonely_psu=data["lonely_psu"],
                by=data["by"], hazardous=data.get("hazardous_work", False))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            for note in form.notes:
                messages.info(request, note)
            return redirect("surveys:run", pk=run.pk)
    # The preview needs only a readable mapping: an error in another choice (an extra
    # grouping, say) is listed at the top without losing it.
    data = getattr(form, "cleaned_data", {})
    if "mapping_obj" in data and "definition_obj" in data:
        preview = services.mapping_preview(record, data["mapping_obj"], data["definition_obj"])
    runs = record.runs.select_related("created_by")[:20]
    return render(request, "surveys/mapping.html",
                  {"upload": record, "form": form, "preview": preview, "runs": runs,
                   "may_run": may_run})


@login_required
def forced_labour(request, pk):
    """Map a microdata file's involuntary-work and coercion questions, preview them on the
    first rows and start a forced-labour estimate."""
    record = _upload_for(request, pk)
    if record.content != UploadContent.MICRODATA:
        raise Http404
    may_run = can(request.user, Action.CREATE, record)
    if request.method == "POST":
        require(request.user, Action.CREATE, record)
        form = ForcedLabourForm(request.POST, columns=record.columns)
    else:
        form = ForcedLabourForm(ForcedLabourForm.initial_for(record.columns),
                                columns=record.columns)
    preview = None
    if form.is_valid():
        data = form.cleaned_data
        if request.method == "POST" and request.POST.get("action") == "run":
            try:
                run = forced.start_run(request.user, record, data["definition_obj"],
                                       data["design_obj"], by=data["by"], ci=data["ci"],
                                       lonely_psu=data["lonely_psu"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("surveys:run", pk=run.pk)
        preview = forced.preview(record, data["definition_obj"], data["design_obj"])
    runs = record.runs.filter(kind=RunKind.FORCED_LABOUR).select_related("created_by")[:20]
    return render(request, "surveys/forced_labour.html",
                  {"upload": record, "form": form, "preview": preview, "runs": runs,
                   "may_run": may_run})


def _status(run: EstimateRun) -> dict:
    from target87.core.jobs import settle

    job = JobProgress.objects.filter(result_id=run.result_id).first() if run.result_id else None
    if job is not None and not run.is_done:
        # the worker running it may be gone: run it again or end it, never leave it running
        settle(job)
        run.refresh_from_db()
    percent = 100 if run.status == RunStatus.FINISHED else (job.percent if job else 0)
    message = gettext(job.message) if job and job.message else ""
    return {"status": run.status, "percent": percent,
            "message": message or run.get_status_display(),
            "error": run.error_message(), "url": reverse("surveys:run", args=[run.pk])}


@never_cache
@login_required
def run_status(request, pk):
    """JSON progress of a run for the progress bar (the job's progress and the run's status)."""
    run = get_object_or_404(EstimateRun.objects.select_related("upload"), pk=pk)
    if not can(request.user, Action.VIEW, run):
        return JsonResponse({"error": "not allowed"}, status=403)
    return JsonResponse(_status(run))


@login_required
def run_detail(request, pk):
    run = _run_for(request, pk)
    state = _status(run)
    if run.is_done and run.seen_at is None and run.created_by_id == request.user.pk:
        # seen by the person who started it: it leaves their "My work"
        run.seen_at = timezone.now()
        EstimateRun.objects.filter(pk=run.pk).update(seen_at=run.seen_at)
    context = {"run": run, "upload": run.upload, "state": state,
               "may_save": can(request.user, Action.CHANGE, run),
               "may_retry": run.status == RunStatus.FAILED
               and can(request.user, Action.CREATE, run.upload)}
    if run.kind == RunKind.TRAFFICKING_MSE:
        if run.status == RunStatus.FINISHED:
            context.update(
                result=overlap.result(run), table=run.metadata.get("overlaps"),
                level=int(round(100 * float(overlap.result(run).get("confidence", 0.95)))),
                model_label=overlap.model_label(run.options.get("model", "")),
                save_form=OverlapSaveForm(initial={"source": run.upload.description}),
                indicator=overlap.INDICATOR,
                saved=run.observations.select_related("indicator").all())
        return render(request, "surveys/run_overlap.html", context)
    if run.kind == RunKind.FORCED_LABOUR:
        if run.status == RunStatus.FINISHED:
            context.update(
                rows=forced.display_rows(run), indicator=forced.INDICATOR,
                save_form=SaveObservationsForm(initial={"period": run.saved_period,
                                                        "source": run.upload.description}),
                observation_rows=len(forced.observation_rows(run)),
                saved=run.observations.select_related("indicator").all())
        return render(request, "surveys/run_forced.html", context)
    if run.status == RunStatus.FINISHED:
        from target87.core.charts import render_svg

        context.update(
            rows=services.display_rows(run),
            chart_svg=render_svg(services.chart_spec(run)),
            chart_alt=services.chart_alt_text(run),
            save_form=SaveObservationsForm(initial={
                "period": run.saved_period,
                "source": run.upload.description}),
            observation_rows=len(services.observation_rows(run)),
            saved=run.observations.select_related("indicator").all(),
        )
    return render(request, "surveys/run.html", context)


@login_required
@require_POST
def run_retry(request, pk):
    """Run a failed estimate again with the same settings (a new run; this one stays)."""
    run = _run_for(request, pk)
    require(request.user, Action.CREATE, run.upload)
    try:
        new = services.retry_run(request.user, run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("surveys:run", pk=run.pk)
    return redirect("surveys:run", pk=new.pk)


@login_required
@require_POST
def run_save(request, pk):
    run = _run_for(request, pk, Action.CHANGE)
    if run.kind == RunKind.TRAFFICKING_MSE:
        return _overlap_save(request, run)
    form = SaveObservationsForm(request.POST)
    save = (forced.save_as_observations if run.kind == RunKind.FORCED_LABOUR
            else services.save_as_observations)
    if form.is_valid():
        try:
            saved = save(run, request.user, form.cleaned_data["period"],
                         form.cleaned_data["source"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)s draft observations saved for %(year)s.")
                             % {"n": len(saved), "year": form.cleaned_data["period"]})
            return redirect("surveys:run", pk=run.pk)
    else:
        messages.error(request, "; ".join(f"{form.fields[k].label}: {' '.join(v)}"
                                          for k, v in form.errors.items()))
    return redirect("surveys:run", pk=run.pk)


def _overlap_save(request, run: EstimateRun):
    form = OverlapSaveForm(request.POST)
    if form.is_valid():
        try:
            overlap.save_as_observation(run, request.user, form.cleaned_data["source"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The estimate is saved as a draft value for %(year)s.")
                             % {"year": run.upload.period})
    else:
        messages.error(request, "; ".join(f"{form.fields[k].label}: {' '.join(v)}"
                                          for k, v in form.errors.items()))
    return redirect("surveys:run", pk=run.pk)


DOWNLOADS = {"csv": "text/csv", "json": "application/json", "sdmx.csv": "text/csv"}


@login_required
def run_download(request, pk, fmt):
    run = _run_for(request, pk)
    if fmt not in DOWNLOADS or run.status != RunStatus.FINISHED:
        raise Http404
    if run.kind == RunKind.TRAFFICKING_MSE:
        if fmt == "sdmx.csv":
            raise Http404
        body = overlap.result_csv(run) if fmt == "csv" else services.rows_json(run)
        response = HttpResponse(body, content_type=f"{DOWNLOADS[fmt]}; charset=utf-8")
        name = f"trafficking-mse-{run.upload.country.iso3.lower()}-run{run.pk}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if run.kind == RunKind.FORCED_LABOUR and fmt == "sdmx.csv":
        raise Http404
    if fmt == "csv":
        body = services.rows_csv(run)
    elif fmt == "json":
        body = services.rows_json(run)
    else:
        year = request.GET.get("year", "").strip()
        period = None
        if year:
            # The save form's own field: int() with its errors caught and the same year range
            # (str.isdigit() accepts "²", which int() refuses).
            field = SaveObservationsForm.base_fields["period"]
            try:
                period = field.clean(year)
            except ValidationError as exc:
                messages.error(request, f"{field.label}: {' '.join(exc.messages)}")
                return redirect("surveys:run", pk=run.pk)
        body = services.rows_sdmx(run, period)
    response = HttpResponse(body, content_type=f"{DOWNLOADS[fmt]}; charset=utf-8")
    kind = "forced-labour" if run.kind == RunKind.FORCED_LABOUR else "child-labour"
    name = f"{kind}-{run.upload.country.iso3.lower()}-run{run.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
