"""Reference series: the published global estimates for SDG Target 8.7.

The figures live in ``target87/data/global_estimates.csv``, one row per published figure
with its publication, publisher and release date. When a later edition published a
different value for the same year, both rows are kept; :func:`get_series` picks, for each
year, the figure of the most recent release (optionally as known on a given date) and
:func:`revisions` lists every year whose figure changed between releases.

Series are addressed by a stable NAME (see :func:`series_names`), e.g.
``child_labour_5_17_number`` or ``forced_labour_number``, and by sex, region and age group.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from target87.measure.cli import MeasureInputError

DATA_PACKAGE = "target87.data"
DATA_FILE = "global_estimates.csv"

COLUMNS = (
    "series",
    "indicator",
    "unit",
    "year",
    "value",
    "sex",
    "region",
    "age_group",
    "source",
    "publisher",
    "release_date",
    "note",
)


class UnknownSeriesError(MeasureInputError, LookupError):
    """No reference series matches the NAME (or the sex/region/age group asked for)."""


@dataclass(frozen=True)
class Observation:
    """One published figure, with the publication it comes from."""

    series: str
    indicator: str
    unit: str
    year: int
    value: float
    sex: str
    region: str
    age_group: str
    source: str
    publisher: str
    release_date: str
    note: str

    def citation(self) -> str:
        return f"{self.publisher}, {self.source} (released {self.release_date})"


@dataclass(frozen=True)
class ReferenceSeries:
    """A series as used for trends: one observation per year, latest release first chosen."""

    name: str
    indicator: str
    unit: str
    sex: str
    region: str
    age_group: str
    observations: tuple[Observation, ...]

    @property
    def points(self) -> tuple[tuple[int, float], ...]:
        return tuple((o.year, o.value) for o in self.observations)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(o.year for o in self.observations)

    def as_dict(self) -> dict[int, float]:
        return dict(self.points)

    def sources(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for o in self.observations:
            seen.setdefault(o.citation(), None)
        return tuple(seen)

    @property
    def label(self) -> str:
        parts = [self.indicator, self.age_group]
        if self.sex != "total":
            parts.append(self.sex)
        parts.append(self.region)
        return ", ".join(p for p in parts if p)


def _read_text() -> str:
    return resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")


def parse_rows(text: str) -> tuple[Observation, ...]:
    """Parse the CSV text (lines starting with ``#`` are comments)."""
    lines = [line for line in io.StringIO(text) if not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"{DATA_FILE}: expected columns {', '.join(COLUMNS)}")
    rows = []
    for number, row in enumerate(reader, start=2):
        try:
            rows.append(
                Observation(
                    series=row["series"].strip(),
                    indicator=row["indicator"].strip(),
                    unit=row["unit"].strip(),
                    year=int(row["year"]),
                    value=float(row["value"]),
                    sex=row["sex"].strip() or "total",
                    region=row["region"].strip() or "World",
                    age_group=row["age_group"].strip(),
                    source=row["source"].strip(),
                    publisher=row["publisher"].strip(),
                    release_date=row["release_date"].strip(),
                    note=row["note"].strip(),
                )
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{DATA_FILE}, data row {number}: {exc}") from exc
    return tuple(rows)


@lru_cache(maxsize=1)
def load_observations() -> tuple[Observation, ...]:
    """Every published figure in the reference file, in file order."""
    return parse_rows(_read_text())


def series_names() -> list[str]:
    """The stable NAMEs of all reference series, sorted."""
    return sorted({o.series for o in load_observations()})


def breakdowns(name: str) -> list[tuple[str, str, str]]:
    """The (sex, region, age_group) combinations published for a series."""
    rows = _rows_for(name)
    return sorted({(o.sex, o.region, o.age_group) for o in rows})


def _rows_for(name: str) -> list[Observation]:
    rows = [o for o in load_observations() if o.series == name]
    if not rows:
        known = ", ".join(series_names())
        raise UnknownSeriesError("series_unknown", "unknown series %(series)r; known series: "
                                 "%(known)s", series=name, known=known)
    return rows


def _select(
    name: str, sex: str, region: str, age_group: str | None
) -> list[Observation]:
    rows = [o for o in _rows_for(name) if o.sex == sex and o.region == region]
    if age_group is not None:
        rows = [o for o in rows if o.age_group == age_group]
    if not rows:
        available = "; ".join(f"sex={s}, region={r}" for s, r, _ in breakdowns(name))
        raise UnknownSeriesError(
            "series_breakdown_unknown",
            "series %(series)r has no figures for sex=%(sex)s, region=%(region)s; "
            "available: %(available)s",
            series=name, sex=sex, region=region, available=available,
        )
    groups = {o.age_group for o in rows}
    if len(groups) > 1:
        raise UnknownSeriesError(
            "series_age_groups_mixed",
            "series %(series)r mixes age groups %(groups)s; choose one with age_group",
            series=name, groups=sorted(groups),
        )
    return rows


def get_series(
    name: str,
    *,
    sex: str = "total",
    region: str = "World",
    age_group: str | None = None,
    as_of: str | None = None,
) -> ReferenceSeries:
    """The series NAME for one sex/region, one figure per year.

    For each year the figure of the latest release is used; with ``as_of`` (an ISO date,
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) only releases on or before that date count,
    which shows the series as it was known then.
    """
    rows = _select(name, sex, region, age_group)
    if as_of is not None:
        rows = [o for o in rows if o.release_date[: len(as_of)] <= as_of]
        if not rows:
            raise UnknownSeriesError("series_not_published",
                                     "series %(series)r had no published figures by %(as_of)s",
                                     series=name, as_of=as_of)
    latest: dict[int, Observation] = {}
    for o in rows:
        current = latest.get(o.year)
        if current is None or o.release_date > current.release_date:
            latest[o.year] = o
    observations = tuple(latest[y] for y in sorted(latest))
    first = observations[0]
    return ReferenceSeries(
        name=name,
        indicator=first.indicator,
        unit=first.unit,
        sex=sex,
        region=region,
        age_group=first.age_group,
        observations=observations,
    )


def revisions(
    name: str, *, sex: str = "total", region: str = "World", age_group: str | None = None
) -> dict[int, tuple[Observation, ...]]:
    """Years whose published figure changed between releases, each with every release.

    The tuples are ordered by release date, oldest first; years published only once, or
    republished with the same value, are left out.
    """
    rows = _select(name, sex, region, age_group)
    by_year: dict[int, list[Observation]] = {}
    for o in rows:
        by_year.setdefault(o.year, []).append(o)
    out: dict[int, tuple[Observation, ...]] = {}
    for year in sorted(by_year):
        releases = sorted(by_year[year], key=lambda o: o.release_date)
        if len({o.value for o in releases}) > 1:
            out[year] = tuple(releases)
    return out


def latest_figure(name: str, *, region: str = "World", sex: str = "total",
                  as_of: str | None = None) -> Observation | None:
    """The most recent published figure of series NAME for one region (and sex): the
    latest year, as its latest release gives it; ``None`` when the region has none.

    Regional figures exist only where a publication released them, so a region without
    one yields ``None`` and nothing is derived from other regions or years.
    """
    rows = [o for o in _rows_for(name) if o.region == region and o.sex == sex]
    if as_of is not None:
        rows = [o for o in rows if o.release_date[: len(as_of)] <= as_of]
    if not rows:
        return None
    return max(rows, key=lambda o: (o.year, o.release_date))


def regions_of(name: str) -> list[str]:
    """The regions (other than World) with at least one published figure of series NAME."""
    return sorted({o.region for o in _rows_for(name) if o.region != "World"})
