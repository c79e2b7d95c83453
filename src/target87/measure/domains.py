"""What the survey-microdata estimators (child labour, forced labour) share: checking the
domain options, labelling group codes, building the sampling design, the 0/1 matrix of
domains over cells and the rows of estimates.

Each estimator classifies its own population and lays out its own cells (sex x age group,
and each ``by`` column's labels x those cells); a domain is a union of cells, and the rows
come out of :class:`target87.measure.survey.CellTotals` the same way for both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from target87.measure import survey
from target87.measure.readers import Table

CI_METHODS = ("logit", "korn-graubard", "beta")
_DENSE_MEMBERSHIP = 1_000_000


def as_number(code):
    """A group code as it is written: ``2.0`` and ``"2"`` are ``2``; text stays text."""
    try:
        f = float(code)
    except (TypeError, ValueError):
        return code
    return int(f) if f.is_integer() else f


@dataclass(kw_only=True)
class DomainResult:
    """Rows of estimates by domain, with the design and options that produced them; the
    estimators add their definition and columns."""

    rows: list[dict]
    design: dict
    group_columns: list[str]
    value_labels: dict[str, dict]
    notes: list[str]
    ci_method: str
    level: float
    df_method: str = "domain"
    by_cross: list[str] = field(default_factory=lambda: ["sex", "age_group"])

    def label(self, column: str, code) -> str | None:
        """The file's value label of ``code`` in ``column``, if it has one."""
        labels = self.value_labels.get(column) or {}
        for key in (code, as_number(code)):
            if key in labels:
                return str(labels[key])
        return None

    def design_metadata(self, df_descriptions: Mapping[str, str]) -> dict:
        """The design, interval and grouping part of a result's metadata."""
        return {
            "design": self.design,
            "ci_method": self.ci_method,
            "level": self.level,
            "df_method": self.df_method,
            "df_description": df_descriptions.get(self.df_method, ""),
            "by_cross": self.by_cross,
        }


def check_options(error, *, ci: str, df: str, df_methods: Sequence[str], by: Sequence[str],
                  by_cross: Sequence[str] | str, crosses: Sequence[str],
                  reserved: Sequence[str]) -> tuple[list[str], list[str]]:
    """Check the interval method, the degrees of freedom and the grouping options; return
    ``(by, by_cross)`` without repeats. ``error`` is the estimator's input-error class."""
    if ci not in CI_METHODS:
        raise error("ci_unknown", "ci must be logit or korn-graubard", value=ci)
    if df not in df_methods:
        raise error("df_unknown", "df must be one of %(choices)s; got %(value)r",
                    choices=", ".join(df_methods), value=df)
    if isinstance(by_cross, str):
        by_cross = by_cross.split(",")
    by_cross = [c.strip() for c in by_cross]
    by_cross = [c for c in dict.fromkeys(by_cross) if c and c != "none"]
    unknown = [c for c in by_cross if c not in crosses]
    if unknown:
        raise error("by_cross_unknown", "by_cross %(value)r is not one of %(choices)s (or none)",
                    value=unknown[0], choices=", ".join(crosses))
    by = [b for b in dict.fromkeys(by) if b]
    clash = [b for b in by if b in reserved]
    if clash:
        raise error("by_column_clash", "--by column name %(column)r clashes with an output column",
                    column=clash[0])
    return by, by_cross


def design(table: Table, weights: np.ndarray, *, weight: str | None, psu: str | None,
           strata: str | None, fpc: np.ndarray | None, fpc_name: str | None, lonely_psu: str):
    """The stratified cluster design of the table's columns (names kept for messages)."""
    return survey.svydesign(
        weights,
        ids=table[psu] if psu else None,
        strata=table[strata] if strata else None,
        fpc=fpc,
        lonely_psu=lonely_psu,
        names={"weights": weight or "", "ids": psu or "", "strata": strata or "",
               "fpc": fpc_name or ""},
    )


def group_codes(values: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, list]:
    """Codes ``0..k-1`` for present labels; ``k`` for missing or outside ``mask``."""
    miss = survey._label_missing(values) | ~mask
    if miss.all():
        return np.zeros(values.shape, dtype=np.int64), []
    filler = values[np.flatnonzero(~miss)[0]]
    codes, labels = survey.dense_codes(np.where(miss, filler, values))
    codes = np.where(miss, labels.size, codes)
    # Labels never seen among counted persons are dropped (dense codes stay valid).
    used = np.bincount(codes, minlength=labels.size + 1)[: labels.size] > 0
    if not used.all():
        remap = np.cumsum(used) - 1
        codes = np.where(codes < labels.size, remap[np.minimum(codes, labels.size - 1)],
                         int(used.sum()))
        labels = labels[used]
    return codes, [as_number(survey._py(v)) for v in labels]


def membership(domains: Sequence[Sequence[int]], n_cells: int):
    """A 0/1 matrix with one row per domain marking the cells it is the union of: dense
    while small (no scipy import for the usual run), sparse when domains x cells is large."""
    rows = np.repeat(np.arange(len(domains)), [len(d) for d in domains])
    cols = np.fromiter((c for d in domains for c in d), dtype=np.int64, count=rows.size)
    if len(domains) * n_cells <= _DENSE_MEMBERSHIP:
        out = np.zeros((len(domains), n_cells))
        out[rows, cols] = 1.0
        return out
    from scipy import sparse

    return sparse.csr_matrix((np.ones(rows.size), (rows, cols)),
                             shape=(len(domains), n_cells))


def estimate_rows(blocks, bases: Sequence[str], *, scale: float, ci: str, level: float,
                  df: str, definition_id: str, extra: dict | None = None) -> list[dict]:
    """Rows of estimates for every domain of every block, one per basis (the ``v``-th
    outcome of the block's totals): estimate, SE and interval times ``scale``; ``extra``
    keys end each row."""
    extra = extra or {}
    rows: list[dict] = []
    for block_totals, block_domains, block_cells in blocks:
        # Domains x cells, sparse when large: a grouping with many labels has as many
        # domains as cells, and a dense matrix would grow as their product.
        matrix = membership([m for _, m in block_domains], block_cells)
        for v, b in enumerate(bases):
            est = block_totals.estimate(matrix, v, ci=ci, level=level, df=df)
            for i, (labels_i, _) in enumerate(block_domains):
                rows.append({
                    **labels_i,
                    "basis": b,
                    "estimate": scale * float(est.estimate[i]),
                    "se": scale * float(est.se[i]),
                    "ci_low": scale * float(est.ci_low[i]),
                    "ci_high": scale * float(est.ci_high[i]),
                    "df": int(est.df[i]),
                    "df_method": df,
                    "deff": float(est.deff[i]),
                    "n": int(est.n[i]),
                    "population": float(est.population[i]),
                    "number": float(est.total[i]),
                    "number_se": float(est.total_se[i]),
                    "definition": definition_id,
                    **extra,
                })
    return rows


def value_labels(table: Table, sex: str | None, by: Sequence[str]) -> dict[str, dict]:
    """The file's value labels of the sex column (as ``sex``) and of each ``by`` column."""
    out = {}
    if sex and sex in table.value_labels:
        out["sex"] = table.value_labels[sex]
    for col in by:
        if col in table.value_labels:
            out[col] = table.value_labels[col]
    return out
