from django.urls import path

from target87.trends import views

app_name = "trends"

urlpatterns = [
    path("", views.trends_page, name="index"),
    path("chart/<slug:key>.<str:fmt>", views.chart_download, name="chart_download"),
    path(
        "country/<str:iso3>/<slug:code>.<str:fmt>",
        views.country_download,
        name="country_download",
    ),
]
