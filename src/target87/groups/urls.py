from django.urls import path

from target87.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
]
