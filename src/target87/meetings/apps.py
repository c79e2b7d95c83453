from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "target87.meetings"
    verbose_name = _("Meetings")
    nav_items = [(62, "meetings:list", _("Meetings"))]

    def ready(self):
        from target87.core.notify import register_kind
        from target87.core.sections import register_country_section
        from target87.core.work import register_work_provider
        from target87.meetings import rules  # noqa: F401  (registers permission rules)
        from target87.meetings.views import country_meetings_section
        from target87.meetings.work import action_point_items

        register_work_provider("meetings.action_points", action_point_items)
        register_country_section(85, "meetings", country_meetings_section)
        register_kind("meetings.action_point", _("An action point given to you at a meeting"))

    def load_reference_data(self, stdout):
        from target87.meetings.seed import load_meetings

        return load_meetings(stdout=stdout)
