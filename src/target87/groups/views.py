import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from target87.accounts.permissions import Action, can
from target87.core.limits import accepts_upload
from target87.core.params import record_id
from target87.core.tables import FORMATS, table_response
from target87.groups import report
from target87.groups.chairs import is_chair
from target87.groups.forms import ItemForm, ProgressUpdateForm
from target87.groups.models import (
    ActionGroup,
    MembershipRequest,
    ProgressUpdate,
    RequestState,
    UpdateState,
    Workplan,
    WorkplanItem,
)
from target87.groups.rules import member_of
from target87.groups.services import (
    GroupError,
    decide_membership,
    decide_update,
    flatten,
    partners_of,
    propose_update,
    request_membership,
    results,
    save_item,
    status_counts,
)


def visible_groups(user):
    return [g for g in ActionGroup.objects.prefetch_related("chairs__organisation")
            if can(user, Action.VIEW, g)]


def visible_workplans(user, group=None):
    qs = Workplan.objects.select_related("group")
    qs = qs.filter(group=group) if group is not None else qs.filter(group__isnull=True)
    return [w for w in qs if can(user, Action.VIEW, w)]


def index(request):
    return render(request, "groups/index.html", {
        "groups": visible_groups(request.user),
        "roadmaps": visible_workplans(request.user),
    })


def _group_or_404(user, slug):
    group = get_object_or_404(ActionGroup, slug=slug)
    if not can(user, Action.VIEW, group):
        raise Http404
    return group


def _meetings(user, group):
    try:
        from target87.meetings.services import group_meetings
    except ImportError:
        return []
    return list(group_meetings(user, group)[:10])


def _may_add_meeting(user, group) -> bool:
    try:
        from target87.meetings.models import Body
        from target87.meetings.services import may_add_meeting
    except ImportError:
        return False
    return may_add_meeting(user, Body.ACTION_GROUP, action_group=group)


def detail(request, slug):
    group = _group_or_404(request.user, slug)
    user = request.user
    is_member = member_of(user, group)
    own_partners = partners_of(user)
    return render(request, "groups/detail.html", {
        "group": group,
        "chairs": group.chairs.select_related("organisation", "representative"),
        "members": group.memberships.select_related("partner", "partner__country"),
        "pillars": group.pillars.all(),
        "workplans": visible_workplans(user, group),
        "meetings": _meetings(user, group),
        "can_add_meeting": _may_add_meeting(user, group),
        "is_chair": is_chair(user, group),
        "can_request": user.is_authenticated and not is_member,
        "own_partners": own_partners,
        "pending_request": MembershipRequest.objects.filter(
            group=group, partner__in=own_partners, state=RequestState.PENDING).first(),
    })


@login_required
@require_POST
def request_to_join(request, slug):
    group = _group_or_404(request.user, slug)
    partner = None
    if request.POST.get("partner"):
        partner = next((p for p in partners_of(request.user)
                        if str(p.pk) == request.POST["partner"]), None)
        if partner is None:
            messages.error(request, _("You do not represent that organisation; nothing was "
                                      "saved."))
            return redirect(group)
    try:
        request_membership(request.user, group, partner, request.POST.get("message", ""))
    except GroupError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your request was sent to the group's chairs."))
    return redirect(group)


@login_required
def requests(request, slug):
    group = _group_or_404(request.user, slug)
    if not (is_chair(request.user, group) or can(request.user, Action.MANAGE)):
        raise PermissionDenied
    if request.method == "POST":
        req = get_object_or_404(MembershipRequest, pk=record_id(request.POST.get("request")),
                                group=group)
        try:
            decide_membership(request.user, req, accept=request.POST.get("decision") == "accept",
                              reason=request.POST.get("reason", ""))
        except GroupError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The decision was recorded."))
        return redirect("groups:requests", slug=slug)
    pending = group.membership_requests.filter(state=RequestState.PENDING).select_related(
        "partner", "requested_by")
    return render(request, "groups/requests.html", {"group": group, "pending": pending})


@login_required
def updates(request, slug):
    group = _group_or_404(request.user, slug)
    if not (is_chair(request.user, group) or can(request.user, Action.MANAGE)):
        raise PermissionDenied
    if request.method == "POST":
        update = get_object_or_404(ProgressUpdate, pk=record_id(request.POST.get("update")),
                                   item__workplan__group=group)
        try:
            decide_update(request.user, update, accept=request.POST.get("decision") == "accept")
        except GroupError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The decision was recorded."))
        return redirect("groups:updates", slug=slug)
    pending = ProgressUpdate.objects.filter(
        item__workplan__group=group, state=UpdateState.PROPOSED
    ).select_related("item__workplan", "proposed_by")
    return render(request, "groups/updates.html", {"group": group, "pending": pending})


def _workplan_or_404(user, slug):
    plan = get_object_or_404(Workplan.objects.select_related("group"), slug=slug)
    if not can(user, Action.VIEW, plan):
        raise Http404
    return plan


def _date_param(request, name):
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return None


def workplan(request, slug):
    plan = _workplan_or_404(request.user, slug)
    tree = results(plan)
    rows = flatten(tree)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        headers = [_("Code"), _("Level"), _("Title"), _("Indicator (KPI)"), _("Baseline"),
                   _("Target"), _("Unit"), _("Milestone"), _("Due date"), _("Lead"),
                   _("Status"), _("Achieved")]
        return table_response(fmt, plan.slug, headers, [
            [n.item.code, n.item.get_level_display(), n.item.title, n.item.indicator,
             n.item.baseline, n.item.target_value, n.item.target_unit, n.item.milestone,
             n.item.due_date, n.item.lead, n.status_label, n.item.achieved_value]
            for n in rows])
    user = request.user
    group = plan.group
    can_report = group is not None and (is_chair(user, group) or member_of(user, group))
    return render(request, "groups/workplan.html", {
        "plan": plan, "rows": rows, "counts": status_counts(tree),
        "can_edit": can(user, Action.CHANGE, plan),
        "can_report": can_report, "update_form": ProgressUpdateForm(plan=plan) if can_report
        else None, "today": timezone.localdate(),
    })


@accepts_upload("DOCUMENT_MAX_UPLOAD_BYTES")
@login_required
@require_POST
def propose(request, slug):
    """A progress update on an item; the item must belong to this group's workplans."""
    group = _group_or_404(request.user, slug)
    item = get_object_or_404(WorkplanItem.objects.select_related("workplan__group"),
                             pk=record_id(request.POST.get("item")))
    form = ProgressUpdateForm(request.POST, request.FILES, plan=item.workplan)
    target = item.workplan.get_absolute_url() if can(request.user, Action.VIEW, item) \
        else group.get_absolute_url()
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(target)
    data = form.cleaned_data
    try:
        update = propose_update(request.user, group, item, date=data["date"], text=data["text"],
                                status=data["status"], link=data["link"],
                                evidence=data.get("evidence"),
                                achieved_value=data["achieved_value"])
    except GroupError as exc:
        messages.error(request, str(exc))
    except PermissionDenied:
        messages.error(request, _("Only the group's members and chairs report its progress; "
                                  "nothing was saved."))
    else:
        messages.success(request, _("Progress recorded.") if update.state == UpdateState.ACCEPTED
                         else _("Progress sent to the chairs for acceptance."))
    return redirect(target)


def progress_report(request, slug, fmt="html"):
    plan = _workplan_or_404(request.user, slug)
    since, until = _date_param(request, "from"), _date_param(request, "to")
    ctx = report.context(plan, since, until)
    name = f"{plan.slug}-progress-{get_language()}"
    if fmt == "pdf":
        # rendered once by the worker per distinct report; until then a page that waits
        from django.http import FileResponse

        state, detail = report.request_pdf(ctx)
        if state == "ready":
            return FileResponse(detail.open("rb"), filename=f"{name}.pdf",
                                content_type="application/pdf")
        return render(request, "groups/report_pending.html",
                      ctx | {"failed": state == "failed", "error": detail or "",
                             "query": request.GET.urlencode()},
                      status=503 if state == "failed" else 202)
    if fmt == "docx":
        response = HttpResponse(
            report.render_docx(ctx),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        return response
    return render(request, "groups/report.html", ctx)


@login_required
def item_edit(request, slug, pk=None):
    """Chairs edit the items of their group's workplans (the Secretariat those of any)."""
    plan = _workplan_or_404(request.user, slug)
    item = get_object_or_404(WorkplanItem, pk=pk, workplan=plan) if pk else \
        WorkplanItem(workplan=plan)
    if not can(request.user, Action.CHANGE if pk else Action.CREATE, item):
        raise PermissionDenied
    form = ItemForm(request.POST or None, instance=item, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            save_item(request.user, form.save(commit=False))
        except GroupError as exc:
            form.add_error(None, str(exc))
        else:
            form.save_m2m()
            messages.success(request, _("The workplan was saved."))
            return redirect(plan)
    return render(request, "groups/item_form.html", {"plan": plan, "item": item, "form": form})


def evidence(request, pk):
    """A progress update's evidence file, to those who may see it (never a public address:
    an unknown update and one the reader may not see answer alike, 404)."""
    from pathlib import Path

    from django.conf import settings
    from django.http import FileResponse

    from target87.groups.rules import may_download_evidence

    update = get_object_or_404(ProgressUpdate.objects.select_related("item__workplan__group"),
                               pk=pk)
    if not update.evidence or not may_download_evidence(request.user, update):
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    full = (root / update.evidence.name).resolve()
    if root not in full.parents or not full.is_file():
        raise Http404
    # PDF and raster images open in the browser; anything else is downloaded, and the
    # browser must not guess another type from the content.
    inline = full.suffix.lower() in {".pdf", ".png", ".jpg", ".jpeg"}
    response = FileResponse(full.open("rb"), as_attachment=not inline, filename=full.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
