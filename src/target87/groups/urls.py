from django.urls import path

from target87.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.index, name="index"),
    path("workplans/<slug:slug>/", views.workplan, name="workplan"),
    path("workplans/<slug:slug>/report/", views.progress_report, name="report"),
    path("workplans/<slug:slug>/report.pdf", views.progress_report, {"fmt": "pdf"},
         name="report_pdf"),
    path("workplans/<slug:slug>/report.docx", views.progress_report, {"fmt": "docx"},
         name="report_docx"),
    path("workplans/<slug:slug>/items/new/", views.item_edit, name="item_new"),
    path("workplans/<slug:slug>/items/<int:pk>/", views.item_edit, name="item_edit"),
    path("progress/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/join/", views.request_to_join, name="join"),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path("<slug:slug>/updates/", views.updates, name="updates"),
    path("<slug:slug>/progress/", views.propose, name="propose"),
]
