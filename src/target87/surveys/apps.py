from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "target87.surveys"
    verbose_name = _("Survey estimates")
    nav_items = [(45, "surveys:index", _("Survey estimates"))]

    def ready(self):
        from target87.surveys import rules

        rules.register()
