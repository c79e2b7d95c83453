"""Background task of the footprint runs, run by ``target87 worker``."""

from django_tasks import task


@task(takes_context=True)
def compute_footprint(context, run_id: int) -> str:
    from target87.supplychains.footprints import execute_run

    return execute_run(run_id, context.task_result.id)
