from django.urls import path

from target87.ereport import views

app_name = "ereport"

urlpatterns = [
    path("", views.latest, name="latest"),
    path("<int:year>/", views.report_html, name="report"),
    path("<int:year>.pdf", views.report_pdf, name="report_pdf"),
    path("<int:year>/report.pdf", views.report_pdf),
]
