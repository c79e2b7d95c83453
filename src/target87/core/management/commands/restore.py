from django.core.management.base import BaseCommand, CommandError

from target87.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore a backup made by `target87 backup`: every file is checked against the "
            "manifest first; then the database, uploaded files and secret key are replaced.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup file written by `target87 backup`")

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Restored the backup of {manifest['created_at']} "
            f"({len(manifest['files'])} files checked)."))
        for what, where in manifest.get("kept", {}).items():
            if where and where != "None":
                self.stdout.write(f"The previous {what.replace('_', ' ')} is kept at {where}.")
        if manifest.get("secret_key_note"):
            self.stdout.write(self.style.WARNING(manifest["secret_key_note"]))
        self.stdout.write("Run `target87 setup` if this version has newer migrations.")
