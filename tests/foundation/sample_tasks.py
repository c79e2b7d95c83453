from django_tasks import task

from target87.core import progress


@task(takes_context=True)
def count_to(context, n: int):
    result_id = context.task_result.id
    for i in range(1, n + 1):
        progress.report(result_id, i, total=n, message=f"step {i} of {n}")
    return n
