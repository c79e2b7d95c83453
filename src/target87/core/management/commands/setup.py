from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations(database: str = DEFAULT_DB_ALIAS) -> list:
    connection = connections[database]
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


class Command(BaseCommand):
    help = ("Migrate the database and load all reference data, seed data and demo accounts. "
            "Safe to run again: a second run changes nothing and says so.")

    def add_arguments(self, parser):
        parser.add_argument("--no-warm-up", action="store_true",
                            help="Do not draw the charts and public pages in advance.")

    def handle(self, *args, **options):
        plan = pending_migrations()
        if plan:
            self.stdout.write(f"Applying {len(plan)} migrations…")
            call_command("migrate", interactive=False, verbosity=0)
        else:
            self.stdout.write("Database schema is up to date.")
        self.stdout.write("Loading reference and seed data:")
        changed = 0
        for app_config in apps.get_app_configs():
            loader = getattr(app_config, "load_reference_data", None)
            if loader is not None:
                changed += int(loader(self.stdout) or 0)
        from target87.core.pagecache import warm_public_pages

        if not options["no_warm_up"]:
            self.stdout.write("Drawing the charts and public pages of each language…")
            pages = warm_public_pages(self.stdout)
            self.stdout.write(f"  {pages} pages ready.")
        if not plan and not changed:
            self.stdout.write(
                self.style.SUCCESS("Nothing changed: the platform is already set up.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Set up: {changed} records created or updated."))
