from django.urls import path

from target87.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("work/", views.my_work, name="my_work"),
    path("jobs/failed/", views.failed_jobs, name="failed_jobs"),
    path("jobs/<str:result_id>/", views.job_progress, name="job_progress"),
    path("jobs/<str:result_id>/detail/", views.job_detail, name="job_detail"),
    path("jobs/<str:result_id>/retry/", views.job_retry, name="job_retry"),
]
