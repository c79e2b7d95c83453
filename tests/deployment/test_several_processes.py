"""Several server and worker processes on one database and one Redis, as in production.

These tests start real `target87 serve` (gunicorn, two worker processes each) and
`target87 worker` processes on a database of their own; `processes.site` stops every one
of them when the test ends, passed or failed.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from tests.deployment.forms import form_fields
from tests.deployment.processes import site

pytestmark = pytest.mark.slow

EVENT_TITLE = "Coordination workshop on recruitment fees 2031"
PASSWORD = "a-Strong-pass-87!"


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    with site(tmp_path_factory.mktemp("several")) as running:
        running.python(
            "import json; from target87.accounts.models import User; "
            f"User.objects.create_superuser('ops', 'ops@example.org', '{PASSWORD}'); "
            "print(json.dumps(1))"
        )
        yield running


@pytest.fixture(autouse=True)
def _stop_processes_after_each_test(platform):
    yield
    platform.stop_all()


def _event_id(platform) -> int:
    return platform.python(
        "import json, datetime; from target87.knowledge.models import Event; "
        "from target87.countries.models import Country; "
        f"e = Event.objects.create(title='{EVENT_TITLE}', kind='workshop', "
        "start_date=datetime.date(2031, 3, 4), end_date=datetime.date(2031, 3, 5)); "
        "e.countries.add(Country.objects.get(iso3='NPL')); print(json.dumps(e.pk))"
    )


def test_an_event_unpublished_on_one_server_disappears_from_both_at_once(platform):
    event_id = _event_id(platform)
    first, second = platform.serve(), platform.serve()
    # and two more that keep the zero-setup default: a memory cache in each process
    third, fourth = platform.serve(memory_cache=True), platform.serve(memory_cache=True)
    readers = [server.browser() for server in (first, second, third, fourth)]
    # several requests each so that every gunicorn process renders and caches the section
    for reader in readers:
        for _ in range(6):
            status, page = reader.get("/en/countries/NPL/")
            assert status == 200 and EVENT_TITLE in page

    admin = first.browser()
    admin.login("ops", PASSWORD)
    change = f"/en/admin/knowledge/event/{event_id}/change/"
    status, page = admin.get(change)
    assert status == 200
    fields = [(k, v) for k, v in form_fields(page, "event_form") if k != "is_published"]
    assert ("title", EVENT_TITLE) in fields
    status, url, _ = admin.post(change, [*fields, ("_save", "Save")])
    assert status == 200 and url.endswith("/admin/knowledge/event/"), (status, url)

    # the very next request to any server, whichever of its processes answers, and all
    # later ones no longer show the event
    for reader in readers:
        for _ in range(6):
            status, page = reader.get("/en/countries/NPL/")
            assert status == 200 and EVENT_TITLE not in page


def test_a_session_opened_on_one_server_is_valid_on_the_other(platform):
    first, second = platform.serve(), platform.serve()
    person = first.browser()
    person.login("ops", PASSWORD)
    status, page = person.on(second).get("/en/admin/")
    assert status == 200 and "Site administration" in page
    # and a stranger without the cookie is sent to the login page
    status, page = second.browser().get("/en/admin/")
    assert "Site administration" not in page


def _runs(platform) -> list[tuple[int, int]]:
    log = platform.data_dir / "runs.log"
    if not log.exists():
        return []
    return [tuple(map(int, line.split())) for line in log.read_text().splitlines()]


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def test_fifty_queued_jobs_each_run_exactly_once_on_two_workers(platform):
    log_dir = str(platform.data_dir)
    platform.python(
        "import json; from tests.deployment.probe_tasks import note_run; "
        f"ids = [note_run.enqueue({log_dir!r}, n, 0.1).id for n in range(50)]; "
        "print(json.dumps(len(ids)))"
    )
    workers = [platform.worker(), platform.worker()]
    _wait_for(lambda: len(_runs(platform)) >= 50, 120, "50 runs")
    time.sleep(1.0)  # a duplicate run, if any, would be written by now
    runs = _runs(platform)
    per_job = Counter(n for n, _pid in runs)
    assert sorted(per_job) == list(range(50))
    assert set(per_job.values()) == {1}, [n for n, c in per_job.items() if c > 1]
    # both workers took a share (each job sleeps, so one worker cannot drain the queue alone)
    worker_pids = {pid for _n, pid in runs}
    assert len(worker_pids) == 2, worker_pids
    statuses = platform.python(
        "import json; from django_tasks_db.models import DBTaskResult; "
        "print(json.dumps(sorted(set("
        "DBTaskResult.objects.filter(task_path__endswith='note_run')"
        ".values_list('status', flat=True)))))"
    )
    assert statuses == ["SUCCESSFUL"]
    for proc in workers:
        platform.kill(proc)


def _long_log(platform) -> list[tuple[str, int, int]]:
    log = platform.data_dir / "long.log"
    if not log.exists():
        return []
    return [(stage, int(n), int(pid)) for stage, n, pid in
            (line.split() for line in log.read_text().splitlines())]


def test_a_job_whose_worker_is_killed_is_run_by_the_other_worker(platform):
    log_dir = str(platform.data_dir)
    lease = {"TARGET87_JOB_LEASE_SECONDS": "3", "TARGET87_JOB_HEARTBEAT_SECONDS": "0.5"}
    platform.env.update(lease)
    try:
        workers = {proc.pid: proc for proc in (platform.worker(), platform.worker())}
        result_id = platform.python(
            "import json; from tests.deployment.probe_tasks import note_start_then_work; "
            f"print(json.dumps(str(note_start_then_work.enqueue({log_dir!r}, 7, 4.0).id)))"
        )
        stage, _n, first_pid = _wait_for(lambda: _long_log(platform), 60, "the job to start")[0]
        assert stage == "start" and first_pid in workers
        platform.kill(workers.pop(first_pid))  # SIGKILL: no chance to hand the job back

        ends = _wait_for(lambda: [r for r in _long_log(platform) if r[0] == "end"], 90,
                         "the other worker to finish the job")
        (survivor,) = workers
        assert ends == [("end", 7, survivor)]
        starts = [r for r in _long_log(platform) if r[0] == "start"]
        assert starts == [("start", 7, first_pid), ("start", 7, survivor)]
        status = platform.python(
            "import json; from django_tasks_db.models import DBTaskResult; "
            f"print(json.dumps(DBTaskResult.objects.get(pk={result_id!r}).status))"
        )
        assert status == "SUCCESSFUL"
    finally:
        for name in lease:
            platform.env.pop(name, None)
