from django.urls import path

from target87.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("gcg/composition/", views.gcg_composition, name="composition"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("new/gcg/", views.meeting_new, {"body": "gcg"}, name="new_gcg"),
    path("new/country/<str:key>/", views.meeting_new, {"body": "country"}, name="new_country"),
    path("new/group/<slug:key>/", views.meeting_new, {"body": "action_group"},
         name="new_group"),
    path("<int:pk>/agenda/<int:item_pk>/documents/", views.agenda_documents,
         name="agenda_documents"),
    path("<int:pk>/action-points/new/", views.action_point_add, name="action_point_add"),
    path("<int:pk>/follow-up/<int:point_pk>/", views.follow_up, name="follow_up"),
    path("action-points/<int:point_pk>/status/", views.action_point_status,
         name="action_point_status"),
]
