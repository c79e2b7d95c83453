"""Start real server and worker processes on a database of their own, and always stop them.

Each process runs in its own session (process group) so that stopping it also stops the
children gunicorn forks; every process started is stopped when the `Site` context exits,
whether the test passed or failed.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TARGET87 = [sys.executable, "-m", "target87"]


def redis_url() -> str:
    return os.environ.get("TARGET87_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    base = os.environ.get("TARGET87_TEST_PORT_BASE")
    if base:  # a range reserved for this checkout
        for port in range(int(base), int(base) + 10):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def fresh_database(data_dir: Path):
    """A database nobody else uses: a new PostgreSQL database when the tests run on
    PostgreSQL, else an SQLite file in ``data_dir``. Yields its DATABASE_URL (or "")."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield ""
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"t87_site_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    """A platform installation used by several processes: one database, one data directory,
    optionally one Redis; ``serve()`` and ``worker()`` start processes on it."""

    def __init__(self, data_dir: Path, database_url: str, use_redis: bool):
        self.data_dir = data_dir
        self.processes: list[subprocess.Popen] = []
        self.prefix = f"t87test{uuid.uuid4().hex[:8]}"
        self.env = {
            **os.environ,
            "TARGET87_DATA_DIR": str(data_dir),
            "HTTPS": "0",
            "DEBUG": "0",
            "DEMO_ACCOUNTS": "0",
            "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")]),
            "DJANGO_SETTINGS_MODULE": "target87.settings",
            "CACHE_KEY_PREFIX": self.prefix,
            "LOG_LEVEL": "ERROR",
        }
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        if use_redis:
            self.env["REDIS_URL"] = redis_url()
        else:
            self.env.pop("REDIS_URL", None)

    # -------------------------------------------------------------- commands
    def run(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [*TARGET87, *args], env=self.env, capture_output=True, text=True, timeout=timeout,
            cwd=self.data_dir,
        )
        if done.returncode != 0:
            raise AssertionError(f"target87 {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def python(self, code: str) -> object:
        """Run Django code in a separate process; it prints one JSON value as its last line."""
        out = self.run("shell", "-c", code)
        return json.loads(out.strip().splitlines()[-1])

    # -------------------------------------------------------------- processes
    def _start(self, args: list[str], log_name: str, env=None) -> subprocess.Popen:
        log = open(self.data_dir / log_name, "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [*TARGET87, *args], env=env or self.env, stdout=log, stderr=subprocess.STDOUT,
            cwd=self.data_dir, start_new_session=True,
        )
        proc._log = log  # type: ignore[attr-defined]
        self.processes.append(proc)
        return proc

    def serve(self, workers: int = 2, memory_cache: bool = False) -> Server:
        """A server; with ``memory_cache`` its processes cache in their own memory instead
        of the shared Redis (the zero-setup default)."""
        port = free_port()
        env = {k: v for k, v in self.env.items() if not (memory_cache and k == "REDIS_URL")}
        proc = self._start(["serve", "--port", str(port), "--workers", str(workers)],
                           f"serve-{port}.log", env)
        server = Server(proc, port)
        server.wait_ready(self.data_dir / f"serve-{port}.log")
        return server

    def worker(self, *extra: str) -> subprocess.Popen:
        return self._start(["worker", "--interval", "0.1", *extra],
                           f"worker-{len(self.processes)}.log")

    @staticmethod
    def kill(proc: subprocess.Popen, sig=signal.SIGKILL) -> None:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)

    def stop_all(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 15
        for proc in self.processes:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            # the group may hold forked children even after its leader has gone
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if proc.poll() is None:
                proc.wait(timeout=20)
            proc._log.close()  # type: ignore[attr-defined]
        self.processes.clear()

    def flush_cache_keys(self) -> None:
        if "REDIS_URL" not in self.env:
            return
        import redis

        client = redis.Redis.from_url(self.env["REDIS_URL"])
        keys = list(client.scan_iter(match=f"{self.prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


class Server:
    def __init__(self, proc: subprocess.Popen, port: int):
        self.proc = proc
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    def wait_ready(self, log_path: Path, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited:\n{log_path.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.base + "/en/", timeout=5).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        tail = log_path.read_text()[-3000:]
        raise AssertionError(f"server did not answer in {timeout}s:\n{tail}")

    def browser(self) -> Browser:
        return Browser(self)


class Browser:
    """Cookies kept between requests, as a person's browser would."""

    def __init__(self, server: Server, cookies: http.cookiejar.CookieJar | None = None):
        self.server = server
        self.cookies = cookies if cookies is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def on(self, server: Server) -> Browser:
        """The same cookies, sent to another server (as a load balancer would)."""
        return Browser(server, self.cookies)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.server.base + path, timeout=30) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def post(self, path: str, data) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(
            self.server.base + path, data=body, headers={"Referer": self.server.base + path}
        )
        try:
            with self.opener.open(request, timeout=30) as resp:
                return resp.status, resp.geturl(), resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.geturl(), err.read().decode()

    def login(self, username: str, password: str) -> None:
        status, page = self.get("/en/accounts/login/")
        assert status == 200, status
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, url, _ = self.post(
            "/en/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        assert status == 200 and "/accounts/login/" not in url, (status, url)


@contextmanager
def site(tmp_path: Path, use_redis: bool = True, setup: bool = True, name: str = "site"):
    """A platform on a database of its own, set up (migrated, reference data loaded) unless
    ``setup`` is false (then the database is empty)."""
    data_dir = tmp_path / name
    data_dir.mkdir()
    with fresh_database(data_dir) as database_url:
        platform = Site(data_dir, database_url, use_redis)
        try:
            if setup:
                platform.run("setup")
            yield platform
        finally:
            platform.stop_all()
            platform.flush_cache_keys()
