from django.urls import path

from target87.pathfinders import home, views

app_name = "pathfinders"

urlpatterns = [
    path("", views.pathfinder_list, name="list"),
    path("add/", views.pathfinder_create, name="create"),
    path("map.<str:fmt>", home.status_map_image, name="status_map"),
    path("<str:iso3>/", views.pathfinder_detail, name="detail"),
    path("<str:iso3>/status/", views.transition_view, name="transition"),
    path("<str:iso3>/edit/", views.pathfinder_edit, name="edit"),
    path("<str:iso3>/workshops/new/", views.workshop_edit, name="workshop_new"),
    path("<str:iso3>/workshops/<int:pk>/", views.workshop_edit, name="workshop_edit"),
    path("<str:iso3>/priorities/new/", views.priority_edit, name="priority_new"),
    path("<str:iso3>/priorities/<int:pk>/", views.priority_edit, name="priority_edit"),
    path("<str:iso3>/actions/new/", views.action_edit, name="action_new"),
    path("<str:iso3>/actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("<str:iso3>/next-steps/new/", views.next_step_edit, name="next_step_new"),
    path("<str:iso3>/next-steps/<int:pk>/", views.next_step_edit, name="next_step_edit"),
    path("<str:iso3>/next-steps/<int:pk>/toggle/", views.next_step_toggle,
         name="next_step_toggle"),
    path("<str:iso3>/reviews/new/", views.review_add, name="review_new"),
    path("<str:iso3>/hold/", views.hold_confirm, name="hold_confirm"),
    path("<str:iso3>/report/", views.report_html, name="report"),
    path("<str:iso3>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<str:iso3>/report.docx", views.report_docx, name="report_docx"),
]
