from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "target87.monitoring"
    verbose_name = _("Monitoring and reporting")
    nav_items = [(40, "monitoring:indicators", _("Indicators"))]

    def load_reference_data(self, stdout):
        from target87.monitoring.services import load_catalogue, load_demo_cycle

        return load_catalogue(stdout=stdout) + load_demo_cycle(stdout=stdout)

    def ready(self):
        from target87.core.sections import register_country_section
        from target87.monitoring import rules
        from target87.monitoring.sections import country_indicators_section

        rules.register()
        register_country_section(40, "monitoring", country_indicators_section)
