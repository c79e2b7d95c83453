"""A task the multi-process tests queue: it notes which worker process ran it, and when."""

import os
import time

from django_tasks import task


@task()
def note_run(log_dir: str, n: int, seconds: float = 0.0):
    """Append one line per run; O_APPEND keeps concurrent small writes whole."""
    time.sleep(seconds)
    line = f"{n} {os.getpid()}\n".encode()
    fd = os.open(os.path.join(log_dir, "runs.log"), os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    return n
