"""Trends: the reference series (published global estimates) and projections of a
series to a target year, as ``target87 measure project --format json`` gives them."""


from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from target87.api.common import MAX_LIMIT, ErrorOut, Pagination, bad_request
from target87.measure import projections, reference_series
from target87.measure.cli import MeasureInputError

router = Router(tags=["trends"])


class BreakdownOut(Schema):
    sex: str
    region: str
    age_group: str


class SeriesOut(Schema):
    name: str
    indicator: str
    unit: str
    years: list[int]
    breakdowns: list[BreakdownOut]
    sources: list[str]


def series_catalogue() -> list[dict]:
    by_name: dict[str, list] = {}
    for o in reference_series.load_observations():
        by_name.setdefault(o.series, []).append(o)
    out = []
    for name in reference_series.series_names():
        rows = by_name[name]
        sources: dict[str, None] = {}
        for o in sorted(rows, key=lambda o: (o.release_date, o.source)):
            sources.setdefault(o.citation(), None)
        out.append({
            "name": name,
            "indicator": rows[0].indicator,
            "unit": rows[0].unit,
            "years": sorted({o.year for o in rows}),
            "breakdowns": [{"sex": s, "region": r, "age_group": a}
                           for s, r, a in reference_series.breakdowns(name)],
            "sources": list(sources),
        })
    return out


@router.get("series/", response=list[SeriesOut], summary="Reference series")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_series(request):
    """The published global estimates for SDG Target 8.7, one entry per series NAME, with
    its unit, the sex/region/age breakdowns published and the publications cited."""
    return series_catalogue()


class FitOut(Schema):
    intercept: float
    slope: float
    r_squared: float | None


class ProjectionOut(Schema):
    series: str
    label: str
    unit: str
    sources: list[str]
    method: str
    description: str
    from_year: int
    to_year: int
    target_year: int
    base_year: int
    base_value: float
    value: float
    annual_rate: float | None
    annual_change: float
    inputs: list[list[float]]
    assumptions: list[str]
    fit: FitOut | None = None
    target: float | None = None
    required_annual_change: float | None = None
    required_annual_rate: float | None = None
    times_faster: float | None = None
    target_reached_year: float | None = None
    on_track: bool | None = None


class ProjectParams(Schema):
    series: str = Field(..., description="A reference series NAME, see /trends/series/.")
    target_year: int = Field(..., description="Year to project to.")
    method: str = Field("geometric", description="geometric, linear or loglinear.")
    target: float | None = Field(None, description="Target level, e.g. 0 (end).")
    from_year: int | None = Field(None, alias="from", description="First year of the pace.")
    to_year: int | None = Field(None, alias="to", description="Last year of the pace.")
    sex: str = "total"
    region: str = "World"
    as_of: str | None = Field(None, description="Figures as published on this date.")


def project(params: ProjectParams) -> dict[str, Any]:
    """The projection as ``target87 measure project --series ... --format json`` prints it."""
    if params.method not in projections.METHODS:
        raise MeasureInputError(
            f"unknown method {params.method!r}; choose one of {', '.join(projections.METHODS)}")
    series = reference_series.get_series(params.series, sex=params.sex, region=params.region,
                                         as_of=params.as_of)
    result = projections.project(
        series.as_dict(), method=params.method, target_year=params.target_year,
        from_year=params.from_year, to_year=params.to_year, target=params.target,
    )
    data = result.to_dict()
    data.update({"series": series.name, "label": series.label, "unit": series.unit,
                 "sources": list(series.sources())})
    return data


@router.get("project", response={200: ProjectionOut, 400: ErrorOut}, exclude_unset=True,
            summary="Project a reference series")
def project_series(request, params: Query[ProjectParams]):
    """Project a reference series to ``target_year`` at its observed pace (``method``
    geometric, linear or loglinear, over ``from``–``to``) and, with ``target``, the pace
    needed to reach it. The fields are those of ``target87 measure project --format json``;
    a series, year or method the toolbox refuses is answered with 400 and its message."""
    try:
        return project(params)
    except MeasureInputError as exc:
        raise bad_request(str(exc)) from None
