"""The monitoring framework: the indicator catalogue, published observations and their
SDMX-CSV (SDG global data structure) for the indicators that carry an SDG series."""


from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from target87.api.common import (
    MAX_LIMIT,
    ErrorOut,
    Pagination,
    bad_request,
    choice_or_400,
    country_or_400,
    range_or_400,
)
from target87.monitoring.country_data import sdmx_csv
from target87.monitoring.models import (
    Dimension,
    Group,
    Indicator,
    Observation,
    ObservationStatus,
    Origin,
    Theme,
)

router = Router(tags=["monitoring"])


class IndicatorOut(Schema):
    code: str
    dimension: str
    theme: str
    group: str
    standard: bool
    computed: bool
    value_type: str
    unit: str
    disaggregations: list[str]
    sdg_series: str
    name_en: str
    name_fr: str
    name_es: str
    name_ar: str
    name_zh: str
    name_ru: str
    source: str


class ObservationOut(Schema):
    country: str
    indicator: str | None
    custom_indicator: str | None
    sdg_series: str
    period: int
    disaggregation: dict[str, str]
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    value_bool: bool | None
    value_year: int | None
    value_text: str
    currency: str
    percent_gdp: Decimal | None
    se: Decimal | None
    ci_low: Decimal | None
    ci_high: Decimal | None
    unit: str
    source: str
    method_note: str
    origin: str
    nature: str
    release: str

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.iso3

    @staticmethod
    def resolve_indicator(obj) -> str | None:
        return obj.indicator.code if obj.indicator_id else None

    @staticmethod
    def resolve_custom_indicator(obj) -> str | None:
        return obj.custom_indicator.indicator if obj.custom_indicator_id else None

    @staticmethod
    def resolve_sdg_series(obj) -> str:
        return obj.indicator.sdg_series if obj.indicator_id else ""

    @staticmethod
    def resolve_unit(obj) -> str:
        if obj.indicator_id:
            return obj.indicator.unit
        return obj.custom_indicator.unit

    @staticmethod
    def resolve_disaggregation(obj) -> dict[str, str]:
        return {str(k): str(v) for k, v in (obj.disaggregation or {}).items()}


class ObservationFilters(Schema):
    country: str = ""
    indicator: str = ""
    series: str = ""
    origin: str = ""
    period_from: int | None = None
    period_to: int | None = None


@router.get("indicators/", response={200: list[IndicatorOut], 400: ErrorOut},
            summary="Indicator catalogue")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_indicators(request, dimension: str = "", theme: str = "", group: str = "",
                    sdg_series: str = ""):
    """The indicators of the pathfinder monitoring framework (briefing pack, annex), in the
    annex's order, with names in the six UN languages. Filters: ``dimension``, ``theme``,
    ``group``, ``sdg_series``."""
    qs = Indicator.objects.all()
    if value := choice_or_400(dimension, Dimension, "dimension"):
        qs = qs.filter(dimension=value)
    if value := choice_or_400(theme, Theme, "theme"):
        qs = qs.filter(theme=value)
    if value := choice_or_400(group, Group, "group"):
        qs = qs.filter(group=value)
    if sdg_series.strip():
        qs = qs.filter(sdg_series__iexact=sdg_series.strip())
    return qs.order_by("order")


def published_observations(filters: ObservationFilters):
    """Published observations matching the filters; 400 for a filter that names nothing."""
    qs = Observation.objects.filter(status=ObservationStatus.PUBLISHED).select_related(
        "country", "indicator", "custom_indicator")
    country = country_or_400(filters.country)
    if country is not None:
        qs = qs.filter(country=country)
    code = filters.indicator.strip()
    if code:
        if not Indicator.objects.filter(code__iexact=code).exists():
            raise bad_request(_("indicator: “%(code)s” is not an indicator code of the catalogue.")
                       % {"code": code[:40]})
        qs = qs.filter(indicator__code__iexact=code)
    series = filters.series.strip()
    if series:
        if not Indicator.objects.filter(sdg_series__iexact=series).exists():
            raise bad_request(_("series: no indicator of the catalogue has the SDG series "
                         "“%(series)s”.") % {"series": series[:40]})
        qs = qs.filter(indicator__sdg_series__iexact=series)
    if value := choice_or_400(filters.origin, Origin, "origin"):
        qs = qs.filter(origin=value)
    range_or_400(filters.period_from, filters.period_to, "period_from", "period_to")
    if filters.period_from is not None:
        qs = qs.filter(period__gte=filters.period_from)
    if filters.period_to is not None:
        qs = qs.filter(period__lte=filters.period_to)
    return qs.order_by("country__iso3", "indicator__order", "custom_indicator_id", "period",
                       "disaggregation_key", "origin", "pk")


@router.get("observations/", response={200: list[ObservationOut], 400: ErrorOut},
            summary="Published observations")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_observations(request, filters: Query[ObservationFilters]):
    """Published values only (never drafts, submitted or approved ones). Filters:
    ``country`` (ISO3), ``indicator`` (catalogue code), ``series`` (SDG series code),
    ``origin`` (``national``: the country's own figure; ``global``: the custodian's),
    ``period_from`` and ``period_to`` (years, inclusive)."""
    return published_observations(filters)


@router.get(
    "observations.sdmx.csv",
    response={200: str, 400: ErrorOut},
    summary="Published observations as SDMX-CSV",
    openapi_extra={"responses": {200: {
        "description": "SDMX-CSV 1.0 (dataflow IAEG-SDGs:DF_SDG_GLH)",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }}},
)
def observations_sdmx(request, filters: Query[ObservationFilters]):
    """Published observations of the indicators that carry an SDG series code, in the
    columns ``target87 measure child-labour --format sdmx`` writes: REF_AREA is the M49
    code, SEX F/M/_T, AGE Y5T11…Y5T17, URBANISATION U/R/_T, REPORTING_TYPE the origin (N the
    country's own figure, G the custodian's global one), NATURE and SOURCE_DETAIL as
    published. Rows split by a dimension the
    SDG structure lacks (such as sector) are left out; the ``X-Omitted-Rows`` header counts
    them. Same filters as ``/observations/``."""
    qs = published_observations(filters).filter(indicator__isnull=False).exclude(
        indicator__sdg_series="")
    text, omitted = sdmx_csv(qs)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="target87-observations.sdmx.csv"'
    response["X-Omitted-Rows"] = str(omitted)
    return response
