from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "target87.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from target87.core.notify import notification_requested
        from target87.core.work import register_work_provider
        from target87.notifications import kinds, services
        from target87.notifications.work import undelivered_email_items

        kinds.register_kinds()
        notification_requested.connect(services.receive, dispatch_uid="notifications.receive")
        register_work_provider("notifications.email_failed", undelivered_email_items)
        user_logged_in.connect(_remember_language, dispatch_uid="notifications.language")

    def load_reference_data(self, stdout):
        """Put the hourly periodic run (reminders, digests) on the worker's queue once."""
        from target87.notifications.tasks import schedule_periodic_work

        return int(schedule_periodic_work())


def _remember_language(sender, request, user, **kwargs):
    from target87.notifications.services import remember_language

    remember_language(user, getattr(request, "LANGUAGE_CODE", ""))
