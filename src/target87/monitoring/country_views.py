"""A country's published figures as files: CSV, XLSX and SDMX-CSV, one URL per format."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from target87.core.tables import table_response
from target87.countries.models import Country
from target87.monitoring.country_data import DOWNLOAD_FORMATS, sdmx_csv, table_rows
from target87.monitoring.services import published_values


def country_data(request, iso3: str, fmt: str):
    """Published observations only, national and global each labelled by origin; the
    headers of the CSV and XLSX in the page's language, the SDMX-CSV in SDMX codes."""
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404(_("No such format."))
    country = get_object_or_404(Country, iso3=iso3.upper())
    observations = published_values(country)
    for obs in observations:
        obs.country = country
    filename = f"{country.iso3}-published-figures"
    if fmt == "sdmx":
        text, omitted = sdmx_csv(observations)
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.sdmx.csv"'
        response["X-Omitted-Rows"] = str(omitted)
        return response
    headers, rows = table_rows(country, observations)
    return table_response(fmt, filename, headers, rows)
