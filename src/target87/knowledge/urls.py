from django.urls import path

from target87.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("charts/<slug:name>.<str:fmt>", views.chart_download, name="chart"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:kind>/<str:code>/", views.region_detail, name="region_detail"),
    path("compare/", views.compare, name="compare"),
    path("compare/chart.<str:fmt>", views.compare_chart, name="compare_chart"),
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/new/", views.practice_edit, name="practice_new"),
    path("practices/mine/", views.practice_queue, name="practice_queue"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice_detail"),
    path("practices/<slug:slug>/edit/", views.practice_edit, name="practice_edit"),
    path("practices/<slug:slug>/submit/", views.practice_submit, name="practice_submit"),
    path("practices/<slug:slug>/review/", views.practice_review, name="practice_review"),
    path("publications/", views.publication_list, name="publication_list"),
    path("laws/", views.law_list, name="law_list"),
    path("events/", views.event_list, name="event_list"),
    path("events/calendar/", views.event_month, name="event_month_current"),
    path("events/calendar/<int:year>/<int:month>/", views.event_month, name="event_month"),
    path("events/feed.ics", views.events_feed, name="event_feed"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>.ics", views.event_ics, name="event_ics"),
]
