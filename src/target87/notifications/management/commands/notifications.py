from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = ("Periodic notification work, for cron when the worker's own hourly schedule is not "
            "used: 'periodic' (reminders, digests, lost emails), 'reminders', 'digests', "
            "'schedule' (put the hourly run on the worker's queue).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["periodic", "reminders", "digests", "schedule"])
        parser.add_argument("--force", action="store_true",
                            help="digests: send every waiting digest now, not only weekly ones")

    def handle(self, *args, action, force=False, **options):
        from target87.notifications import services
        from target87.notifications.reminders import send_deadline_reminders
        from target87.notifications.tasks import schedule_periodic_work

        if action == "periodic":
            counts = services.run_periodic()
            self.stdout.write(
                f"{counts['reminders']} reminders, {counts['digests']} digests, "
                f"{counts['requeued']} emails queued again")
        elif action == "reminders":
            self.stdout.write(f"{send_deadline_reminders(timezone.localdate())} reminders")
        elif action == "digests":
            self.stdout.write(f"{services.send_digests(force=force)} digests")
        else:
            queued = schedule_periodic_work()
            self.stdout.write("hourly run queued" if queued else "hourly run already queued")
