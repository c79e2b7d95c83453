"""CI cannot pass by skipping browser tests: with TARGET87_BROWSER_REQUIRED=1 a skipped
test, or a module skipped at import, under tests/browser fails the run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BROWSER_CONFTEST = Path(__file__).resolve().parents[1] / "browser" / "conftest.py"


@pytest.fixture
def browser_dir(tmp_path):
    shutil.copy(BROWSER_CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "test_skips.py").write_text(
        "import pytest\n\n"
        "def test_needs_chromium():\n"
        "    pytest.skip('no Chromium binary')\n\n"
        "def test_runs():\n"
        "    assert True\n")
    (tmp_path / "test_module_skip.py").write_text(
        "import pytest\n"
        "pytest.importorskip('a_module_that_is_not_installed')\n\n"
        "def test_never_collected():\n"
        "    assert True\n")
    return tmp_path


def _pytest(path, required: bool):
    env = {k: v for k, v in os.environ.items() if k != "TARGET87_BROWSER_REQUIRED"}
    if required:
        env["TARGET87_BROWSER_REQUIRED"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(path), "--continue-on-collection-errors",
         "-p", "no:cacheprovider", "-p",
         "no:django", "-q", "--rootdir", str(path)],
        capture_output=True, text=True, env=env, cwd=path, timeout=120)


def test_skips_fail_when_the_browser_is_required(browser_dir):
    run = _pytest(browser_dir, required=True)
    assert run.returncode != 0, run.stdout
    assert "which CI does not allow" in run.stdout
    assert "no Chromium binary" in run.stdout
    assert "a_module_that_is_not_installed" in run.stdout


def test_skips_are_skips_outside_ci(browser_dir):
    run = _pytest(browser_dir, required=False)
    assert run.returncode == 0, run.stdout
    assert "2 skipped" in run.stdout
