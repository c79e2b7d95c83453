import multiprocessing
import os

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Serve the platform with gunicorn (a production WSGI server): several worker "
            "processes, each answering several requests at once on threads (gthread).")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("WEB_CONCURRENCY", "0")) or
                            min(4, multiprocessing.cpu_count() + 1))
        # threads let a process answer other requests while one waits on the database or
        # Redis; one thread per process gives gunicorn's classic sync workers
        parser.add_argument("--threads", type=int,
                            default=int(os.environ.get("WEB_THREADS", "0")) or 4)

    def handle(self, *args, **options):
        from gunicorn.app.base import BaseApplication

        from target87.wsgi import application

        bind = f"{options['host']}:{options['port']}"

        class PlatformServer(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", bind)
                self.cfg.set("workers", options["workers"])
                if options["threads"] > 1:
                    self.cfg.set("worker_class", "gthread")
                    self.cfg.set("threads", options["threads"])
                self.cfg.set("accesslog", "-")
                self.cfg.set("timeout", 120)

            def load(self):
                return application

        from target87.core.priming import prime_process

        primed = prime_process()  # inherited by every worker forked below
        self.stdout.write(f"Loaded {primed['templates']} templates and "
                          f"{primed['languages']} languages before starting the workers.")
        self.stdout.write(f"Serving on http://{bind}/")
        PlatformServer().run()
