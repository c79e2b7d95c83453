"""Background tasks of monitoring, run by ``target87 worker``."""

from django_tasks import task


@task(takes_context=True)
def load_published_file(context, import_id: int, release: str = "") -> str:
    """Check and load an uploaded custodian file; progress goes to its JobProgress record."""
    from target87.monitoring.imports import execute_upload

    return execute_upload(import_id, release, str(context.task_result.id))
