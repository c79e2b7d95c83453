from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "target87.knowledge"
    verbose_name = _("Knowledge platform")
    nav_items = [
        (40, "knowledge:overview", _("World map")),
        (41, "knowledge:practice_list", _("Good practices")),
        (42, "knowledge:event_list", _("Events")),
    ]

    def ready(self):
        from target87.core.home import register_home_block, register_home_section
        from target87.knowledge import home

        register_home_block(60, "practices", home.practices_card)
        register_home_block(70, "events", home.events_card)
        register_home_section(30, "events", home.events_section)
        register_home_section(40, "practices", home.practices_section)
        from target87.core.sections import register_country_section
        from target87.knowledge import rules, sections, signals  # noqa: F401

        signals.connect()
        register_country_section(70, "good-practices", sections.practices_section)
        register_country_section(72, "labour-laws", sections.laws_section)
        register_country_section(74, "events", sections.events_section)

    def load_reference_data(self, stdout):
        from target87.knowledge.services import load_reference_data

        return load_reference_data(stdout=stdout)
