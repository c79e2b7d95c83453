"""Design-based estimation for complex household surveys.

The vocabulary follows R's ``survey`` package (T. Lumley, *Complex Surveys: A Guide to
Analysis Using R*, Wiley 2010; https://cran.r-project.org/package=survey):

* :func:`svydesign` builds a :class:`SurveyDesign` from weights, strata, primary sampling
  units (PSUs) and an optional finite population correction, like
  ``svydesign(ids=~psu, strata=~stratum, weights=~w, fpc=~fpc, nest=TRUE)``.
* :func:`svymean`, :func:`svytotal`, :func:`svyciprop` and :func:`svyby` return estimates
  that carry the standard error, confidence interval, degrees of freedom and design
  effect together.

Variances use Taylor linearisation with the with-replacement ("ultimate cluster")
approximation at the first stage, as ``survey::svyrecvar`` does: the linearised values of
each observation are summed within PSUs, centred within strata and scaled by
``n_h / (n_h - 1)`` and, with an fpc, by ``(N_h - n_h) / N_h``.

Domains (subpopulations) are estimated on the whole design: the linearised value is zero
outside the domain, so a PSU without any member of the domain still counts in its
stratum. This equals R's ``svyby(..., design)`` on a subset design.

Degrees of freedom, used for the t quantiles of confidence intervals, come in two
flavours (``df=`` of :meth:`CellTotals.estimate` and :func:`svyby`):

* ``"domain"`` (default): PSUs minus strata among those holding at least one member of
  the domain with a positive weight. This is what R reports for ``svyciprop`` and
  ``degf`` on ``subset(design, ...)``, so intervals agree with R's golden files.
* ``"design"``: PSUs minus strata of the whole design (:meth:`SurveyDesign.degf`), the
  same for every domain; the rule "number of PSUs minus number of strata" applied
  literally.

Both give the same value for the whole population; they differ for domains absent from
some PSUs or strata, where ``"domain"`` gives fewer degrees of freedom and wider intervals.

Everything is vectorised: sums over PSUs and strata use :func:`numpy.bincount`, so the
cost is a handful of passes over the data whatever the number of domains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from target87.measure.cli import MeasureInputError

LonelyPSU = Literal["fail", "certainty", "adjust", "remove"]
CIMethod = Literal["logit", "korn-graubard"]
LONELY_PSU_OPTIONS: tuple[str, ...] = ("fail", "certainty", "adjust", "remove")
CI_METHODS: tuple[str, ...] = ("logit", "korn-graubard")
_CI_ALIASES = {"logit": "logit", "korn-graubard": "korn-graubard", "beta": "korn-graubard"}
_LONELY_ALIASES = {"error": "fail", **{o: o for o in LONELY_PSU_OPTIONS}}
# R's onestrat() treats a stratum whose sampling fraction is (nearly) one as self-representing.
_CERTAINTY_TOL = 1e-7


class SurveyDesignError(MeasureInputError, ValueError):
    """The design variables are unusable (missing or negative weights, lonely PSU, ...)."""


def describe_rows(mask: np.ndarray, limit: int = 5) -> str:
    """Human description of the first offending rows (numbered from 1, as in a data file)."""
    idx = np.flatnonzero(mask)
    first = ", ".join(str(i + 1) for i in idx[:limit])
    more = f" (first {limit} of {idx.size})" if idx.size > limit else ""
    return f"row{'s' if idx.size > 1 else ''} {first}{more}"


def row_params(mask: np.ndarray, limit: int = 5) -> dict:
    """Error parameters for offending rows: ``rows`` (the English phrase of
    :func:`describe_rows`) plus the numbers themselves, so the phrase can be said in
    another language: ``row_numbers`` (the first ``limit``, from 1) and ``row_count``."""
    idx = np.flatnonzero(mask)
    return {"rows": describe_rows(mask, limit), "row_numbers": [int(i) + 1 for i in idx[:limit]],
            "row_count": int(idx.size)}


def dense_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes ``0..k-1`` for ``values`` and the sorted distinct labels.

    Integer-valued inputs with a modest range are coded in linear time with
    :func:`numpy.bincount`; anything else falls back to :func:`numpy.unique`.
    """
    arr = np.asarray(values)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64), arr[:0]
    if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.floor(arr)):
        arr = arr.astype(np.int64)
    if arr.dtype.kind in "iub":
        a = arr.astype(np.int64, copy=False)
        lo = int(a.min())
        span = int(a.max()) - lo + 1
        if span <= 4 * a.size + 1024:
            shifted = a - lo
            present = np.bincount(shifted, minlength=span) > 0
            mapping = np.cumsum(present) - 1
            return mapping[shifted], np.flatnonzero(present) + lo
    labels, inverse = np.unique(arr, return_inverse=True)
    return inverse.astype(np.int64).reshape(-1), labels


@dataclass(frozen=True, eq=False)
class SurveyDesign:
    """A stratified cluster design, first stage only (with-replacement approximation).

    Build it with :func:`svydesign`. ``psu`` codes are unique across strata (PSUs are
    nested in strata, as with ``nest=TRUE`` in R).
    """

    weights: np.ndarray
    strata: np.ndarray
    psu: np.ndarray
    psu_stratum: np.ndarray
    psu_per_stratum: np.ndarray
    fpc_factor: np.ndarray
    lonely_psu: str
    strata_labels: np.ndarray
    has_strata: bool
    has_clusters: bool
    has_fpc: bool

    @property
    def n(self) -> int:
        return int(self.weights.size)

    @property
    def n_psu(self) -> int:
        return int(self.psu_stratum.size)

    @property
    def n_strata(self) -> int:
        return int(self.psu_per_stratum.size)

    @property
    def stratum_starts(self) -> np.ndarray:
        """Index of each stratum's first PSU (PSUs are numbered stratum by stratum)."""
        return np.concatenate(([0], np.cumsum(self.psu_per_stratum)[:-1])).astype(np.intp)

    def degf(self) -> int:
        """Design degrees of freedom: PSUs minus strata (R's ``degf()``)."""
        return self.n_psu - self.n_strata

    def lonely_strata(self) -> np.ndarray:
        """Labels of strata with a single PSU that are not self-representing."""
        lonely = (self.psu_per_stratum == 1) & (self.fpc_factor >= _CERTAINTY_TOL)
        return self.strata_labels[lonely]

    def describe(self) -> dict:
        return {
            "observations": self.n,
            "strata": self.n_strata if self.has_strata else None,
            "psus": self.n_psu if self.has_clusters else None,
            "df": self.degf(),
            "fpc": self.has_fpc,
            "lonely_psu": self.lonely_psu,
            "single_psu_strata": int(self.lonely_strata().size),
            "variance": "Taylor linearisation, with-replacement first stage",
        }


def _float_column(values, name: str, *, allow_missing: bool = False) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "iufb":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            bad = np.array([not _is_number(v) for v in arr.ravel()])
            raise SurveyDesignError(
                "design_column_not_numeric",
                "column %(column)r must be numeric; non-numeric values at %(rows)s",
                column=name, **row_params(bad),
            ) from None
    arr = arr.astype(np.float64, copy=False)
    if not allow_missing and np.isnan(arr).any():
        raise SurveyDesignError("design_column_missing", "column %(column)r is missing at %(rows)s",
                                column=name, **row_params(np.isnan(arr)))
    return arr


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _label_missing(arr: np.ndarray) -> np.ndarray:
    if arr.dtype.kind == "f":
        return np.isnan(arr)
    if arr.dtype.kind == "O":
        return np.array([v is None or (isinstance(v, float) and v != v) for v in arr])
    return np.zeros(arr.shape, dtype=bool)


def svydesign(
    weights,
    *,
    ids=None,
    strata=None,
    fpc=None,
    lonely_psu: str = "fail",
    names: dict[str, str] | None = None,
) -> SurveyDesign:
    """Describe a sample design, like R's ``svydesign(ids, strata, weights, fpc, nest=TRUE)``.

    Parameters
    ----------
    weights:
        Sampling weights, finite and non-negative.
    ids:
        Primary sampling unit of each observation (cluster). ``None`` means every
        observation is its own PSU (``ids=~1``).
    strata:
        Stratum of each observation; ``None`` means a single stratum.
    fpc:
        Optional finite population correction per observation, constant within strata:
        either the number of PSUs in the stratum population (values > 1) or the sampling
        fraction (all values <= 1), as in R.
    lonely_psu:
        What to do with a stratum holding a single PSU, as R's
        ``options(survey.lonely.psu=)``: ``"fail"`` (or ``"error"``, the default) raises,
        ``"certainty"`` and ``"remove"`` let it contribute nothing to the variance,
        ``"adjust"`` centres it at the grand mean instead of the stratum mean.
    names:
        Column names used in error messages (keys ``weights``, ``ids``, ``strata``, ``fpc``).
    """
    names = {"weights": "weights", "ids": "ids", "strata": "strata", "fpc": "fpc", **(names or {})}
    lonely = _LONELY_ALIASES.get(str(lonely_psu))
    if lonely is None:
        raise SurveyDesignError(
            "lonely_psu_option_unknown",
            "lonely PSU option must be one of error, certainty, adjust, remove; got %(value)r",
            value=lonely_psu,
        )
    w = _float_column(weights, names["weights"])
    n = w.size
    if n == 0:
        raise SurveyDesignError("no_rows", "the data have no rows")
    bad = ~np.isfinite(w)
    if bad.any():
        raise SurveyDesignError("weight_not_finite", "weight column %(column)r is not finite at "
                                "%(rows)s", column=names["weights"], **row_params(bad))
    if (w < 0).any():
        raise SurveyDesignError(
            "weight_negative", "weight column %(column)r is negative at %(rows)s",
            column=names["weights"], **row_params(w < 0),
        )

    if strata is None:
        s_code = np.zeros(n, dtype=np.int64)
        s_labels = np.array(["all"], dtype=object)
    else:
        s_arr = np.asarray(strata)
        _check_length(s_arr, n, names["strata"])
        miss = _label_missing(s_arr)
        if miss.any():
            raise SurveyDesignError(
                "stratum_missing", "stratum column %(column)r is missing at %(rows)s",
                column=names["strata"], **row_params(miss),
            )
        s_code, s_labels = dense_codes(s_arr)
    n_strata = int(s_labels.size)

    if ids is None:
        p_code = np.arange(n, dtype=np.int64)
        n_psu = n
    else:
        p_arr = np.asarray(ids)
        _check_length(p_arr, n, names["ids"])
        miss = _label_missing(p_arr)
        if miss.any():
            raise SurveyDesignError(
                "psu_missing", "PSU column %(column)r is missing at %(rows)s",
                column=names["ids"], **row_params(miss),
            )
        p_code, p_labels = dense_codes(p_arr)
        n_psu = int(p_labels.size)
        # Nest PSUs in strata: PSUs whose label recurs in several strata are split.
        owner = np.empty(n_psu, dtype=np.int64)
        owner[p_code] = s_code
        if not np.array_equal(owner[p_code], s_code):
            p_code, _ = dense_codes(p_code * n_strata + s_code)
            n_psu = int(p_code.max()) + 1
    psu_stratum = np.empty(n_psu, dtype=np.int64)
    psu_stratum[p_code] = s_code
    if n_psu > 1 and np.any(psu_stratum[1:] < psu_stratum[:-1]):
        # Number PSUs stratum by stratum so that per-stratum sums are contiguous slices.
        order = np.argsort(psu_stratum, kind="stable")
        rank = np.empty(n_psu, dtype=np.int64)
        rank[order] = np.arange(n_psu)
        p_code = rank[p_code]
        psu_stratum = psu_stratum[order]
    psu_per_stratum = np.bincount(psu_stratum, minlength=n_strata)

    fpc_factor = np.ones(n_strata)
    if fpc is not None:
        f_arr = _float_column(fpc, names["fpc"])
        _check_length(f_arr, n, names["fpc"])
        if (f_arr <= 0).any():
            raise SurveyDesignError(
                "fpc_not_positive", "fpc column %(column)r must be positive; see %(rows)s",
                column=names["fpc"], **row_params(f_arr <= 0),
            )
        first = np.empty(n_strata)
        first[s_code] = f_arr
        varies = first[s_code] != f_arr
        if varies.any():
            raise SurveyDesignError(
                "fpc_varies", "fpc column %(column)r varies within a stratum at %(rows)s",
                column=names["fpc"], **row_params(varies),
            )
        if np.all(first <= 1):
            popsize = psu_per_stratum / first
        else:
            popsize = first
        small = popsize < psu_per_stratum - 1e-9
        if small.any():
            raise SurveyDesignError(
                "fpc_too_small",
                "fpc column %(column)r is smaller than the number of sampled PSUs in "
                "stratum %(stratum)r",
                column=names["fpc"], stratum=s_labels[np.flatnonzero(small)[0]],
            )
        fpc_factor = np.where(np.isinf(popsize), 1.0, (popsize - psu_per_stratum) / popsize)

    design = SurveyDesign(
        weights=w,
        strata=s_code,
        psu=p_code,
        psu_stratum=psu_stratum,
        psu_per_stratum=psu_per_stratum,
        fpc_factor=fpc_factor,
        lonely_psu=lonely,
        strata_labels=s_labels,
        has_strata=strata is not None,
        has_clusters=ids is not None,
        has_fpc=fpc is not None,
    )
    lonely_labels = design.lonely_strata()
    if lonely == "fail" and lonely_labels.size:
        lonely_codes = np.flatnonzero(
            (psu_per_stratum == 1) & (fpc_factor >= _CERTAINTY_TOL)
        )
        rows = np.isin(s_code, lonely_codes)
        shown = ", ".join(repr(_py(v)) for v in lonely_labels[:5])
        raise SurveyDesignError(
            "single_psu_stratum",
            "stratum column %(column)r: %(count)s stratum(s) with a single PSU (%(strata)s) at "
            "%(rows)s. Choose a lonely-PSU option (certainty, adjust or remove) or merge strata.",
            column=names["strata"], count=int(lonely_labels.size), strata=shown,
            **row_params(rows),
        )
    return design


def _check_length(arr: np.ndarray, n: int, name: str) -> None:
    if arr.shape[0] != n:
        raise SurveyDesignError("column_length", "column %(column)r has %(values)s values for "
                                "%(n_rows)s rows", column=name, values=arr.shape[0], n_rows=n)


def _py(value):
    return value.item() if isinstance(value, np.generic) else value


# ---------------------------------------------------------------------------------------------
# Variance engine
# ---------------------------------------------------------------------------------------------


def stratified_variance(design: SurveyDesign, z: np.ndarray) -> np.ndarray:
    """Variance of estimators whose linearised PSU totals are the rows of ``z`` (D x P).

    Implements R's ``onestage()``/``onestrat()`` for a one-stage design, row by row.
    """
    z = np.atleast_2d(np.asarray(z, dtype=np.float64))
    nh = design.psu_per_stratum.astype(np.float64)
    starts = design.stratum_starts
    sums = np.add.reduceat(z, starts, axis=1)
    lonely = design.psu_per_stratum == 1
    centre = sums / nh
    if design.lonely_psu == "adjust":
        centre[:, lonely] = 0.0
    dev = z - np.repeat(centre, design.psu_per_stratum, axis=1)
    ss = np.add.reduceat(dev * dev, starts, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(lonely, 1.0, nh / (nh - 1.0)) * design.fpc_factor
    scale[design.fpc_factor < _CERTAINTY_TOL] = 0.0
    if design.lonely_psu in ("certainty", "remove", "fail"):
        scale[lonely] = 0.0
    return ss @ scale


def _variance_scale(design: SurveyDesign) -> np.ndarray:
    nh = design.psu_per_stratum.astype(np.float64)
    lonely = design.psu_per_stratum == 1
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(lonely, 1.0, nh / (nh - 1.0)) * design.fpc_factor
    scale[design.fpc_factor < _CERTAINTY_TOL] = 0.0
    if design.lonely_psu in ("certainty", "remove", "fail"):
        scale[lonely] = 0.0
    return scale


def _psu_stratum(design: SurveyDesign) -> np.ndarray:
    """The stratum index of each PSU (PSUs are numbered stratum by stratum)."""
    return np.repeat(np.arange(design.n_strata, dtype=np.int64), design.psu_per_stratum)


def sparse_stratified_variance(design: SurveyDesign, z) -> np.ndarray:
    """:func:`stratified_variance` for a sparse D x P matrix of PSU totals.

    A domain's PSU totals are zero outside the PSUs holding its members, so each
    (domain, stratum) sum of squared deviations is taken over the stored entries plus
    ``(n_h - stored) * centre^2`` for the zeros: memory follows the entries, never D x P.
    """
    coo = z.tocoo()
    n_domains = z.shape[0]
    strata = design.n_strata
    if coo.nnz == 0:
        return np.zeros(n_domains)
    h = _psu_stratum(design)[coo.col]
    key = coo.row.astype(np.int64) * strata + h
    # keys span domains x strata only: coded by counting, not by sorting every entry
    inverse, cells = dense_codes(key)
    values = coo.data
    del coo, key, h
    sums = np.bincount(inverse, weights=values)
    stored = np.bincount(inverse)
    cell_stratum = cells % strata
    nh = design.psu_per_stratum[cell_stratum].astype(np.float64)
    centre = sums / nh
    if design.lonely_psu == "adjust":
        centre[design.psu_per_stratum[cell_stratum] == 1] = 0.0
    dev = values - centre[inverse]
    ss = np.bincount(inverse, weights=dev * dev) + (nh - stored) * centre * centre
    scale = _variance_scale(design)[cell_stratum]
    return np.bincount(cells // strata, weights=ss * scale, minlength=n_domains)


def _sparse_domain_df(design: SurveyDesign, present) -> np.ndarray:
    """:func:`_domain_df` for a sparse D x P matrix whose stored positive entries mark
    the PSUs holding a domain member."""
    coo = present.tocoo()
    keep = coo.data > 0
    rows, cols = coo.row[keep].astype(np.int64), coo.col[keep]
    n_domains = present.shape[0]
    n_psu = np.bincount(rows, minlength=n_domains)
    strata = dense_codes(rows * design.n_strata + _psu_stratum(design)[cols])[1]
    per_stratum = np.bincount(strata // design.n_strata, minlength=n_domains)
    return (n_psu - per_stratum).astype(np.int64)


def _domain_df(design: SurveyDesign, present: np.ndarray) -> np.ndarray:
    """PSUs minus strata among those holding a domain member (R's ``degf`` on a subset)."""
    n_psu = present.sum(axis=1)
    per_stratum = np.logical_or.reduceat(present, design.stratum_starts, axis=1)
    return (n_psu - per_stratum.sum(axis=1)).astype(np.int64)


@dataclass
class DomainEstimates:
    """Estimates of a mean/proportion for several domains, as parallel arrays.

    ``estimate``/``se``/``ci_low``/``ci_high`` are on the proportion scale (0..1);
    ``total``/``total_se`` are weighted counts (sums of ``w * y``), ``population`` the
    weighted size of the domain and ``n`` its unweighted size.
    """

    estimate: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    df: np.ndarray
    deff: np.ndarray
    n: np.ndarray
    population: np.ndarray
    total: np.ndarray
    total_se: np.ndarray
    ci_method: str = "logit"
    level: float = 0.95
    labels: list = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.estimate.size)

    def rows(self) -> list[dict]:
        """One plain dict per domain (labels merged in when given)."""
        out = []
        for i in range(len(self)):
            row = dict(self.labels[i]) if self.labels else {}
            row.update(
                estimate=float(self.estimate[i]),
                se=float(self.se[i]),
                ci_low=float(self.ci_low[i]),
                ci_high=float(self.ci_high[i]),
                df=int(self.df[i]),
                deff=float(self.deff[i]),
                n=int(self.n[i]),
                population=float(self.population[i]),
                total=float(self.total[i]),
                total_se=float(self.total_se[i]),
            )
            out.append(row)
        return out


@dataclass(frozen=True)
class SvyStat:
    """A single estimate with its sampling error (what R prints for ``svymean``)."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    df: int
    deff: float
    n: int
    population: float

    @classmethod
    def _from(cls, est: DomainEstimates, i: int = 0, *, total: bool = False) -> SvyStat:
        return cls(
            estimate=float(est.total[i] if total else est.estimate[i]),
            se=float(est.total_se[i] if total else est.se[i]),
            ci_low=float(est.ci_low[i]),
            ci_high=float(est.ci_high[i]),
            df=int(est.df[i]),
            deff=float(est.deff[i]),
            n=int(est.n[i]),
            population=float(est.population[i]),
        )


class CellTotals:
    """Weighted sums per (cell, PSU) for one or more variables: the sufficient statistics.

    ``cells`` gives each observation a cell code in ``0..n_cells-1`` (for example the cross
    of sex and age group); a code ``>= n_cells`` or negative puts the observation outside
    every cell (it still belongs to the design). Domains are unions of cells, so any set
    of domains is estimated from these sums without touching the data again.
    """

    #: Above this many (cell, PSU) pairs, and more than the observations, the sums are kept
    #: as sparse matrices.
    DENSE_LIMIT = 4_000_000

    def __init__(
        self,
        design: SurveyDesign,
        ys: Sequence[np.ndarray],
        cells: np.ndarray | None = None,
        n_cells: int = 1,
    ):
        self.design = design
        p = design.n_psu
        if cells is None:
            cells = np.zeros(design.n, dtype=np.int64)
        cells = np.asarray(cells, dtype=np.int64)
        inside = (cells >= 0) & (cells < n_cells)
        self.n_cells = n_cells
        size = n_cells * p
        # Many cells times many PSUs (a grouping by stratum, or no PSU column so that each
        # child is a PSU) would make the dense tables grow as groups x rows; the sums are
        # then kept sparse, with at most one entry per observation. Tables no larger than
        # the data's own columns stay dense: at 10^7 children in 500,000 PSUs the dense
        # sums take 40% of the sparse ones' time for the same figures and memory.
        self.sparse = size > max(self.DENSE_LIMIT, design.n)
        if inside.all():
            cell_of, psu_of = cells, design.psu
            w = design.weights
        else:
            cell_of, psu_of = cells[inside], design.psu[inside]
            w = design.weights[inside]
        if self.sparse:
            from scipy import sparse

            def table(weights=None):
                data = np.ones(cell_of.size) if weights is None else weights
                out = sparse.csr_matrix((data, (cell_of, psu_of)), shape=(n_cells, p))
                out.sum_duplicates()
                return out
        else:
            idx = cell_of * p + psu_of

            def table(weights=None):
                return np.bincount(idx, weights=weights, minlength=size).reshape(n_cells, p)

        self.w = table(w)
        self.count = table()
        positive = w > 0
        if positive.all():
            self.count_pos = self.count
        elif self.sparse:
            self.count_pos = table(positive.astype(np.float64))
        else:
            self.count_pos = np.bincount(idx[positive], minlength=size).reshape(n_cells, p)
        self.wy = []
        self.wyy = []
        for y in ys:
            yv = np.asarray(y, dtype=np.float64)
            if not inside.all():
                yv = yv[inside]
            wy = w * yv
            self.wy.append(table(wy))
            binary = bool(np.all((yv == 0) | (yv == 1)))
            if binary:
                self.wyy.append(None)
            else:
                self.wyy.append(table(wy * yv))

    def estimate(
        self,
        membership: np.ndarray,
        variable: int = 0,
        *,
        ci: str = "logit",
        level: float = 0.95,
        df: str = "domain",
        labels: list | None = None,
    ) -> DomainEstimates:
        """Means (proportions) and totals for the domains given as a D x cells 0/1 matrix.

        ``df`` is ``"domain"`` (R's subset-design degrees of freedom) or ``"design"``
        (PSUs minus strata of the whole design); see the module text.
        """
        if df not in ("domain", "design"):
            raise MeasureInputError("df_option_unknown",
                                    "df must be 'domain' or 'design'; got %(value)r", value=df)
        if self.sparse:
            return self._estimate_sparse(membership, variable, ci=ci, level=level, df=df,
                                         labels=labels)
        if hasattr(membership, "toarray"):
            membership = membership.toarray()
        m = np.atleast_2d(np.asarray(membership, dtype=np.float64))
        design = self.design
        wd = m @ self.w
        wyd = m @ self.wy[variable]
        population = wd.sum(axis=1)
        total = wyd.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = total / population
            z = (wyd - mean[:, None] * wd) / population[:, None]
        var = stratified_variance(design, np.nan_to_num(z))
        var_total = stratified_variance(design, wyd)
        var[population == 0] = np.nan
        n = (m @ self.count).sum(axis=1).astype(np.int64)
        pos = m @ self.count_pos
        nobs = pos.sum(axis=1)
        if df == "design":
            dof = np.full(mean.shape, design.degf(), dtype=np.int64)
        else:
            dof = _domain_df(design, pos > 0)
        wyy = self.wyy[variable]
        with np.errstate(divide="ignore", invalid="ignore"):
            if wyy is None:
                s2 = mean * (1.0 - mean)
            else:
                s2 = (m @ wyy).sum(axis=1) / population - mean * mean
            s2 = s2 * nobs / (nobs - 1.0)
            vsrs = s2 * (population - nobs) / (population * nobs)
            deff = np.where(population < nobs, np.nan, var / vsrs)
        se = np.sqrt(var)
        lo, hi = proportion_ci(mean, var, dof, n, method=ci, level=level)
        return DomainEstimates(
            estimate=mean,
            se=se,
            ci_low=lo,
            ci_high=hi,
            df=dof,
            deff=deff,
            n=n,
            population=population,
            total=total,
            total_se=np.sqrt(var_total),
            ci_method=_CI_ALIASES.get(ci, ci),
            level=level,
            labels=list(labels or []),
        )


    def _estimate_sparse(self, membership, variable: int, *, ci: str, level: float, df: str,
                         labels) -> DomainEstimates:
        """:meth:`estimate` on sparse sums: the same figures, in memory that follows the
        observations (each domain keeps only the PSUs holding its members)."""
        from scipy import sparse

        m = sparse.csr_matrix(membership if sparse.issparse(membership)
                              else np.atleast_2d(np.asarray(membership, dtype=np.float64)))
        design = self.design

        def cell_sums(t):
            return np.asarray(t.sum(axis=1)).ravel()

        population = m @ cell_sums(self.w)
        total = m @ cell_sums(self.wy[variable])
        n = np.rint(m @ cell_sums(self.count)).astype(np.int64)
        nobs = m @ cell_sums(self.count_pos)
        wd = m @ self.w
        wyd = m @ self.wy[variable]
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = total / population
            inverse = np.where(population > 0, 1.0 / population, 0.0)
        z = sparse.diags(inverse) @ (wyd - sparse.diags(np.nan_to_num(mean)) @ wd)
        z.data = np.nan_to_num(z.data)
        del wd
        var = sparse_stratified_variance(design, z)
        del z
        var_total = sparse_stratified_variance(design, wyd)
        del wyd
        var[population == 0] = np.nan
        if df == "design":
            dof = np.full(mean.shape, design.degf(), dtype=np.int64)
        else:
            dof = _sparse_domain_df(design, m @ self.count_pos)
        wyy = self.wyy[variable]
        with np.errstate(divide="ignore", invalid="ignore"):
            if wyy is None:
                s2 = mean * (1.0 - mean)
            else:
                s2 = (m @ cell_sums(wyy)) / population - mean * mean
            s2 = s2 * nobs / (nobs - 1.0)
            vsrs = s2 * (population - nobs) / (population * nobs)
            deff = np.where(population < nobs, np.nan, var / vsrs)
        se = np.sqrt(var)
        lo, hi = proportion_ci(mean, var, dof, n, method=ci, level=level)
        return DomainEstimates(
            estimate=mean, se=se, ci_low=lo, ci_high=hi, df=dof, deff=deff, n=n,
            population=population, total=total, total_se=np.sqrt(var_total),
            ci_method=_CI_ALIASES.get(ci, ci), level=level, labels=list(labels or []),
        )


def proportion_ci(
    p: np.ndarray,
    var: np.ndarray,
    df: np.ndarray,
    n: np.ndarray,
    *,
    method: str = "logit",
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence interval for proportions, as R's ``svyciprop``.

    ``"logit"``: ``expit(logit(p) +- t_{df} * se / (p (1 - p)))`` (``method="logit"``).
    ``"korn-graubard"``: ``method="beta"``, the Korn and Graubard (1998, *Survey
    Methodology* 24:193-201) interval from Clopper-Pearson with the effective sample size
    ``p (1 - p) / var`` scaled by ``(t_{n-1} / t_{df})^2``.

    When the estimate is exactly 0 or 1 (no sampling variance) R returns NaN; here the
    Korn-Graubard interval with the effective size set to ``n`` (Clopper-Pearson) is used
    for both methods so that a domain without any case still gets a usable upper bound.
    Degrees of freedom below one give NaN, as in R.
    """
    method = _CI_ALIASES.get(method)
    if method is None:
        raise MeasureInputError("ci_method_unknown", "CI method must be one of %(choices)s",
                                choices=", ".join(CI_METHODS))
    p = np.asarray(p, dtype=np.float64)
    var = np.asarray(var, dtype=np.float64)
    df = np.asarray(df, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    alpha = 1.0 - level
    with np.errstate(divide="ignore", invalid="ignore"):
        t_df = np.where(df >= 1, t_quantile(np.maximum(df, 1), 1 - alpha / 2), np.nan)
        degenerate = (var <= 0) | (p <= 0) | (p >= 1)
        if method == "korn-graubard" or degenerate.any():
            # The incomplete beta inverse is needed only here: scipy.special is imported
            # (about a third of a second) only for a run that uses it.
            from scipy import special

            n_eff = np.where(degenerate, n, p * (1 - p) / var)
            t_n = np.where(n >= 2, t_quantile(np.maximum(n - 1, 1), 1 - alpha / 2), np.nan)
            n_eff = np.where(degenerate, n_eff, n_eff * (t_n / t_df) ** 2)
            a = n_eff * p
            b = n_eff * (1 - p)
            kg_lo = np.where(p <= 0, 0.0, special.betaincinv(a, b + 1, alpha / 2))
            kg_hi = np.where(p >= 1, 1.0, special.betaincinv(a + 1, b, 1 - alpha / 2))
            kg_lo = np.where(np.isnan(df) | (df < 1), np.nan, kg_lo)
            kg_hi = np.where(np.isnan(df) | (df < 1), np.nan, kg_hi)
        else:
            kg_lo = kg_hi = np.full(p.shape, np.nan)
        if method == "korn-graubard":
            return kg_lo, kg_hi
        half = t_df * np.sqrt(var) / (p * (1 - p))
        eta = np.log(p / (1 - p))
        lo = 1.0 / (1.0 + np.exp(half - eta))
        hi = 1.0 / (1.0 + np.exp(-eta - half))
    return np.where(degenerate, kg_lo, lo), np.where(degenerate, kg_hi, hi)


def t_quantile(df, q: float) -> np.ndarray:
    """Quantile ``q`` (0.5 < q < 1) of Student's t with ``df`` degrees of freedom (>= 1).

    Newton's method on the t distribution function, written with the regularised
    incomplete beta function (continued fraction, :func:`_beta_inc`), from the normal
    quantile; agrees with ``scipy.special.stdtrit`` to about 1e-12 (tested). Each distinct
    ``df`` is solved once, so the cost does not grow with the number of domains.
    """
    import math
    from statistics import NormalDist

    df = np.asarray(df, dtype=np.float64)
    out = np.full(df.shape, np.nan)
    tail = 1.0 - q
    z = NormalDist().inv_cdf(q)
    # a handful of distinct values: a set, not np.unique (which imports numpy.ma)
    for nu in sorted(set(df[np.isfinite(df)].tolist())):
        if nu < 1:
            continue
        if nu == 1:
            t = math.tan(math.pi * (q - 0.5))
        elif nu == 2:
            t = (2 * q - 1) * math.sqrt(2 / (4 * q * (1 - q)))
        else:
            # Hill's (1970) expansion about the normal quantile: to about 1e-15 above
            # 1,000 degrees of freedom, otherwise the start of Newton's method on the upper
            # tail 0.5 * I_x(nu/2, 1/2), x = nu / (nu + t^2).
            g1 = (z**3 + z) / 4
            g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
            g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
            g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
            t = z + g1 / nu + g2 / nu**2 + g3 / nu**3 + g4 / nu**4
            if nu > 1000:
                out[df == nu] = t
                continue
            log_c = (math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)
                     - 0.5 * math.log(nu * math.pi))
            for _ in range(50):
                upper = 0.5 * _beta_inc(nu / 2, 0.5, nu / (nu + t * t))
                density = math.exp(log_c - (nu + 1) / 2 * math.log1p(t * t / nu))
                step = (upper - tail) / density
                t += step
                if abs(step) <= 1e-15 * abs(t):
                    break
        out[df == nu] = t
    return out


def _beta_inc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta ``I_x(a, b)`` by its continued fraction (modified Lentz)."""
    import math

    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x > (a + 1) / (a + b + 2):
        return 1.0 - _beta_inc(b, a, 1.0 - x)
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x)
                 + b * math.log1p(-x))
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    f = d
    for m in range(1, 10_000):
        # even step
        num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1.0 + num * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + num / c
        c = c if abs(c) > tiny else tiny
        f *= c * d
        # odd step
        num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 + num * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + num / c
        c = c if abs(c) > tiny else tiny
        delta = c * d
        f *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return math.exp(log_front) * f / a


# ---------------------------------------------------------------------------------------------
# R-style entry points
# ---------------------------------------------------------------------------------------------


def _prepare_y(y, design: SurveyDesign, name: str = "y") -> np.ndarray:
    yv = _float_column(y, name, allow_missing=True)
    _check_length(yv, design.n, name)
    if np.isnan(yv).any():
        raise SurveyDesignError("variable_missing", "variable %(column)r is missing at %(rows)s",
                                column=name, **row_params(np.isnan(yv)))
    return yv


def _domain_cells(design: SurveyDesign, domain) -> tuple[np.ndarray | None, int]:
    if domain is None:
        return None, 1
    mask = np.asarray(domain, dtype=bool)
    _check_length(mask, design.n, "domain")
    return np.where(mask, 0, 1).astype(np.int64), 1


def svymean(
    y, design: SurveyDesign, *, domain=None, ci: str = "logit", level: float = 0.95
) -> SvyStat:
    """Weighted mean of ``y`` (in ``domain`` if given) with its linearised SE and deff.

    ``deff`` is R's ``svymean(..., deff=TRUE)``: the design variance over the variance of
    simple random sampling without replacement of the same size,
    ``s^2 (N - n) / (N n)`` with ``s^2`` the weighted variance times ``n / (n - 1)``.
    The interval is that of :func:`proportion_ci` (meaningful for 0/1 variables).
    """
    cells, k = _domain_cells(design, domain)
    totals = CellTotals(design, [_prepare_y(y, design)], cells, k)
    return SvyStat._from(totals.estimate(np.ones((1, 1)), ci=ci, level=level))


def svytotal(y, design: SurveyDesign, *, domain=None) -> SvyStat:
    """Weighted total of ``y`` (in ``domain`` if given) with its linearised SE."""
    cells, k = _domain_cells(design, domain)
    totals = CellTotals(design, [_prepare_y(y, design)], cells, k)
    return SvyStat._from(totals.estimate(np.ones((1, 1))), total=True)


def svyciprop(
    y, design: SurveyDesign, *, domain=None, method: str = "logit", level: float = 0.95
) -> SvyStat:
    """Proportion of a 0/1 variable with a logit or Korn-Graubard interval (R's svyciprop)."""
    return svymean(y, design, domain=domain, ci=method, level=level)


def svyby(
    y,
    by,
    design: SurveyDesign,
    *,
    ci: str = "logit",
    level: float = 0.95,
    df: str = "domain",
    by_names: Sequence[str] | None = None,
) -> DomainEstimates:
    """Estimates for every combination of the grouping variables in ``by`` (R's ``svyby``).

    ``by`` is one array or a sequence of arrays. Missing labels (NaN/None) place the
    observation outside every group, as R drops them. ``df="domain"`` reproduces
    ``svyciprop`` on a subset design (PSUs and strata holding domain members);
    ``df="design"`` uses the full-design degrees of freedom for every domain.
    """
    yv = _prepare_y(y, design)
    if isinstance(by, np.ndarray) and by.ndim == 1:
        by = [by]
    by = [np.asarray(b) for b in by]
    names = list(by_names or [f"by{i + 1}" for i in range(len(by))])
    codes = np.zeros(design.n, dtype=np.int64)
    missing = np.zeros(design.n, dtype=bool)
    all_labels = []
    for b in by:
        _check_length(b, design.n, "by")
        miss = _label_missing(b)
        missing |= miss
        c, labels = dense_codes(np.where(miss, b[~miss][0] if (~miss).any() else 0, b)
                                if miss.any() else b)
        codes = codes * labels.size + c
        all_labels.append(labels)
    cell_codes, groups = dense_codes(np.where(missing, -1, codes))
    # ``groups`` are sorted, with -1 (a missing label) first if any.
    offset = 1 if missing.any() else 0
    cells = cell_codes - offset
    n_cells = int(groups.size) - offset
    groups = groups[offset:]
    labels = []
    for g in groups:
        parts = []
        rem = int(g)
        for labs in reversed(all_labels):
            parts.append(_py(labs[rem % labs.size]))
            rem //= labs.size
        labels.append(dict(zip(names, reversed(parts), strict=True)))
    totals = CellTotals(design, [yv], cells, n_cells)
    return totals.estimate(np.eye(n_cells), ci=ci, level=level, df=df, labels=labels)
