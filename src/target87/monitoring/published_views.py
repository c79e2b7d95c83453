"""The Secretariat's upload page for the figures custodian agencies publish."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from target87.accounts.permissions import Action, require
from target87.core.limits import accepts_upload
from target87.monitoring.imports import start_upload
from target87.monitoring.models import ImportKind, PublishedImport


@accepts_upload("DOCUMENT_MAX_UPLOAD_BYTES")
@login_required
def published_imports(request):
    require(request.user, Action.MANAGE)
    errors = {}
    if request.method == "POST":
        upload = request.FILES.get("file")
        kind = request.POST.get("kind", "")
        try:
            if upload is None:
                raise ValidationError({"file": _("Choose a file.")})
            record = start_upload(request.user, kind, upload, request.POST.get("release", ""))
            return redirect("monitoring:published_import", record.pk)
        except ValidationError as exc:
            errors = exc.message_dict
    records = PublishedImport.objects.select_related("uploaded_by")
    page = Paginator(records, 25).get_page(request.GET.get("page"))
    return render(request, "monitoring/published_imports.html", {
        "page": page, "kinds": ImportKind.choices, "errors": errors,
        "chosen": request.POST.get("kind", "")}, status=400 if errors else 200)


@login_required
def published_import(request, pk):
    require(request.user, Action.MANAGE)
    record = get_object_or_404(PublishedImport, pk=pk)
    errors = Paginator(record.errors, 100).get_page(request.GET.get("page"))
    return render(request, "monitoring/published_import.html",
                  {"record": record, "errors": errors})
