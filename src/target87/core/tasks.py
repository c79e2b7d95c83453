"""Background tasks of the platform itself, run by ``target87 worker``."""

from django_tasks import task


@task()
def render_pdf(key: str, html: str) -> str:
    """Render one report to PDF (see ``core.pdfs.request_pdf``)."""
    from target87.core.pdfs import write_pdf

    write_pdf(key, html)
    return key
