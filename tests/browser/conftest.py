"""In CI (TARGET87_BROWSER_REQUIRED=1) a browser test that would be skipped fails instead:
a green run must have driven the browser and run the accessibility checks."""

import os

import pytest

REQUIRED = os.environ.get("TARGET87_BROWSER_REQUIRED") == "1"


def _fail_skipped(report, what: str) -> None:
    if REQUIRED and report.skipped:
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"{what} skipped, which CI does not allow: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not hasattr(report, "wasxfail"):
        _fail_skipped(report, "browser test")


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_skipped(outcome.get_result(), "browser test module")
