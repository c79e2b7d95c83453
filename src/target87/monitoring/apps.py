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
        from target87.core.home import register_home_block
        from target87.monitoring.home import indicators_card

        register_home_block(30, "indicators", indicators_card)
        from target87.core.jobs import register_job
        from target87.core.sections import register_country_section
        from target87.monitoring import events, imports, rules, tasks, work
        from target87.monitoring.sections import country_indicators_section

        register_job(tasks.load_published_file, on_failed=imports.job_failed)
        rules.register()
        events.register_kinds()
        work.register()
        register_country_section(40, "monitoring", country_indicators_section)
        self._follow_pathfinder_statuses()
        self._draw_charts_when_published()

    def _draw_charts_when_published(self):
        """Charts of a dashboard are drawn at setup (its page is made ready with the menu
        pages) and by the worker when a published figure changes."""
        from django.db.models.signals import post_delete, post_save

        from target87.core.pagecache import register_warm_paths
        from target87.monitoring.country_data import dashboard_paths, published_changed
        from target87.monitoring.models import Observation

        register_warm_paths(dashboard_paths)
        for signal in (post_save, post_delete):
            signal.connect(published_changed, sender=Observation, weak=False,
                           dispatch_uid=f"monitoring.draw_charts.{signal is post_save}")

    def _follow_pathfinder_statuses(self):
        """A country that starts reporting while a cycle is open gets its questionnaire,
        whatever saved its status (a transition, the admin, the seed loader)."""
        try:
            from target87.pathfinders.models import PathfinderCountry
        except ImportError:
            return
        from django.db.models.signals import post_save

        def started_reporting(sender, instance, raw=False, **kwargs):
            from target87.monitoring.cycles import REPORTING_STATUSES, country_started_reporting

            if not raw and instance.status in REPORTING_STATUSES:
                country_started_reporting(instance.country)

        post_save.connect(
            started_reporting, sender=PathfinderCountry, weak=False,
            dispatch_uid="monitoring.started_reporting",
        )
