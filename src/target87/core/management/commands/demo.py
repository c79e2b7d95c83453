import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from target87.accounts.services import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Set up, then serve the platform with a background worker, for a first look."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        call_command("setup", stdout=self.stdout)
        worker = subprocess.Popen([sys.executable, "-m", "target87", "worker"],
                                  env=os.environ.copy())
        url = f"http://{options['host']}:{options['port']}/en/"
        self.stdout.write(self.style.SUCCESS(f"\nThe platform is at {url}"))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, _f, _l, org, role, iso3, _staff in DEMO_ACCOUNTS:
            scope = f" for {iso3}" if iso3 else ""
            self.stdout.write(f"  {username:<12} {role.label}{scope} ({org})")
        try:
            call_command("serve", port=options["port"], host=options["host"])
        finally:
            worker.terminate()
            worker.wait(timeout=10)
