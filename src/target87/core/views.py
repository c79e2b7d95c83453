from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from target87.countries.models import Country, UNStatus


def home(request):
    stats = {
        "member_states": Country.objects.filter(un_status=UNStatus.MEMBER).count(),
        "countries": Country.objects.count(),
    }
    return render(request, "core/home.html", {"stats": stats})


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the database did not answer: report it, do not crash
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
