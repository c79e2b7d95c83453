from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "target87.groups"
    verbose_name = _("Action Groups")
    nav_items = [(62, "groups:index", _("Action Groups"))]

    def ready(self):
        from target87.core.notify import register_kind
        from target87.core.work import register_work_provider
        from target87.groups import rules  # noqa: F401
        from target87.groups.work import chair_work

        register_work_provider("groups.chair", chair_work)
        register_kind("groups.membership_requested", _("A request to join a group you chair"))
        register_kind("groups.membership_decided", _("The decision on your request to join"))
        register_kind("groups.update_proposed", _("Progress on a workplan to accept"))
        register_kind("groups.update_decided", _("The decision on your progress update"))

    def load_reference_data(self, stdout):
        from target87.groups.seed import load_reference_data

        return load_reference_data(stdout=stdout)
