from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from target87.core import views as core_views

handler400 = "target87.core.views.bad_request"
handler403 = "target87.core.views.permission_denied"
handler404 = "target87.core.views.page_not_found"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots),
    path("favicon.ico", core_views.favicon),
    path("media/<path:path>", core_views.media_file, name="media_file"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("target87.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("target87.core.urls")),
    path("accounts/", include("target87.accounts.urls")),
    path("countries/", include("target87.countries.urls")),
    path("partners/", include("target87.partnership.urls")),
    path("action-groups/", include("target87.groups.urls")),
    # before the pathfinder pages, whose "<iso3>/" would take "e-report/"
    path("pathfinders/e-report/", include("target87.ereport.urls")),
    path("pathfinders/", include("target87.pathfinders.urls")),
    path("monitoring/", include("target87.monitoring.urls")),
    path("surveys/", include("target87.surveys.urls")),
    path("trends/", include("target87.trends.urls")),
    path("knowledge/", include("target87.knowledge.urls")),
    path("meetings/", include("target87.meetings.urls")),
    path("pledges/", include("target87.pledges.urls")),
    path("supply-chains/", include("target87.supplychains.urls")),
    path("notifications/", include("target87.notifications.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

