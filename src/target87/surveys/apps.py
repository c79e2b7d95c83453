from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "target87.surveys"
    verbose_name = _("Survey estimates")
