from django.urls import path

from target87.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_read, name="mark_read"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("emails/", views.email_list, name="emails"),
    path("emails/<int:pk>/send/", views.email_send_again, name="email_send_again"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/new/", views.announcement_new, name="announcement_new"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
]
