import datetime
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from target87.accounts.permissions import Action, can, require, scope_queryset
from target87.core.limits import accepts_upload
from target87.core.params import record_ids
from target87.monitoring import cycles, services
from target87.monitoring.models import (
    Dimension,
    Frequency,
    Indicator,
    Observation,
    ObservationStatus,
    Questionnaire,
    ReportingCycle,
    Theme,
)
from target87.monitoring.questions import build_items
from target87.monitoring.xlsform import ImportRefused, import_submissions, xlsform_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECTION_TITLES = {
    "indicators": gettext_lazy("Section 1: update on indicators"),
    "custom": gettext_lazy("Customized indicators"),
    "next_steps": gettext_lazy("Section 2, question 2: the workshop's next steps"),
    "open": gettext_lazy("Section 2: open questions to assess progress made"),
}


def indicator_list(request):
    indicators = Indicator.objects.order_by("order")
    dimensions = []
    for dim, label in Dimension.choices:
        rows = [i for i in indicators if i.dimension == dim]
        themes = []
        for theme, theme_label in Theme.choices:
            theme_rows = [i for i in rows if i.theme == theme]
            if theme_rows:
                themes.append((theme_label, theme_rows))
        dimensions.append((label, themes))
    return render(request, "monitoring/indicator_list.html", {"dimensions": dimensions})


def _questionnaire(request, iso3, year) -> Questionnaire:
    q = get_object_or_404(
        Questionnaire.objects.select_related("cycle", "country"),
        country__iso3=iso3.upper(),
        cycle__year=year,
    )
    require(request.user, Action.VIEW, q)
    return q


@login_required
def questionnaire_list(request):
    qs = scope_queryset(request.user, Questionnaire.objects.select_related("cycle", "country"))
    questionnaires = list(qs.order_by("-cycle__year", "country__name_en"))
    today = timezone.localdate()
    for q in questionnaires:
        q.state_label = cycles.state_label(q, today)
    return render(
        request,
        "monitoring/questionnaire_list.html",
        {
            "questionnaires": questionnaires,
            "cycles": ReportingCycle.objects.all(),
            "may_manage": can(request.user, Action.MANAGE),
        },
    )


def _sections(items, answers, errors, comments=None, carried=()):
    comments = comments or {}
    out = []
    for section, section_items in groupby(items, key=lambda i: i.section):
        groups = []
        for _key, group_items in groupby(section_items, key=lambda i: i.group or i.name):
            group_items = list(group_items)
            fields = [
                {
                    "item": i,
                    "value": answers.get(i.name, ""),
                    "error": errors.get(i.name, ""),
                    "comments": comments.get(i.name, []),
                    "carried": i.name in carried,
                }
                for i in group_items
            ]
            groups.append(
                {
                    "label": group_items[0].group,
                    "fields": fields,
                    "error": any(f["error"] for f in fields),
                }
            )
        out.append({"key": section, "title": SECTION_TITLES[section], "groups": groups})
    return out


@login_required
def questionnaire_edit(request, iso3, year):
    q = _questionnaire(request, iso3, year)
    errors: dict[str, str] = {}
    refused: list[tuple[str, str]] = []
    if request.method == "POST":
        data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        data["_form"] = "web"
        try:
            if request.POST.get("action") == "submit":
                services.submit_questionnaire(q, request.user, data)
                messages.success(request, _("The questionnaire was submitted to the Secretariat."))
                return redirect("monitoring:questionnaire", q.country.iso3, q.cycle.year)
            errors = services.save_draft(q, request.user, data)
            if not errors:
                messages.success(request, _("The draft was saved."))
                return redirect("monitoring:questionnaire", q.country.iso3, q.cycle.year)
        except services.SubmissionRefused as exc:
            refused = exc.errors
            for name, message in exc.errors:
                errors.setdefault(name, message)
        q.refresh_from_db()
    items = build_items(q)
    labels = {i.name: i.label for i in items}
    editable = q.is_editable and can(request.user, Action.CHANGE, q)
    comments = {}
    for comment in q.comments.select_related("author"):
        comments.setdefault(comment.question, []).append(comment)
    return render(
        request,
        "monitoring/questionnaire.html",
        {
            "q": q,
            "sections": _sections(items, q.answers, errors, comments, set(q.carried_over)),
            "editable": editable,
            "refused": [(labels.get(name, name), name, message) for name, message in refused],
            "errors": errors,
            "frequencies": Frequency.choices,
            "computed": _computed_rows(q),
            "may_review": q.status == "submitted" and can(request.user, Action.REVIEW, q),
            "may_decide": can(request.user, Action.APPROVE, q),
            "may_publish": can(request.user, Action.PUBLISH, q),
            "state_label": cycles.state_label(q),
            "overdue": cycles.overdue_days(q) > 0,
            "carried_over": set(q.carried_over),
            "saved_at": q.updated_at.isoformat() if q.updated_at else "",
        },
        status=400 if (refused or errors) and request.method == "POST" else 200,
    )


def _computed_rows(q):
    values = services.compute_implementation_indicators(q.country, q.cycle.year)
    indicators = {i.code: i for i in Indicator.objects.filter(computed=True)}
    rows = []
    for code, computed in values.items():
        value = computed.value
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif isinstance(value, dict):
            shown = "; ".join(f"{amount:,.0f} {currency}" for currency, amount in value.items())
        elif value is None:
            shown = "—"
        elif code in ("IMP_ACTIVITIES_IMPLEMENTED", "IMP_TARGETS_ACHIEVED"):
            shown = f"{value} %"
        else:
            shown = str(value)
        rows.append((indicators[code].name if code in indicators else code, shown, computed.detail))
    return rows


@login_required
@require_POST
def questionnaire_autosave(request, iso3, year):
    q = _questionnaire(request, iso3, year)
    data = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "action")}
    data["_form"] = "web"
    try:
        errors = services.save_draft(q, request.user, data)
    except PermissionDenied:
        return JsonResponse({"error": _("You may not change this questionnaire.")}, status=403)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=409)
    q.refresh_from_db()
    return JsonResponse(
        {
            "saved_at": q.updated_at.isoformat(),
            "saved_label": date_format(q.updated_at, "SHORT_DATETIME_FORMAT"),
            "errors": errors,
        }
    )


@login_required
@require_POST
def questionnaire_review(request, iso3, year):
    q = _questionnaire(request, iso3, year)
    action = request.POST.get("action")
    try:
        if action == "comment":
            services.add_review_comment(
                q, request.user, request.POST.get("question", ""), request.POST.get("text", "")
            )
            messages.success(request, _("Comment added."))
        elif action == "return":
            services.return_questionnaire(q, request.user)
            messages.success(request, _("The questionnaire was returned for revision."))
        elif action == "approve":
            services.approve_questionnaire(q, request.user)
            messages.success(request, _("The questionnaire was approved."))
        elif action == "publish":
            n = services.publish_questionnaire_values(q, request.user)
            messages.success(request, _("%(n)d indicator values published.") % {"n": n})
        elif action == "approve_publish":
            n = services.approve_and_publish(q, request.user)
            messages.success(
                request,
                _("The questionnaire was approved and %(n)d indicator values published.")
                % {"n": n},
            )
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("monitoring:questionnaire", q.country.iso3, q.cycle.year)


@login_required
def questionnaire_xlsform(request, iso3, year):
    q = _questionnaire(request, iso3, year)
    response = HttpResponse(xlsform_bytes(q), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="questionnaire-{q.country.iso3}-{q.cycle.year}.xlsx"'
    )
    return response


@accepts_upload("DOCUMENT_MAX_UPLOAD_BYTES")
@login_required
def questionnaire_import(request, iso3, year):
    q = _questionnaire(request, iso3, year)
    require(request.user, Action.CHANGE, q)
    row_errors, result = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            row_errors = [_("Choose a file.")]
        else:
            try:
                result = import_submissions(q, request.user, upload.name, upload.read())
            except ImportRefused as exc:
                row_errors = [str(e) for e in exc.errors]
            if result and not result["errors"]:
                messages.success(
                    request, _("%(n)d answers loaded into the draft.") % {"n": result["answers"]}
                )
                return redirect("monitoring:questionnaire", q.country.iso3, q.cycle.year)
    return render(
        request,
        "monitoring/import.html",
        {"q": q, "row_errors": row_errors, "result": result, "kind": "submissions"},
        status=400 if row_errors else 200,
    )


@login_required
def values_export(request, iso3, year):
    from target87.monitoring.spreadsheets import export_values

    q = _questionnaire(request, iso3, year)
    response = HttpResponse(export_values(q.country, year), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="indicators-{q.country.iso3}-{year}.xlsx"'
    )
    return response


@accepts_upload("DOCUMENT_MAX_UPLOAD_BYTES")
@login_required
def values_import(request, iso3, year):
    from target87.monitoring.spreadsheets import import_values

    q = _questionnaire(request, iso3, year)
    require(request.user, Action.CHANGE, q)
    row_errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ImportRefused([])
            n = import_values(q.country, year, request.user, upload.read())
            messages.success(request, _("%(n)d indicator values loaded as drafts.") % {"n": n})
            return redirect("monitoring:questionnaire", q.country.iso3, q.cycle.year)
        except ImportRefused as exc:
            row_errors = [str(e) for e in exc.errors] or [_("Choose a file.")]
    return render(
        request,
        "monitoring/import.html",
        {"q": q, "row_errors": row_errors, "kind": "values"},
        status=400 if row_errors else 200,
    )


@login_required
def completion_dashboard(request, year):
    require(request.user, Action.MANAGE)
    cycle = get_object_or_404(ReportingCycle, year=year)
    rows = cycles.completion(cycle)
    return render(
        request,
        "monitoring/completion.html",
        {"cycle": cycle, "rows": rows, "counts": cycles.completion_counts(rows)},
    )


class CycleForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Reporting year"), min_value=2015, max_value=2100)
    opens_on = forms.DateField(
        label=gettext_lazy("Opening date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@login_required
def cycle_list(request):
    """The Secretariat's page of reporting cycles: open one, close or reopen it."""
    require(request.user, Action.MANAGE)
    today = timezone.localdate()
    form = CycleForm(request.POST or None, initial={"year": today.year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle, _changed = cycles.open_cycle(
                data["year"], data["opens_on"], data["deadline"], data["note"],
                user=request.user, existing_ok=False,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("The %(year)s cycle is open: %(n)d questionnaires.")
                % {"year": cycle.year, "n": cycle.questionnaires.count()},
            )
            return redirect("monitoring:cycles")
    rows = []
    for cycle in ReportingCycle.objects.all():
        counts = cycles.completion_counts(
            [{"state": cycles.state(q, today), "submitted_late": cycles.submitted_late(q)}
             for q in cycle.questionnaires.select_related("cycle")]
        )
        rows.append({"cycle": cycle, "counts": counts, "total": sum(
            counts[k] for k in ("overdue", "draft", "returned", "submitted", "approved"))})
    return render(
        request,
        "monitoring/cycle_list.html",
        {"form": form, "rows": rows},
        status=400 if request.method == "POST" else 200,
    )


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_POST
def cycle_action(request, year):
    require(request.user, Action.MANAGE)
    action = request.POST.get("action")
    try:
        if action == "close":
            cycles.close_cycle(year, user=request.user)
            messages.success(request, _("The %(year)s cycle is closed.") % {"year": year})
        elif action == "reopen":
            raw = request.POST.get("deadline") or ""
            try:
                deadline = datetime.date.fromisoformat(raw) if raw else None
            except ValueError:
                raise ValidationError(
                    _("“%(value)s” is not a date (expected YYYY-MM-DD).") % {"value": raw}
                ) from None
            cycles.reopen_cycle(year, deadline=deadline, user=request.user)
            messages.success(request, _("The %(year)s cycle is open again.") % {"year": year})
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("monitoring:cycles")


# --- draft values -------------------------------------------------------------------------------

UNPUBLISHED = [
    ObservationStatus.DRAFT,
    ObservationStatus.SUBMITTED,
    ObservationStatus.APPROVED,
]


def _value_text(obs) -> str:
    for field in ("value", "value_year", "value_bool", "value_text"):
        value = getattr(obs, field)
        if value not in (None, ""):
            return str(value)
    return ""


@login_required
def draft_values(request, iso3):
    """A country's values not yet published (saved from a survey estimate, imported or typed),
    with the survey's own year; submitted, approved and published here through the same
    workflow as the questionnaire's values."""
    from target87.countries.models import Country

    country = get_object_or_404(Country, iso3=iso3.upper())
    require(request.user, Action.CHANGE, Observation(country=country))
    qs = Observation.objects.filter(
        country=country, status__in=UNPUBLISHED, indicator__isnull=False
    ).select_related("indicator", "country")
    years = sorted(set(qs.values_list("period", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    if year.isdecimal():
        qs = qs.filter(period=int(year))
    status = request.GET.get("status", "")
    if status in ObservationStatus.values:
        qs = qs.filter(status=status)
    search = request.GET.get("q", "").strip()
    if search:
        qs = qs.filter(
            Q(indicator__code__icontains=search)
            | Q(indicator__name_en__icontains=search)
            | Q(source__icontains=search)
        )
    qs = qs.order_by("-period", "indicator__order", "disaggregation_key")
    if request.GET.get("format") in ("csv", "xlsx"):
        from target87.core.tables import table_response

        headers = [
            _("Indicator"), _("Year"), _("Disaggregation"), _("Value"), _("Standard error"),
            _("Source"), _("Status"),
        ]
        rows = [
            [o.indicator.code, o.period, o.disaggregation_key, _value_text(o),
             "" if o.se is None else str(o.se), o.source, o.get_status_display()]
            for o in qs
        ]
        return table_response(
            request.GET["format"], f"draft-values-{country.iso3}", headers, rows
        )
    refused: list[str] = []
    if request.method == "POST":
        chosen = list(qs.filter(pk__in=record_ids(request.POST.getlist("obs"))))
        action = request.POST.get("action")
        try:
            if not chosen:
                raise ValidationError(_("Choose at least one value."))
            done = _act_on_values(request.user, action, chosen, request.POST.get("comment", ""))
        except services.SubmissionRefused as exc:
            refused = [message for _name, message in exc.errors]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
            return redirect(request.get_full_path())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    sample = Observation(country=country)
    return render(
        request,
        "monitoring/draft_values.html",
        {
            "country": country,
            "page": page,
            "years": years,
            "year": year,
            "status": status,
            "search": search,
            "statuses": [(s, ObservationStatus(s).label) for s in UNPUBLISHED],
            "may_decide": can(request.user, Action.APPROVE, sample),
            "refused": refused,
            "query": request.GET.urlencode(),
        },
        status=400 if refused else 200,
    )


def _act_on_values(user, action: str, chosen, comment: str) -> str:
    if action == "submit":
        services.submit_observations([o for o in chosen if o.status == "draft"], user)
        return _("The chosen drafts were submitted to the Secretariat.")
    steps = {
        "approve": services.approve_observation,
        "publish": services.publish_observation,
    }
    with transaction.atomic():
        if action in steps:
            for obs in chosen:
                steps[action](obs, user)
            return _("%(n)d values updated.") % {"n": len(chosen)}
        if action == "return":
            for obs in chosen:
                services.return_observation(obs, user, comment)
            return _("%(n)d values returned for revision.") % {"n": len(chosen)}
    raise ValidationError(_("Unknown action."))
