from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrendsConfig(AppConfig):
    name = "target87.trends"
    verbose_name = _("Trends and projections")
    nav_items = [(60, "trends:index", _("Trends"))]

    def ready(self):
        from target87.core.home import register_home_block
        from target87.trends.home import trends_card

        register_home_block(40, "trends", trends_card)
        from target87.core.sections import register_country_section
        from target87.trends.views import country_section

        register_country_section(60, "trends", country_section)
