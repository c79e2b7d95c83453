from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "target87.core"
    verbose_name = _("Platform")

    def ready(self):
        from target87.accounts.permissions import Action, is_secretariat, register_rule
        from target87.core import jobs  # noqa: F401  (connects the job outcome receiver)
        from target87.core.models import JobProgress

        def job_owner(user, action, job):
            """A job is its owner's to follow and run again; the Secretariat sees all."""
            if action not in (Action.VIEW, Action.CHANGE):
                return False
            if job.owner_id is not None and job.owner_id == getattr(user, "pk", None):
                return True
            return is_secretariat(user)

        register_rule(JobProgress, job_owner)

        from target87.core.versions import connect_change_signals

        connect_change_signals()

        from target87.core.work import failed_job_items, register_work_provider

        register_work_provider("core.failed_jobs", failed_job_items)
