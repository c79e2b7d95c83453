"""Background tasks of the survey estimates, run by ``target87 worker``."""

from django_tasks import task


@task(takes_context=True)
def run_estimate(context, run_id: int) -> str:
    """Estimate SDG 8.7.1 for one EstimateRun; progress goes to its JobProgress record."""
    from target87.surveys.services import execute_run

    return execute_run(run_id, context.task_result.id)
