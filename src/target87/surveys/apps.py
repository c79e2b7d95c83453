from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "target87.surveys"
    verbose_name = _("Survey estimates")
    nav_items = [(45, "surveys:index", _("Survey estimates"))]

    def ready(self):
        from target87.core.home import register_home_block
        from target87.surveys.home import surveys_card

        register_home_block(50, "surveys", surveys_card)
        from target87.core.jobs import register_job, register_reasons
        from target87.core.work import register_work_provider
        from target87.surveys import errors, events, rules, services, tasks, work

        rules.register()
        events.register_kinds()
        register_work_provider("surveys.runs", work.ended_run_items)
        register_job(tasks.run_estimate, on_failed=services.job_failed,
                     on_requeued=services.job_requeued, retry=services.job_retry)
        register_reasons(errors.describe_known)
