"""``target87 cycle open|close|reopen``: the yearly reporting cycle from the command line."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: expected YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Open a reporting cycle (one prefilled questionnaire per reporting pathfinder "
        "country), close it, or reopen it with a new deadline."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        opening = sub.add_parser("open", help="open the cycle of a year")
        opening.add_argument("year", type=int)
        opening.add_argument("--opens", required=True, help="opening date, YYYY-MM-DD")
        opening.add_argument("--deadline", required=True, help="deadline, YYYY-MM-DD")
        opening.add_argument("--note", default="")
        closing = sub.add_parser("close", help="close the cycle: no more changes or submissions")
        closing.add_argument("year", type=int)
        reopening = sub.add_parser("reopen", help="reopen a closed cycle")
        reopening.add_argument("year", type=int)
        reopening.add_argument("--deadline", help="a new deadline, YYYY-MM-DD")

    def handle(self, *args, **options):
        from target87.monitoring import cycles

        year = options["year"]
        try:
            if options["action"] == "open":
                cycle, _changed = cycles.open_cycle(
                    year, _date(options["opens"]), _date(options["deadline"]),
                    options["note"], existing_ok=False,
                )
                message = (
                    f"Opened the {year} cycle (deadline {cycle.deadline}): "
                    f"{cycle.questionnaires.count()} questionnaires"
                )
            elif options["action"] == "close":
                cycles.close_cycle(year)
                message = f"Closed the {year} cycle"
            else:
                deadline = _date(options["deadline"]) if options.get("deadline") else None
                cycle, changed = cycles.reopen_cycle(year, deadline=deadline)
                message = f"Reopened the {year} cycle (deadline {cycle.deadline})"
        except ValidationError as exc:
            raise CommandError(f"cycle {options['action']} {year}: {' '.join(exc.messages)}") \
                from exc
        self.stdout.write(self.style.SUCCESS(message))
