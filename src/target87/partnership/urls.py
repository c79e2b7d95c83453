from django.urls import path

from target87.partnership import views

app_name = "partnership"

urlpatterns = [
    path("", views.directory, name="directory"),
]
