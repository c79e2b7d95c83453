from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "target87.groups"
    verbose_name = _("Action Groups")
    nav_items = [(62, "groups:index", _("Action Groups"))]

    def ready(self):
        from target87.groups import rules  # noqa: F401

    def load_reference_data(self, stdout):
        from target87.groups.seed import load_reference_data

        return load_reference_data(stdout=stdout)
