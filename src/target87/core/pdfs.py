"""PDFs rendered by the worker, once per distinct content.

WeasyPrint takes one to two seconds per report: a public link must not cost that on every
request. A report's printable HTML is its content (data, language and day included); the
worker renders each distinct HTML once into a file named by a hash of it, so any change
gives a new file and an unchanged report is served from disk.

``request_pdf(html)`` answers ("ready", path), ("pending", None) or ("failed", message),
and asks the worker for the file when neither it nor a running job exists.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

PENDING_TIMEOUT = 300  # seconds after which a job that never finished is asked for again


def pdf_dir() -> Path:
    from django.conf import settings

    path = Path(settings.DATA_DIR) / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pdf_key(html: str) -> str:
    import weasyprint

    return hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode()).hexdigest()


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    # the page refers to nothing but the bundled font (a file URL): no base URL needed
    return HTML(string=html).write_pdf()


def request_pdf(html: str) -> tuple[str, object]:
    from target87.core.tasks import render_pdf

    key = pdf_key(html)
    folder = pdf_dir()
    done, pending, failed = (folder / f"{key}{ext}" for ext in (".pdf", ".pending", ".failed"))
    if done.exists():
        return "ready", done
    if failed.exists():
        message = failed.read_text("utf-8")
        failed.unlink(missing_ok=True)  # the next request tries again
        return "failed", message
    try:
        fd = os.open(pending, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        if time.time() - pending.stat().st_mtime < PENDING_TIMEOUT:
            return "pending", None
        pending.touch()
    else:
        os.close(fd)
    render_pdf.enqueue(key=key, html=html)
    if done.exists():  # a worker (or the immediate backend) may already have finished
        return "ready", done
    return "pending", None


def write_pdf(key: str, html: str) -> None:
    """Render and store one PDF; called by the worker."""
    folder = pdf_dir()
    target, pending = folder / f"{key}.pdf", folder / f"{key}.pending"
    try:
        data = pdf_from_html(html)
        partial = folder / f"{key}.{os.getpid()}.part"
        partial.write_bytes(data)
        os.replace(partial, target)  # readers never see half a file
    except Exception as exc:
        (folder / f"{key}.failed").write_text(f"{type(exc).__name__}: {exc}", "utf-8")
        raise
    finally:
        pending.unlink(missing_ok=True)
