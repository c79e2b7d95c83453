"""Background tasks of the pathfinder pages, run by ``target87 worker``."""

from django_tasks import task


@task()
def render_report_pdf(key: str, html: str) -> str:
    """Render one workshop report to PDF (see ``report.request_pdf``)."""
    from target87.pathfinders.report import write_pdf

    write_pdf(key, html)
    return key
