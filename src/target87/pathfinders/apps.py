from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathfindersConfig(AppConfig):
    name = "target87.pathfinders"
    verbose_name = _("Pathfinder countries")
    nav_items = [(30, "pathfinders:list", _("Pathfinder countries"))]

    def ready(self):
        from target87.core.home import register_home_block, register_home_section
        from target87.pathfinders.home import map_section, pathfinders_card

        register_home_block(20, "pathfinders", pathfinders_card)
        register_home_section(20, "pathfinder-map", map_section)
        from target87.core.sections import register_country_section
        from target87.pathfinders import (
            services,  # noqa: F401  (registers permission rules)
            work,
        )
        from target87.pathfinders.views import country_section

        register_country_section(30, "pathfinder", country_section)
        work.register()

    def load_reference_data(self, stdout):
        from target87.pathfinders.reference import load_pathfinder_data

        return load_pathfinder_data(stdout=stdout)
