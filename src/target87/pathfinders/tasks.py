"""Background tasks of the pathfinder pages, run by ``target87 worker``."""

from django_tasks import task


@task()
def render_report_pdf(key: str, html: str) -> str:
    """Render one report to PDF: jobs queued before ``core.tasks.render_pdf`` took over."""
    from target87.core.pdfs import write_pdf

    write_pdf(key, html)
    return key
