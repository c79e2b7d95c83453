from django.urls import path

from target87.pledges import views

app_name = "pledges"

urlpatterns = [
    path("", views.pledge_list, name="list"),
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("report/<slug:slug>/", views.event_report, name="report"),
]
