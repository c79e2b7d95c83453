"""``target87 pathfinder transition ISO3 STATUS --user USERNAME [--date] [--note]``."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from target87.pathfinders import services
from target87.pathfinders.models import PathfinderCountry, PathfinderStatus


class Command(BaseCommand):
    help = "Pathfinder country operations (the Secretariat's lifecycle steps)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        t = sub.add_parser("transition", help="Move a country to a new pathfinder status.")
        t.add_argument("iso3", help="ISO 3166 alpha-3 code of the country, e.g. NPL")
        t.add_argument("status", help="one of: " + ", ".join(PathfinderStatus.values))
        t.add_argument("--user", required=True, help="user name of the person making the move")
        t.add_argument("--date", help="YYYY-MM-DD (default: today)")
        t.add_argument("--note", default="")
        t.add_argument("--document", help="path of the letter or report to attach")

    def handle(self, *args, operation, **opts):
        if operation == "transition":
            self._transition(**opts)

    def _transition(self, iso3, status, user, date=None, note="", document=None, **_):
        try:
            pathfinder = PathfinderCountry.objects.select_related("country").get(
                country__iso3=iso3.upper())
        except PathfinderCountry.DoesNotExist as exc:
            raise CommandError(f"{iso3.upper()} is not in the pathfinder list.") from exc
        try:
            account = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"--user: no account has the user name {user!r}.") from exc
        try:
            when = dt.date.fromisoformat(date) if date else dt.date.today()
        except ValueError as exc:
            raise CommandError(f"--date: {date!r} is not a date in the form YYYY-MM-DD.") from exc
        handle = None
        try:
            if document:
                try:
                    handle = open(document, "rb")  # noqa: SIM115 (closed below)
                except OSError as exc:
                    raise CommandError(f"--document: cannot read {document}: {exc}") from exc
            step = services.transition(pathfinder, status, account, when,
                                       File(handle, name=document.rsplit("/", 1)[-1])
                                       if handle else None, note)
        except services.TransitionError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{user} may not change pathfinder status: {exc}") from exc
        finally:
            if handle:
                handle.close()
        self.stdout.write(f"{pathfinder.country.iso3}: {step.from_status} → {step.to_status} "
                          f"on {step.date.isoformat()} by {account.username}")
