from django_tasks import task

from target87.core import progress


@task(takes_context=True)
def count_to(context, n: int):
    result_id = context.task_result.id
    for i in range(1, n + 1):
        progress.report(result_id, i, total=n, message=f"step {i} of {n}")
    return n


@task(takes_context=True)
def hold(context, marker: str, seconds: float = 60.0):
    """Report a first step, then wait until the file ``marker`` exists (or ``seconds``)."""
    import time
    from pathlib import Path

    result_id = context.task_result.id
    progress.report(result_id, 1, total=2, message="holding")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not Path(marker).exists():
        time.sleep(0.05)
    progress.report(result_id, 2, total=2, message="released")
    return "released"


@task(takes_context=True)
def explode(context, text: str):
    progress.report(context.task_result.id, 1, total=4, message="step 1")
    raise ValueError(text)
