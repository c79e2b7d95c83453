from django.urls import path

from target87.partnership import views

app_name = "partnership"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("apply/", views.apply, name="apply"),
    path("apply/sent/", views.apply_sent, name="apply_sent"),
    path("apply/confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
]
