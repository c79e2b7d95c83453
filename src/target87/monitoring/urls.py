from django.urls import path

from target87.monitoring import country_views, published_views, views

app_name = "monitoring"

urlpatterns = [
    path("", views.indicator_list, name="indicators"),
    path("countries/<str:iso3>/data.<str:fmt>", country_views.country_data,
         name="country_data"),
    path("published/", published_views.published_imports, name="published_imports"),
    path("published/<int:pk>/", published_views.published_import, name="published_import"),
    path("cycles/", views.cycle_list, name="cycles"),
    path("cycles/<int:year>/", views.completion_dashboard, name="completion"),
    path("cycles/<int:year>/status/", views.cycle_action, name="cycle_action"),
    path("questionnaires/", views.questionnaire_list, name="questionnaires"),
    path("questionnaires/<str:iso3>/<int:year>/", views.questionnaire_edit, name="questionnaire"),
    path(
        "questionnaires/<str:iso3>/<int:year>/autosave/",
        views.questionnaire_autosave,
        name="autosave",
    ),
    path("questionnaires/<str:iso3>/<int:year>/review/", views.questionnaire_review, name="review"),
    path(
        "questionnaires/<str:iso3>/<int:year>/xlsform.xlsx",
        views.questionnaire_xlsform,
        name="xlsform",
    ),
    path("questionnaires/<str:iso3>/<int:year>/import/", views.questionnaire_import, name="import"),
    path("values/<str:iso3>/drafts/", views.draft_values, name="draft_values"),
    path("values/<str:iso3>/<int:year>.xlsx", views.values_export, name="values_export"),
    path("values/<str:iso3>/<int:year>/import/", views.values_import, name="values_import"),
]
