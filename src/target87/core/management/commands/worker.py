"""``target87 worker``: run the queued background jobs.

The database queue's worker, with what keeps jobs from hanging (``target87.core.jobs``):
a heartbeat thread that records the worker alive every ``JOB_HEARTBEAT_SECONDS`` and
settles the jobs of workers that stopped beating, and a time limit on each job.
"""

from __future__ import annotations

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.management.commands.db_worker import Worker

from target87.core import jobs

logger = logging.getLogger("target87.worker")


class LeasedWorker(Worker):
    """A database-queue worker that beats while it lives and limits each job's time."""

    def run(self) -> None:
        jobs.beat(self.worker_id)
        # Jobs left by a worker that died while none was running are settled first, so that
        # a batch run (cron, tests) also runs again the ones queued again.
        jobs.recover_abandoned()
        stop = threading.Event()
        beating = threading.Thread(target=self._beat, args=(stop,), daemon=True,
                                   name=f"heartbeat {self.worker_id}")
        beating.start()
        try:
            super().run()
        finally:
            stop.set()
            beating.join(timeout=10)
            try:
                jobs.forget(self.worker_id)
            except DatabaseError:
                logger.warning("worker %s could not remove its heartbeat", self.worker_id)

    def _beat(self, stop: threading.Event) -> None:
        """Heartbeat thread (its own database connection): beat, then settle abandoned jobs.
        A database that does not answer for a moment is tried again at the next beat."""
        try:
            while not stop.wait(jobs.heartbeat_seconds()):
                try:
                    jobs.beat(self.worker_id)
                    jobs.recover_abandoned()
                except DatabaseError as exc:
                    logger.warning("worker %s heartbeat failed: %s", self.worker_id, exc)
                    connections.close_all()
        finally:
            connections.close_all()

    def run_task(self, db_task_result) -> None:
        seconds = jobs.timeout_seconds()
        limited = (seconds > 0 and hasattr(signal, "setitimer")
                   and threading.current_thread() is threading.main_thread())
        if not limited:
            return super().run_task(db_task_result)
        armed = [True]

        def stop_job(signum, frame):
            if armed[0]:
                armed[0] = False
                raise jobs.JobTimeout(f"job stopped after {seconds:g} seconds")

        previous = signal.signal(signal.SIGALRM, stop_job)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            try:
                super().run_task(db_task_result)  # records a timeout inside the job as failed
            finally:
                armed[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
        except jobs.JobTimeout as exc:
            # The limit struck while the job's outcome was being stored.
            self._fail_late(db_task_result, exc)

    def _fail_late(self, db_task_result, exc: BaseException) -> None:
        db_task_result.refresh_from_db()
        if db_task_result.status != TaskResultStatus.RUNNING:
            return
        db_task_result.set_failed(exc)
        try:
            task_result = db_task_result.task_result
        except ImportError:
            return
        task_finished.send(sender=type(task_result.task.get_backend()), task_result=task_result)


class Command(BaseCommand):
    help = ("Run background jobs (survey estimates, report rendering) from the database "
            "queue; jobs of a worker that stopped are run again or marked failed.")

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true",
                            help="Process the queued jobs, then stop.")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds between looks at an empty queue.")
        parser.add_argument("--max-tasks", type=int, default=None,
                            help="Stop after this many jobs.")

    def handle(self, *args, **options):
        worker = LeasedWorker(
            queue_names=["default"],
            interval=max(0.0, options["interval"]),
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=jobs.new_worker_id(),
            excluded_queue_names=[],
        )
        if threading.current_thread() is not threading.main_thread():
            worker.run()
            return
        stops = (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None))
        previous = {s: signal.getsignal(s) for s in stops if s is not None}
        worker.configure_signals()  # the first SIGTERM or Ctrl+C lets the running job end
        try:
            worker.run()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
