"""Multiple systems estimation of a hidden population (e.g. victims of trafficking).

Several lists of identified victims (police, NGOs, social services...) give the number of people
on each combination of lists. A log-linear Poisson model of this incomplete 2^k table (the cell
of people on no list is missing) is fitted to the observed cells; the model's value for the
missing cell, exp(intercept), estimates the people on no list, and the population is the
observed total plus that figure.

Models run from the independence model (main effects only) to models with two-list
interactions, chosen by stepwise selection on a p-value threshold (as in Silverman 2014,
*Modern Slavery: an application of Multiple Systems Estimation*, Home Office) or by BIC. A model is
refused when its maximum-likelihood estimate does not exist (a linear program on the observed
margins, Fienberg & Rinaldo 2012; Chan, Silverman & Vincent 2021) or is not identifiable
(design matrix not of full column rank). Intervals are by profile likelihood of the intercept.

The fit is statsmodels' Poisson GLM. Heavy imports happen inside functions so that
``target87 measure --help`` stays fast.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path

from target87.measure.cli import MeasureInputError

MODELS = ("independence", "stepwise", "bic")
DEFAULT_THRESHOLD = 0.05
CONFIDENCE = 0.95


class MSEInputError(MeasureInputError, ValueError):
    """A list-overlap table or a model the estimator cannot use, said so the user can fix it."""


@dataclass(frozen=True)
class OverlapTable:
    """Counts per combination of lists: ``cells[pattern] = count``, pattern a tuple of 0/1."""

    lists: tuple[str, ...]
    cells: dict[tuple[int, ...], int]

    @property
    def observed(self) -> int:
        return sum(self.cells.values())

    def list_total(self, i: int) -> int:
        return sum(c for p, c in self.cells.items() if p[i])

    def overlap(self, i: int, j: int) -> int:
        return sum(c for p, c in self.cells.items() if p[i] and p[j])


@dataclass
class MSEResult:
    observed: int
    estimate: float
    unobserved: float
    ci_low: float
    ci_high: float
    method: str
    terms: list[str]
    lists: list[str]
    confidence: float = CONFIDENCE
    threshold: float | None = None
    chapman: float | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        out = {
            "observed": self.observed,
            "estimate": self.estimate,
            "unobserved": self.unobserved,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "confidence": self.confidence,
            "method": self.method,
            "terms": list(self.terms),
            "lists": list(self.lists),
        }
        if self.threshold is not None:
            out["threshold"] = self.threshold
        if self.chapman is not None:
            out["chapman"] = self.chapman
        out.update(self.extra)
        return out


# --- reading -----------------------------------------------------------------------------------

def read_overlap_csv(path: str | Path) -> OverlapTable:
    """Read a CSV with one 0/1 column per list and a ``count`` column.

    Rows with the same combination of lists are added together. Errors name the file, the
    line and the column.
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except OSError as exc:
        raise MSEInputError("mse_file_unreadable", "%(file)s: cannot be read (%(reason)s)",
                            file=str(path), reason=exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise MSEInputError("mse_file_not_utf8", "%(file)s: is not UTF-8 text",
                            file=str(path)) from None
    return _overlap_rows(rows, str(path))


def read_overlap_text(text: str, source: str = "table") -> OverlapTable:
    """Read the CSV text of an overlap table (an uploaded file, say); errors name ``source``
    as the file."""
    return _overlap_rows(list(csv.reader(io.StringIO(text.lstrip("\ufeff")))), source)


def _overlap_rows(rows: list[list[str]], source: str) -> OverlapTable:
    rows = [r for r in rows if any(v.strip() for v in r)]
    if not rows:
        raise MSEInputError("mse_empty_table", "%(file)s: the table is empty", file=source)
    header = [h.strip() for h in rows[0]]
    return overlap_table(header, rows[1:], source=source)


def overlap_table(header: list[str], rows: list[list], source: str = "table") -> OverlapTable:
    """Check and collect rows (values as given in a CSV, line numbers counted from the header
    as line 1)."""
    if "count" not in header:
        raise MSEInputError("mse_count_missing", "%(file)s: no column named 'count'",
                            file=source)
    count_at = header.index("count")
    lists = [h for i, h in enumerate(header) if i != count_at]
    for i, name in enumerate(lists):
        if not name:
            raise MSEInputError("mse_list_unnamed", "%(file)s: list column %(position)s has no "
                                "name", file=source, position=i + 1)
    if len(set(lists)) != len(lists):
        dup = next(n for n in lists if lists.count(n) > 1)
        raise MSEInputError("mse_list_repeated", "%(file)s: column %(column)r appears twice",
                            file=source, column=dup)
    if len(lists) < 2:
        raise MSEInputError("mse_too_few_lists", "%(file)s: needs at least two list columns "
                            "besides 'count', found %(found)s", file=source, found=len(lists))
    if not rows:
        raise MSEInputError("mse_no_rows", "%(file)s: the table has no rows", file=source)
    list_at = [i for i in range(len(header)) if i != count_at]
    cells: dict[tuple[int, ...], int] = {}
    for n, row in enumerate(rows, start=2):
        row = [str(v).strip() for v in row] + [""] * (len(header) - len(row))
        if len(row) > len(header):
            raise MSEInputError("mse_row_too_long", "%(file)s, line %(line)s: more values than "
                                "columns", file=source, line=n)
        pattern = []
        for i in list_at:
            if row[i] not in ("0", "1"):
                raise MSEInputError("mse_list_not_binary", "%(file)s, line %(line)s, column "
                                    "%(column)r: expected 0 or 1, got %(value)r",
                                    file=source, line=n, column=header[i], value=row[i])
            pattern.append(int(row[i]))
        text = row[count_at]
        try:
            value = float(text)
        except ValueError:
            raise MSEInputError("mse_count_not_number", "%(file)s, line %(line)s, column "
                                "'count': expected a whole number, got %(value)r",
                                file=source, line=n, value=text) from None
        if not math.isfinite(value) or value != int(value):
            raise MSEInputError("mse_count_not_whole", "%(file)s, line %(line)s, column "
                                "'count': expected a whole number, got %(value)r",
                                file=source, line=n, value=text)
        if value < 0:
            raise MSEInputError("mse_count_negative", "%(file)s, line %(line)s, column "
                                "'count': a count cannot be negative, got %(value)r",
                                file=source, line=n, value=text)
        key = tuple(pattern)
        if not any(key):
            raise MSEInputError("mse_row_on_no_list", "%(file)s, line %(line)s: a row on no "
                                "list is the figure to estimate and cannot be given",
                                file=source, line=n)
        cells[key] = cells.get(key, 0) + int(value)
    if sum(cells.values()) == 0:
        raise MSEInputError("mse_all_zero", "%(file)s: every count is zero", file=source)
    for i, name in enumerate(lists):
        if not any(c for p, c in cells.items() if p[i]):
            raise MSEInputError("mse_list_empty", "%(file)s, column %(column)r: nobody is on "
                                "this list", file=source, column=name)
    return OverlapTable(tuple(lists), cells)


# --- models ------------------------------------------------------------------------------------

def _term_name(table: OverlapTable, pair: tuple[int, int]) -> str:
    return f"{table.lists[pair[0]]}:{table.lists[pair[1]]}"


def _design(table: OverlapTable, pairs):
    """Observed cells (every pattern but the all-zero one, zeros included) and their design."""
    import numpy as np

    k = len(table.lists)
    patterns = [p for p in itertools.product((0, 1), repeat=k) if any(p)]
    y = np.array([table.cells.get(p, 0) for p in patterns], dtype=float)
    cols = [np.ones(len(patterns))]
    cols += [np.array([p[i] for p in patterns], dtype=float) for i in range(k)]
    cols += [np.array([p[i] * p[j] for p in patterns], dtype=float) for i, j in pairs]
    return y, np.column_stack(cols)


def check_model(table: OverlapTable, pairs) -> None:
    """Refuse a model whose MLE does not exist or is not identifiable, naming the lists.

    Existence: the MLE exists iff some strictly positive table has the same sufficient
    statistics X'y as the data (Fienberg & Rinaldo 2012); the linear program maximises the
    smallest cell of such a table, and a zero optimum means the estimate is infinite/undefined.
    """
    import numpy as np
    from scipy.optimize import linprog

    y, x = _design(table, pairs)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise MSEInputError("mse_not_identifiable", "model %(terms)s: its parameters are not "
                            "identifiable from these lists (more terms than the table can "
                            "separate)", terms=_terms(table, pairs))
    m = len(y)
    # variables: z_1..z_m, t; maximise t s.t. X'z = X'y, z_i - t >= 0, 0 <= t <= 1
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_eq = np.hstack([x.T, np.zeros((x.shape[1], 1))])
    a_ub = np.hstack([-np.eye(m), np.ones((m, 1))])
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(m), A_eq=a_eq, b_eq=x.T @ y,
                  bounds=[(0, None)] * m + [(0, 1)], method="highs")
    if res.status == 0 and -res.fun > 1e-9:
        return
    empty = [(i, j) for i, j in pairs if table.overlap(i, j) == 0]
    if not empty:
        k = len(table.lists)
        empty = [(i, j) for i in range(k) for j in range(i + 1, k) if table.overlap(i, j) == 0]
    if empty:
        names = ", ".join(f"{table.lists[i]} and {table.lists[j]}" for i, j in empty)
        raise MSEInputError("mse_estimate_not_exist", "model %(terms)s: the estimate does not "
                            "exist (it is infinite or undefined) because nobody is on both "
                            "%(lists)s", terms=_terms(table, pairs), lists=names)
    raise MSEInputError("mse_estimate_not_exist_overlaps", "model %(terms)s: the estimate does "
                        "not exist (it is infinite or undefined) for these overlaps",
                        terms=_terms(table, pairs))


def _terms(table: OverlapTable, pairs) -> str:
    return "+".join(list(table.lists) + [_term_name(table, p) for p in pairs])


def _fit(table: OverlapTable, pairs, offset_intercept: float | None = None):
    """Poisson GLM fit; with ``offset_intercept`` the intercept is held at that value."""
    import warnings

    import statsmodels.api as sm

    y, x = _design(table, pairs)
    # A saturated model (no residual degrees of freedom) is legitimate here, but statsmodels
    # warns about its scale and "perfect prediction"; existence is checked by check_model.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if offset_intercept is None:
            model = sm.GLM(y, x, family=sm.families.Poisson())
        else:
            model = sm.GLM(y, x[:, 1:], family=sm.families.Poisson(),
                           offset=[offset_intercept] * len(y))
        return model.fit(tol=1e-12, maxiter=200)


def _passes(table, pairs) -> bool:
    try:
        check_model(table, pairs)
    except MSEInputError:
        return False
    return True


def _candidates(table, chosen):
    k = len(table.lists)
    return [p for p in itertools.combinations(range(k), 2) if p not in chosen]


def stepwise_pairs(table: OverlapTable, threshold: float = DEFAULT_THRESHOLD):
    """Stepwise selection of Bales, Hesketh & Silverman (Silverman 2014): among the two-list
    interactions not yet in the model, take the one that lowers AIC most; add it while it does
    lower AIC and its coefficient's p-value (Wald test of the Poisson GLM) is below
    ``threshold``. Only models whose estimate exists and is identifiable are tried (as in
    Chan, Silverman & Vincent 2021); the original implementation (MSEfit of the R package
    modslavmse) also tries the others, and stops when one of them lowers AIC most, so on
    tables with lists that have nobody in common the two can choose different models.
    """
    chosen: list[tuple[int, int]] = []
    current = _fit(table, chosen)
    while True:
        best = None
        for pair in _candidates(table, chosen):
            if not _passes(table, chosen + [pair]):
                continue
            trial = _fit(table, chosen + [pair])
            if best is None or trial.aic < best[0].aic:
                best = (trial, pair)
        if best is None or not best[0].aic < current.aic:
            return chosen
        if not float(best[0].pvalues[-1]) < threshold:
            return chosen
        current = best[0]
        chosen.append(best[1])


def _bic(table, fit) -> float:
    # n = number of people observed, the sample size of the capture-recapture experiment
    return -2.0 * fit.llf + len(fit.params) * math.log(table.observed)


def bic_pairs(table: OverlapTable):
    """Forward search on BIC: add the interaction that lowers BIC most while one does."""
    chosen: list[tuple[int, int]] = []
    current = _bic(table, _fit(table, chosen))
    while True:
        best = None
        for pair in _candidates(table, chosen):
            trial = chosen + [pair]
            if not _passes(table, trial):
                continue
            b = _bic(table, _fit(table, trial))
            if best is None or b < best[0]:
                best = (b, pair)
        if best is None or not best[0] < current:
            return chosen
        current = best[0]
        chosen.append(best[1])


def profile_interval(table: OverlapTable, pairs, confidence: float = CONFIDENCE):
    """Profile-likelihood interval for the intercept (log of the people on no list)."""
    from scipy.optimize import brentq
    from scipy.stats import chi2

    fit = _fit(table, pairs)
    b0, se = float(fit.params[0]), float(fit.bse[0])
    cut = chi2.ppf(confidence, 1) / 2.0

    def drop(b):
        return fit.llf - _fit(table, pairs, offset_intercept=b).llf - cut

    ends = []
    for sign in (-1.0, 1.0):
        step = max(se, 1e-3)
        far = b0 + sign * step
        for _ in range(60):
            if drop(far) > 0:
                break
            step *= 2
            far = b0 + sign * step
        else:
            raise MSEInputError("mse_interval_unbounded", "model %(terms)s: the %(side)s end "
                                "of the interval is unbounded", terms=_terms(table, pairs),
                                side="lower" if sign < 0 else "upper")
        ends.append(brentq(drop, min(b0, far), max(b0, far), xtol=1e-10))
    return ends[0], ends[1]


def bootstrap_interval(table: OverlapTable, pairs, replicates: int, seed: int,
                       confidence: float = CONFIDENCE, progress=None):
    """Parametric bootstrap: draw every observed cell from Poisson(fitted count), refit the
    same model and take the percentile interval of observed* + exp(intercept*).

    Replicates whose estimate does not exist (a needed overlap drawn as zero) are left out and
    counted, so a reader sees how fragile the model is. Returns (low, high, used, left_out).
    ``progress(fraction)``, if given, is called as replicates are done.
    """
    import numpy as np

    if replicates < 1:
        raise MSEInputError("mse_bootstrap_too_few", "bootstrap: expected at least 1 "
                            "replicate, got %(value)s", value=replicates)
    fitted = np.asarray(_fit(table, pairs).fittedvalues)
    k = len(table.lists)
    patterns = [p for p in itertools.product((0, 1), repeat=k) if any(p)]
    rng = np.random.default_rng(seed)
    totals = []
    left_out = 0
    step = max(1, replicates // 50)
    for i in range(replicates):
        if progress is not None and i % step == 0:
            progress(i / replicates)
        draw = rng.poisson(fitted)
        cells = {p: int(c) for p, c in zip(patterns, draw, strict=True) if c}
        sample = OverlapTable(table.lists, cells)
        if not _passes(sample, pairs):
            left_out += 1
            continue
        totals.append(sample.observed + math.exp(float(_fit(sample, pairs).params[0])))
    if not totals:
        raise MSEInputError("mse_bootstrap_no_estimate", "bootstrap: no replicate had an "
                            "estimate for model %(terms)s", terms=_terms(table, pairs))
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(totals, [tail, 100 - tail])
    return float(low), float(high), len(totals), left_out


def estimate(table: OverlapTable, model: str = "stepwise",
             threshold: float = DEFAULT_THRESHOLD, confidence: float = CONFIDENCE,
             bootstrap: int = 0, seed: int = 0, progress=None) -> MSEResult:
    """Estimate the population from an overlap table with the chosen model selection; with
    ``bootstrap`` replicates, also a parametric-bootstrap interval for the chosen model.

    ``progress(fraction, message)``, if given, is told how far the work has gone (for a
    background job)."""
    def say(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    if model not in MODELS:
        raise MSEInputError("mse_model_unknown", "model %(model)r: expected one of %(models)s",
                            model=model, models=", ".join(MODELS))
    if not 0 < threshold < 1:
        raise MSEInputError("mse_threshold_out_of_range", "threshold %(value)s: expected a "
                            "p-value between 0 and 1", value=threshold)
    say(0.05, "checking the independence model")
    check_model(table, [])
    say(0.1, "choosing the model")
    if model == "independence":
        pairs = []
    elif model == "stepwise":
        pairs = stepwise_pairs(table, threshold)
    else:
        pairs = bic_pairs(table)
    check_model(table, pairs)
    say(0.3, "fitting the chosen model")
    fit = _fit(table, pairs)
    unobserved = math.exp(float(fit.params[0]))
    say(0.35, "profile-likelihood interval")
    lo, hi = profile_interval(table, pairs, confidence)
    observed = table.observed
    chapman = None
    if len(table.lists) == 2:
        n1, n2, m = table.list_total(0), table.list_total(1), table.overlap(0, 1)
        chapman = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    extra = {}
    if bootstrap:
        say(0.4, "parametric bootstrap")
        b_low, b_high, used, left_out = bootstrap_interval(
            table, pairs, bootstrap, seed, confidence,
            progress=lambda f: say(0.4 + 0.6 * f, "parametric bootstrap"))
        extra = {"bootstrap_low": b_low, "bootstrap_high": b_high,
                 "bootstrap_replicates": used, "bootstrap_left_out": left_out,
                 "bootstrap_seed": seed}
    return MSEResult(
        observed=observed,
        estimate=observed + unobserved,
        unobserved=unobserved,
        ci_low=observed + math.exp(lo),
        ci_high=observed + math.exp(hi),
        method=model,
        terms=list(table.lists) + [_term_name(table, p) for p in pairs],
        lists=list(table.lists),
        confidence=confidence,
        threshold=threshold if model == "stepwise" else None,
        chapman=chapman,
        extra=extra,
    )
