from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background tasks (survey estimates, report rendering) from the database queue."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true",
                            help="Process the queued tasks, then stop.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, **options):
        kwargs = {"interval": options["interval"]}
        if options["batch"]:
            kwargs["batch"] = True
        call_command("db_worker", **kwargs)
