"""Background tasks of monitoring, run by ``target87 worker``."""

from django_tasks import task


@task(takes_context=True)
def load_published_file(context, import_id: int, release: str = "") -> str:
    """Check and load an uploaded custodian file; progress goes to its JobProgress record."""
    from target87.monitoring.imports import execute_upload

    return execute_upload(import_id, release, str(context.task_result.id))


@task()
def draw_country_charts_task(country_ids: list[int]) -> str:
    """Render the dashboards of countries whose published figures changed, in every
    language, as setup does: every chart on them is drawn and kept on disk, so that their
    next reader does not wait for it."""
    from target87.core.pagecache import warm_pages
    from target87.countries.models import Country
    from target87.monitoring.country_data import dashboard_paths

    countries = Country.objects.filter(pk__in=country_ids).order_by("iso3")
    pages = warm_pages(dashboard_paths(countries))
    return f"{pages} dashboard pages ready for {len(country_ids)} countries"
