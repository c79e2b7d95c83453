from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from target87.core.pagecache import public_page_cache


@public_page_cache
def home(request):
    from target87.core.home import home_cards, home_sections

    return render(request, "core/home.html", {
        "sections": home_sections(request), "cards": home_cards()})


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the database did not answer: report it, do not crash
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def favicon(request):
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("target87/favicon.svg"), permanent=True)


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")


def bad_request(request, exception=None):
    """A refused request: the message of a limit or check (core.limits), else a generic one."""
    from target87.core.limits import InputRefused, refusal_response

    if isinstance(exception, InputRefused):
        return refusal_response(request, str(exception), exception.status)
    from django.utils.translation import gettext as _

    return refusal_response(request, _("The request could not be read."))


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_required
def my_work(request):
    """Each person's open tasks from every app, newest first; where a person lands after
    login."""
    from django.utils import timezone

    from target87.core.work import work_items

    items = work_items(request.user)
    request.work_count = len(items)  # the menu shows the same count without asking again
    return render(request, "core/my_work.html", {
        "items": items, "today": timezone.localdate(),
        "overdue": sum(1 for item in items if item.overdue)})


@login_required
def failed_jobs(request):
    from django.core.exceptions import PermissionDenied
    from django.core.paginator import Paginator

    from target87.accounts.permissions import Action, can
    from target87.core.work import FAILED_JOB_WINDOW
    from target87.core.work import failed_jobs as recent_failures

    if not can(request.user, Action.MANAGE):
        raise PermissionDenied("Only the Secretariat sees every failed job.")
    page = Paginator(recent_failures(), 50).get_page(request.GET.get("page"))
    return render(request, "core/failed_jobs.html", {
        "page": page, "days": FAILED_JOB_WINDOW.days})


def _job_for(request, result_id):
    from django.shortcuts import get_object_or_404

    from target87.core.jobs import settle
    from target87.core.models import JobProgress

    return settle(get_object_or_404(JobProgress, result_id=result_id))


@never_cache
def job_progress(request, result_id):
    """Progress of a background job as JSON, for progress bars; owner or Secretariat only.
    A job whose worker stopped is settled here (run again or failed), never left running."""
    from django.urls import reverse

    from target87.accounts.permissions import Action, can

    job = _job_for(request, result_id)
    if not can(request.user, Action.VIEW, job):
        return JsonResponse({"error": "not allowed"}, status=403)
    data = {"label": job.label, "done": job.done, "total": job.total,
            "percent": job.percent, "message": job.message,
            "error": job.error_message() if job.status == "failed" else "",
            "status": job.status, "url": job.url,
            "page": reverse("core:job_detail", args=[job.result_id])}
    if job.status == "failed" and can(request.user, Action.CHANGE, job):
        data["retry"] = reverse("core:job_retry", args=[job.result_id])
    return JsonResponse(data)


@never_cache
def job_detail(request, result_id):
    """A job's page: its progress, or how it ended and why, with "Run again" if it failed."""
    from target87.accounts.permissions import Action, can, require
    from target87.core.jobs import live_workers

    job = _job_for(request, result_id)
    require(request.user, Action.VIEW, job)
    return render(request, "core/job.html", {
        "job": job, "may_retry": job.status == "failed" and can(request.user, Action.CHANGE, job),
        "no_worker": not job.is_done and live_workers() == 0})


def job_retry(request, result_id):
    """Run a failed job again (POST); go to the page that follows the new run."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.http import HttpResponseNotAllowed
    from django.shortcuts import redirect

    from target87.core.jobs import retry

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        url = retry(request.user, result_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:job_detail", result_id=result_id)
    return redirect(url)


# Uploaded files are served only as attachments of a record the reader may see; survey
# microdata has no entry here and is never served as a file.
MEDIA_OWNERS = {
    "knowledge/": ("knowledge.PracticeAttachment", "file"),
    "pathfinders/": ("pathfinders.StatusTransition", "document"),
    "meetings/": ("meetings.MeetingDocument", "file"),
}


def media_file(request, path):
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings
    from django.http import FileResponse, Http404

    from target87.accounts.permissions import Action, can

    for prefix, (model_label, field) in MEDIA_OWNERS.items():
        if path.startswith(prefix):
            record = apps.get_model(model_label).objects.filter(**{field: path}).first()
            break
    else:
        record = None
    if record is None or not can(request.user, Action.VIEW, record):
        raise Http404("No such file")
    root = Path(settings.MEDIA_ROOT).resolve()
    full = (root / path).resolve()
    if root not in full.parents or not full.is_file():
        raise Http404("No such file")
    # Only PDF and raster images open in the browser; anything else (office documents, and
    # HTML or SVG that could run script in this site's origin) is downloaded, and the
    # browser must not guess another type from the content.
    inline = full.suffix.lower() in {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
    response = FileResponse(full.open("rb"), as_attachment=not inline, filename=full.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
