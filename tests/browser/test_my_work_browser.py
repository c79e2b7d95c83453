"""Browser test of "My work": the focal point and the Secretariat log in, land on their
list, find every task the registered providers give them (whatever apps provide them), see
the count in the menu and follow each link to a page that opens.

The platform runs as a separate server on its own data directory, as in
``test_knowledge_browser.py``; Playwright drives the system Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the Python playwright package is not installed"
)

DEMO_PASSWORD = "alliance87-demo"


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium binary (apt-get install chromium)"
)

# Tasks of several kinds for the two demo accounts, then each account's expected list as
# every registered provider computes it.
SEED_TASKS = r"""
import datetime as dt, json
import django
django.setup()
from django.utils import timezone, translation
from target87.accounts.models import User
from target87.core.models import JobProgress, JobStatus
from target87.core.work import work_items
from target87.partnership.models import PartnerApplication

translation.activate("en")
focal = User.objects.get(username="focal-npl")
secretariat = User.objects.get(username="secretariat")
PartnerApplication.objects.create(organisation="Brick Kiln Watch", partner_type="civil_society",
                                  contact_email="apply@kilnwatch.example.org")
JobProgress.objects.create(result_id="browser-failed", label="Survey estimate NPL 2019",
                           owner=focal, status=JobStatus.FAILED,
                           error="The weight column is empty.")
try:
    from target87.meetings.models import ActionPoint, Meeting
except ImportError:
    pass
else:
    meeting = Meeting.objects.filter(is_published=True).order_by("pk").first()
    if meeting is not None:
        ActionPoint.objects.create(meeting=meeting, text="Send the national action plan",
                                   owner_user=focal,
                                   due_date=timezone.localdate() - dt.timedelta(days=3))
print(json.dumps({user.username: [{"kind": i.kind, "title": i.title, "url": i.url}
                                  for i in work_items(user)] for user in (focal, secretariat)}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("my-work-data")
    env = {**os.environ, "TARGET87_DATA_DIR": str(data_dir), "HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "target87.settings"}
    env.pop("DATABASE_URL", None)  # its own SQLite file, never the test database
    env.pop("REDIS_URL", None)
    target87 = [sys.executable, "-m", "target87"]
    subprocess.run([*target87, "setup"], env=env, check=True, capture_output=True, timeout=900)
    seeded = subprocess.run([sys.executable, "-c", SEED_TASKS], env=env, check=True,
                            capture_output=True, text=True, timeout=300)
    expected = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = _free_port()
    proc = subprocess.Popen([*target87, "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("the platform server did not start")
    yield base, expected
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base, username):
    page.goto(base + "/en/")
    page.get_by_role("link", name="Log in").click()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("username, must_have", [
    ("focal-npl", {"meetings.action_point"}),
    ("secretariat", {"partnership.application", "core.failed_job"}),
])
def test_each_task_is_found_in_my_work(platform, page, username, must_have):
    base, expected = platform
    items = expected[username]
    assert must_have <= {item["kind"] for item in items}
    log_in(page, base, username)
    # logging in from the home page lands on My work
    assert page.url == base + "/en/work/"
    assert page.locator("h1").inner_text() == "My work"
    rows = page.locator("table.work-items tbody tr")
    assert rows.count() == len(items)
    badge = page.locator("a.my-work .work-count")
    assert badge.get_attribute("data-count") == str(len(items))
    listed = [(a.inner_text(), a.get_attribute("href"))
              for a in page.locator("table.work-items tbody a").all()]
    assert sorted(listed) == sorted((item["title"], item["url"]) for item in items)
    # every link leads to a page that opens for this person
    for url in sorted({item["url"] for item in items}):
        response = page.goto(base + url)
        assert response.status == 200, url
    # another person's tasks are not listed
    others = [i for user, its in expected.items() if user != username for i in its
              if i["kind"] not in {x["kind"] for x in items}]
    page.goto(base + "/en/work/")
    body = page.locator("main").inner_text()
    for item in others:
        assert item["title"] not in body


def test_overdue_task_is_marked(platform, page):
    base, expected = platform
    log_in(page, base, "focal-npl")
    row = page.locator("table.work-items tr[data-kind='meetings.action_point']")
    assert row.get_attribute("class") == "overdue"
    assert "overdue" in row.inner_text()
