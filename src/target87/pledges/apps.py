from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "target87.pledges"
    verbose_name = _("Pledges")
    nav_items = [(64, "pledges:list", _("Pledges"))]

    def ready(self):
        from target87.pledges import rules  # noqa: F401  (registers permission rules)

    def load_reference_data(self, stdout):
        from target87.pledges.services import load_events

        return load_events(stdout=stdout)
