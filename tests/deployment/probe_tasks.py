"""Tasks the multi-process tests queue. Each notes the process group that ran it: the tests
start every worker in a group of its own, so the group id names the worker even if it runs
jobs in a child process."""

import os
import time

from django_tasks import task


@task()
def note_run(log_dir: str, n: int, seconds: float = 0.0):
    """Append one line per run; O_APPEND keeps concurrent small writes whole."""
    time.sleep(seconds)
    line = f"{n} {os.getpgid(0)}\n".encode()
    fd = os.open(os.path.join(log_dir, "runs.log"), os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    return n


@task()
def note_start_then_work(log_dir: str, n: int, seconds: float):
    """Note the start (so a test knows which worker to kill), work, then note the end."""
    path = os.path.join(log_dir, "long.log")
    for stage in ("start", "end"):
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, f"{stage} {n} {os.getpgid(0)}\n".encode())
        finally:
            os.close(fd)
        if stage == "start":
            time.sleep(seconds)
    return n
