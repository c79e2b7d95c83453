"""``target87 import sdg|ilostat|ratifications FILE``: load a custodian's published file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Load the figures a custodian publishes: a UN SDG Global Database export (sdg), an "
        "ILOSTAT bulk CSV of SDG 8.7.1 (ilostat) or a list of ratifications (ratifications). "
        "Every row is checked first; a file with a bad row loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["sdg", "ilostat", "ratifications"])
        parser.add_argument("file", help="CSV or XLSX file, as the publisher exports it")
        parser.add_argument(
            "--release", default="",
            help="the publisher's release (e.g. 2024.Q4.G.01 or 2024-11-30); for "
                 "ratifications its year is the year the statuses apply to (default: today)")

    def handle(self, *args, **options):
        from target87.monitoring.imports import run_import
        from target87.monitoring.models import ImportStatus, PublishedImport

        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror})") from None
        record = PublishedImport.objects.create(kind=options["kind"], file_name=path.name)

        def report(done, total):
            self.stdout.write(f"  {done}/{total} figures saved")

        record = run_import(record, content, options["release"], report)
        if record.status == ImportStatus.REJECTED:
            for error in record.errors:
                self.stderr.write(f"{path.name}: row {error['row']}, column {error['column']}: "
                                  f"{error['message']}")
            raise CommandError(
                f"{path.name}: {len(record.errors)} row error(s); nothing was loaded")
        self.stdout.write(self.style.SUCCESS(
            f"{path.name}: {record.rows} rows read, {record.created} new figures, "
            f"{record.revised} revised, {record.unchanged} unchanged, "
            f"{record.skipped} aggregate rows skipped"))
