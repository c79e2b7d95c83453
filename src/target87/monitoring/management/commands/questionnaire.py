"""``target87 questionnaire xlsform|import``: the progress questionnaire offline."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from target87.accounts.models import User


class Command(BaseCommand):
    help = (
        "Write a country's progress questionnaire as an XLSForm (for KoboToolbox or ODK), or "
        "load the filled form's submissions (XLSX or CSV) into the country's draft."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        xls = sub.add_parser("xlsform", help="write the XLSForm of a country's questionnaire")
        xls.add_argument("iso3")
        xls.add_argument("--cycle", type=int, help="reporting year (default: the latest cycle)")
        xls.add_argument("--out", required=True, help="the .xlsx file to write")
        imp = sub.add_parser("import", help="load submissions into the draft")
        imp.add_argument("iso3")
        imp.add_argument("file", help="an .xlsx or .csv export of the submissions")
        imp.add_argument("--cycle", type=int, help="reporting year (default: the latest cycle)")
        imp.add_argument(
            "--user", help="the account the changes are recorded under (default: first superuser)"
        )

    def handle(self, *args, **options):
        from target87.monitoring.services import questionnaire_for

        try:
            q = questionnaire_for(options["iso3"], options.get("cycle"))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["action"] == "xlsform":
            from target87.monitoring.xlsform import xlsform_bytes

            out = Path(options["out"])
            out.write_bytes(xlsform_bytes(q))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote the {q.cycle.year} questionnaire of {q.country.iso3} to {out}"
                )
            )
            return
        self._import(q, options)

    def _import(self, q, options):
        from target87.monitoring.xlsform import ImportRefused, import_submissions

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if options.get("user"):
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No account named {options['user']!r}")
        else:
            user = User.objects.filter(is_superuser=True).order_by("pk").first()
            if user is None:
                raise CommandError("No superuser to record the changes under: pass --user")
        try:
            result = import_submissions(q, user, path.name, path.read_bytes())
        except ImportRefused as exc:
            for error in exc.errors:
                self.stderr.write(f"{path.name}: {error}")
            raise CommandError(f"{path.name}: nothing loaded ({len(exc.errors)} errors)") from exc
        except (ValidationError, PermissionError) as exc:
            raise CommandError(str(exc)) from exc
        for name, message in result["errors"].items():
            self.stderr.write(f"{name}: {message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result['answers']} answers from {result['rows']} rows "
                f"into the {q.cycle.year} draft of {q.country.iso3}"
            )
        )
