from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from target87.ereport import report
from target87.monitoring.models import ReportingCycle


def _cycle(year: int) -> ReportingCycle:
    return get_object_or_404(ReportingCycle, year=year)


def latest(request):
    cycle = ReportingCycle.objects.order_by("-year").first()
    if cycle is None:
        raise Http404("No reporting cycle yet.")
    return redirect("ereport:report", year=cycle.year)


def report_html(request, year):
    cycle = _cycle(year)
    ctx = report.context(cycle)
    ctx["cycles"] = list(ReportingCycle.objects.order_by("-year").values_list("year", flat=True))
    return render(request, "ereport/report.html", ctx)


def report_pdf(request, year):
    """The PDF once the worker has rendered it; until then a page that refreshes itself."""
    cycle = _cycle(year)
    state, detail = report.request_pdf(cycle)
    if state == "ready":
        return FileResponse(detail.open("rb"), as_attachment=True,
                            filename=f"{report.filename(cycle)}.pdf",
                            content_type="application/pdf")
    return render(request, "ereport/pending.html",
                  {"year": cycle.year, "failed": state == "failed", "error": detail or ""},
                  status=503 if state == "failed" else 202)
