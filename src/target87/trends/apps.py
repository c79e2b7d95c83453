from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrendsConfig(AppConfig):
    name = "target87.trends"
    verbose_name = _("Trends and projections")
    nav_items = [(60, "trends:index", _("Trends"))]

    def ready(self):
        from target87.core.home import register_home_block, register_home_section
        from target87.trends.home import figures_section, trends_card

        register_home_block(40, "trends", trends_card)
        register_home_section(10, "figures", figures_section)
        from target87.core.sections import register_country_section
        from target87.trends.views import (
            context_section_after,
            context_section_first,
            country_section,
        )

        register_country_section(60, "trends", country_section)
        # regional and global estimates: near the top when the country has no figure of
        # its own, after its own figures otherwise
        register_country_section(35, "regional-context", context_section_first)
        register_country_section(45, "regional-context-after", context_section_after)
