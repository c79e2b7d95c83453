from django.urls import path

from target87.supplychains import views

app_name = "supplychains"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run_retry"),
    path("priorities/", views.priorities, name="priorities"),
    path("priorities/<int:pk>/", views.candidate_detail, name="candidate"),
    path("priorities/<int:pk>/pdf/", views.candidate_pdf, name="candidate_pdf"),
    path("priorities/cases/", views.cases, name="cases"),
    path("priorities/cases/<int:pk>/", views.case_edit, name="case_edit"),
    path("initiatives/", views.initiative_list, name="initiatives"),
    path("initiatives/compare/", views.initiative_compare, name="compare"),
    path("initiatives/propose/", views.initiative_propose, name="propose"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
]
