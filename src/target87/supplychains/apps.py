from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyChainsConfig(AppConfig):
    name = "target87.supplychains"
    verbose_name = _("Supply chains")
    nav_items = [(66, "supplychains:index", _("Supply chains"))]

    def ready(self):
        from target87.core.jobs import register_job, register_reasons
        from target87.supplychains import errors, footprints, rules  # noqa: F401  (rules)
        from target87.supplychains.tasks import compute_footprint

        register_job(compute_footprint, on_failed=footprints.job_failed,
                     on_requeued=footprints.job_requeued, retry=footprints.job_retry)
        register_reasons(errors.describe_known)

    def load_reference_data(self, stdout):
        from target87.supplychains.criteria import load_criteria

        return load_criteria(stdout=stdout)
