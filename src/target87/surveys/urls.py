from django.urls import path

from target87.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("trafficking/new/", views.overlap_new, name="overlap_new"),
    path("uploads/<int:pk>/", views.mapping, name="mapping"),
    path("uploads/<int:pk>/forced-labour/", views.forced_labour, name="forced_labour"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/status/", views.run_status, name="run_status"),
    path("runs/<int:pk>/save/", views.run_save, name="run_save"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run_retry"),
    path("runs/<int:pk>/download.<str:fmt>", views.run_download, name="download"),
]
