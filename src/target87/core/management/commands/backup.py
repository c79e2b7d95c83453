from django.core.management.base import BaseCommand, CommandError

from target87.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Back up the database (pg_dump custom format or an SQLite snapshot), uploaded "
            "files and the secret key into one file, with a manifest of checksums.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file to write (a tar archive)")

    def handle(self, *args, **options):
        try:
            manifest = create_backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(self.style.SUCCESS(
            f"Backed up the {manifest['engine']} database, {media} uploaded files and the "
            f"secret key to {options['file']}. Keep it private: it holds the secret key."))
