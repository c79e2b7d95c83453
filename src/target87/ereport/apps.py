from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EReportConfig(AppConfig):
    name = "target87.ereport"
    label = "ereport"
    verbose_name = _("Pathfinder e-report")
    nav_items = [(32, "ereport:latest", _("Pathfinder e-report"))]
