from django.urls import path

from target87.api.api import api

urlpatterns = [path("", api.urls)]
