"""Forced labour prevalence from survey microdata (ICLS 2018 statistical definition).

Definition (*Guidelines concerning the measurement of forced labour*, 20th International
Conference of Labour Statisticians, Geneva, October 2018): a person is in forced labour
during the reference period when engaged in work that is both **involuntary** (performed
without the free and informed consent of the worker) and performed under **coercion**
(threat or menace of any penalty) applied by an employer or a third party. A survey
measures each dimension with several questions; the mapping of a result says which
columns indicate involuntary work and which indicate coercion, and how the indicators of
one dimension are combined (``any``: one indicator is enough, the default; ``all``: every
indicator present must say yes).

Forced labour of children (persons under 18), as the guidelines define it, does not
require involuntariness: work performed by a child under coercion by a third party (other
than the child's parents), applied to the child or the parents, is forced labour; so is
work of a child whose parents are themselves in forced labour, and work in the worst forms
of child labour that the guidelines list. The default rule for children is therefore
"any coercion indicator", plus any of the optional ``child_indicators`` columns (a
question on parents in forced labour, or on the worst forms). ``child_rule="adult"``
applies the adult rule to children too.

Indicator columns are yes/no questions: numbers (``1`` yes; ``0`` or ``2`` no) or text
(``yes``/``no``, ``y``/``n``, ``true``/``false``, any case). A missing answer counts as no
(the person is not counted in forced labour on that indicator), and every result says how
many answers were missing. Any other value is refused with a message naming the column,
the value and the rows.

Estimates are design-based, with :mod:`target87.measure.survey` (strata, PSUs, weights,
finite population correction, lonely-PSU options, logit or Korn-Graubard intervals, design
effects, domain degrees of freedom as R's ``survey``): prevalence per 1,000 persons and
number of persons in forced labour, overall, by sex, by age group (``0-17`` children,
``18-29``, ``30-49``, ``50+`` and ``18+`` adults) and their cross, and by each ``by``
column (economic sector, type of forced labour...) alone and crossed with sex and with age
group. The definition is stored with every result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from target87.measure import domains as shared
from target87.measure import survey
from target87.measure.cli import MeasureInputError
from target87.measure.domains import DomainResult, group_codes
from target87.measure.readers import Table, read_table
from target87.measure.survey import row_params

CHILD_AGE = 18
AGE_GROUPS: dict[str, tuple[float, float]] = {
    "0-17": (0, 17),
    "18-29": (18, 29),
    "30-49": (30, 49),
    "50+": (50, np.inf),
    "18+": (18, np.inf),
}
_BASIC_GROUPS = ("0-17", "18-29", "30-49", "50+")
BASIS = "forced_labour"
UNIT = "per 1,000"
PER = 1000.0
TOTAL = "total"
CROSSES = ("sex", "age_group")
RULES = ("any", "all")
CHILD_RULES = ("coercion", "adult")
YES_NUMBERS = (1.0,)
NO_NUMBERS = (0.0, 2.0)
YES_WORDS = ("yes", "y", "true", "1")
NO_WORDS = ("no", "n", "false", "0", "2")
DF_DESCRIPTIONS = {
    "domain": "PSUs minus strata among those holding a member of the domain "
              "(R survey: svyciprop/degf on a subset design)",
    "design": "PSUs minus strata of the whole design, the same for every domain",
}

Progress = Callable[[float, str], None]


class ForcedLabourInputError(MeasureInputError, ValueError):
    """Input data or settings that cannot produce a correct forced labour estimate."""


def _columns(value, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    try:
        return tuple(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
    except TypeError:
        raise ForcedLabourInputError(
            "fl_definition_columns_invalid",
            "definition %(key)r must be a list of column names", key=key,
        ) from None


@dataclass(frozen=True)
class ForcedLabourDefinition:
    """Which yes/no columns indicate involuntary work and coercion, and how they combine.

    ``involuntary_rule`` and ``coercion_rule`` are ``"any"`` (one yes is enough, default)
    or ``"all"`` (every indicator column must say yes). ``child_rule`` is ``"coercion"``
    (persons under 18: coercion alone, or any ``child_indicators`` column, as the ICLS 2018
    guidelines define forced labour of children) or ``"adult"`` (the adult rule for all).
    """

    involuntary: tuple[str, ...]
    coercion: tuple[str, ...]
    involuntary_rule: str = "any"
    coercion_rule: str = "any"
    child_rule: str = "coercion"
    child_indicators: tuple[str, ...] = ()
    id: str = "icls-2018"
    title: str = ("Forced labour: involuntary work under coercion (ICLS 2018 Guidelines "
                  "concerning the measurement of forced labour)")

    def __post_init__(self):
        if not self.involuntary:
            raise ForcedLabourInputError(
                "fl_involuntary_required",
                "give at least one column indicating involuntary work (--involuntary)")
        if not self.coercion:
            raise ForcedLabourInputError(
                "fl_coercion_required",
                "give at least one column indicating coercion (--coercion)")
        for key in ("involuntary_rule", "coercion_rule"):
            if getattr(self, key) not in RULES:
                raise ForcedLabourInputError(
                    "fl_rule_unknown", "%(key)s must be one of %(choices)s; got %(value)r",
                    key=key, choices=", ".join(RULES), value=getattr(self, key))
        if self.child_rule not in CHILD_RULES:
            raise ForcedLabourInputError(
                "fl_child_rule_unknown", "child_rule must be one of %(choices)s; got %(value)r",
                choices=", ".join(CHILD_RULES), value=self.child_rule)

    def columns(self) -> list[str]:
        return list(dict.fromkeys([*self.involuntary, *self.coercion, *self.child_indicators]))

    def describe(self) -> str:
        def dim(cols, rule):
            joiner = " or " if rule == "any" else " and "
            return joiner.join(cols)

        text = (f"{self.title}. Adults (18 and over): involuntary work "
                f"({dim(self.involuntary, self.involuntary_rule)}) and coercion "
                f"({dim(self.coercion, self.coercion_rule)}). ")
        if self.child_rule == "coercion":
            extra = f", or {' or '.join(self.child_indicators)}" if self.child_indicators else ""
            text += (f"Children (under 18): coercion "
                     f"({dim(self.coercion, self.coercion_rule)}){extra}.")
        else:
            text += "Children (under 18): the same rule as adults."
        return text

    def to_dict(self) -> dict:
        d = asdict(self)
        for key in ("involuntary", "coercion", "child_indicators"):
            d[key] = list(d[key])
        d["description"] = self.describe()
        return d

    @classmethod
    def from_dict(cls, data: Mapping) -> ForcedLabourDefinition:
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known - {"description"})
        if unknown:
            raise ForcedLabourInputError(
                "fl_definition_keys_unknown",
                "definition: unknown key(s) %(keys)s; known keys are %(known)s",
                keys=", ".join(unknown), known=", ".join(sorted(known)))
        fields = {k: v for k, v in data.items() if k in known}
        for key in ("involuntary", "coercion", "child_indicators"):
            if key in fields:
                fields[key] = _columns(fields[key], key)
        fields.setdefault("involuntary", ())
        fields.setdefault("coercion", ())
        return cls(**fields)


def get_definition(definition: ForcedLabourDefinition | Mapping) -> ForcedLabourDefinition:
    if isinstance(definition, ForcedLabourDefinition):
        return definition
    if isinstance(definition, Mapping):
        return ForcedLabourDefinition.from_dict(definition)
    raise ForcedLabourInputError("fl_definition_invalid",
                                 "the forced labour definition must be a mapping of columns")


@dataclass(frozen=True)
class DesignColumns:
    """The design and grouping columns of a file: all optional.

    No ``weight``: every person weighs 1. No ``psu``: each person is its own PSU. No
    ``age``: no age groups, and everyone is assessed with the adult rule.
    """

    weight: str | None = None
    strata: str | None = None
    psu: str | None = None
    fpc: str | None = None
    age: str | None = None
    sex: str | None = None

    def columns(self) -> list[str]:
        return [c for c in (self.weight, self.strata, self.psu, self.fpc, self.age, self.sex)
                if c]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> DesignColumns:
        unknown = sorted(set(data) - set(cls.__dataclass_fields__))
        if unknown:
            raise ForcedLabourInputError(
                "fl_design_keys_unknown",
                "design: unknown key(s) %(keys)s; known keys are %(known)s",
                keys=", ".join(unknown), known=", ".join(cls.__dataclass_fields__))
        return cls(**{k: (v or None) for k, v in data.items()})


# ---------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------


def yes_no(table: Table, column: str) -> tuple[np.ndarray, np.ndarray]:
    """``(yes, missing)`` boolean arrays of a yes/no indicator column.

    Raises :class:`ForcedLabourInputError` naming the column, the first bad value and the
    rows when a value is neither yes, no nor missing.
    """
    arr = table[column]
    if arr.dtype.kind in "iufb":
        values = arr.astype(np.float64, copy=False)
        missing = np.isnan(values)
        yes = np.isin(values, YES_NUMBERS)
        bad = ~(yes | missing | np.isin(values, NO_NUMBERS))
        if bad.any():
            value = values[np.flatnonzero(bad)[0]]
            _refuse_value(column, value.item() if not float(value).is_integer() else int(value),
                          bad)
        return yes, missing
    # Text (object) column: classify each distinct value once.
    kinds = {}
    for value in set(arr.tolist()):
        if value is None or (isinstance(value, float) and value != value):
            kinds[value] = "missing"
            continue
        word = str(value).strip().lower()
        if word.endswith(".0") and word[:-2].isdigit():
            word = word[:-2]
        if not word:
            kinds[value] = "missing"
        elif word in YES_WORDS:
            kinds[value] = "yes"
        elif word in NO_WORDS:
            kinds[value] = "no"
        else:
            kinds[value] = "bad"
    code = {"yes": 0, "no": 1, "missing": 2, "bad": 3}
    lookup = {v: code[k] for v, k in kinds.items()}
    codes = np.fromiter(map(lookup.__getitem__, arr.tolist()), dtype=np.int8, count=arr.size)
    if (codes == 3).any():
        bad = codes == 3
        _refuse_value(column, arr[np.flatnonzero(bad)[0]], bad)
    return codes == 0, codes == 2


def _refuse_value(column: str, value, bad: np.ndarray):
    raise ForcedLabourInputError(
        "fl_indicator_not_yes_no",
        "indicator column %(column)r must hold yes/no answers (1 yes, 0 or 2 no, or the words "
        "yes/no); found %(value)r at %(rows)s",
        column=column, value=value, **row_params(bad))


@dataclass
class ForcedLabourClassification:
    """Per-person flags (NumPy arrays, one entry per row)."""

    involuntary: np.ndarray
    coercion: np.ndarray
    child: np.ndarray
    forced_labour: np.ndarray
    missing_answers: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _combine(table: Table, cols: Sequence[str], rule: str, missing: dict) -> np.ndarray:
    out = None
    for col in cols:
        yes, miss = yes_no(table, col)
        missing[col] = int(miss.sum())
        if out is None:
            out = yes
        else:
            out = (out | yes) if rule == "any" else (out & yes)
    return out


def classify(table: Table, definition: ForcedLabourDefinition,
             age: np.ndarray | None = None) -> ForcedLabourClassification:
    """Apply ``definition`` to every person: involuntary, coercion and forced labour flags."""
    missing: dict[str, int] = {}
    involuntary = _combine(table, definition.involuntary, definition.involuntary_rule, missing)
    coercion = _combine(table, definition.coercion, definition.coercion_rule, missing)
    adult_rule = involuntary & coercion
    notes = []
    if age is None:
        child = np.zeros(table.n_rows, dtype=bool)
        notes.append("no age column: everyone assessed with the adult rule "
                     "(involuntary work and coercion)")
    else:
        child = age < CHILD_AGE
    if definition.child_rule == "coercion":
        child_rule = coercion.copy()
        for col in definition.child_indicators:
            yes, miss = yes_no(table, col)
            missing[col] = int(miss.sum())
            child_rule |= yes
        forced = np.where(child, child_rule, adult_rule)
    else:
        forced = adult_rule
    for col, count in missing.items():
        if count:
            notes.append(f"{count} missing answer(s) in {col}: counted as no")
    return ForcedLabourClassification(
        involuntary=involuntary, coercion=coercion, child=child, forced_labour=forced,
        missing_answers=missing, notes=notes)


# ---------------------------------------------------------------------------------------------
# Estimation
# ---------------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class ForcedLabourResult(DomainResult):
    """Rows of estimates plus everything needed to reproduce them.

    Rows have the keys of the child labour rows (group columns, ``basis``, ``estimate``,
    ``se``, ``ci_low``, ``ci_high``, ``df``, ``df_method``, ``deff``, ``n``, ``population``,
    ``number``, ``number_se``, ``definition``) plus ``unit``: estimates, SEs and intervals
    are per 1,000 persons; ``number`` is weighted persons in forced labour.
    """

    definition: ForcedLabourDefinition
    design_columns: DesignColumns

    def metadata(self) -> dict:
        return {
            "indicator": "forced labour prevalence",
            "definition": self.definition.to_dict(),
            "columns": self.design_columns.to_dict(),
            **self.design_metadata(DF_DESCRIPTIONS),
            "age_groups": {k: [v[0], None if v[1] == np.inf else v[1]]
                           for k, v in AGE_GROUPS.items()},
            "notes": self.notes,
            "units": {"estimate": UNIT, "se": UNIT, "number": "persons (weighted)",
                      "population": "persons (weighted)"},
        }


def _numeric(table: Table, name: str, what: str) -> np.ndarray:
    from target87.measure.child_labour import _numeric as numeric

    try:
        return numeric(table, name, what)
    except MeasureInputError as exc:
        raise ForcedLabourInputError(exc.code, exc.template, **exc.params) from None


def estimate_forced_labour(
    data: Table | Mapping[str, np.ndarray] | str | Path,
    definition: ForcedLabourDefinition | Mapping,
    design: DesignColumns | Mapping | None = None,
    *,
    by: Sequence[str] = (),
    by_cross: Sequence[str] = CROSSES,
    ci: str = "logit",
    level: float = 0.95,
    lonely_psu: str = "fail",
    df: str = "domain",
    progress: Progress | None = None,
) -> ForcedLabourResult:
    """Forced labour prevalence (per 1,000) and number, overall and by domain.

    ``data`` is a file path (CSV, Parquet, ``.sav``, ``.dta``), a :class:`Table` or a dict
    of arrays; ``definition`` a :class:`ForcedLabourDefinition` or a dict with its fields
    (``involuntary``, ``coercion``, ...); ``design`` a :class:`DesignColumns` or a dict
    (``weight``, ``strata``, ``psu``, ``fpc``, ``age``, ``sex``). Rows: overall, by sex, by
    age group, sex x age group, and each ``by`` column alone and crossed with what
    ``by_cross`` lists. ``progress(fraction, message)`` is called along the way.
    """
    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    definition = get_definition(definition)
    if design is None:
        design = DesignColumns()
    elif not isinstance(design, DesignColumns):
        design = DesignColumns.from_dict(design)
    if not 0 < level < 1:
        raise ForcedLabourInputError("level_invalid", "level must be between 0 and 1",
                                     value=level)
    by, by_cross = shared.check_options(
        ForcedLabourInputError, ci=ci, df=df, df_methods=tuple(DF_DESCRIPTIONS), by=by,
        by_cross=by_cross, crosses=CROSSES,
        reserved=("sex", "age_group", "basis", "df_method", "unit"))

    report(0.0, "reading data")
    wanted = list(dict.fromkeys(definition.columns() + design.columns() + by))
    if isinstance(data, str | Path):
        table = read_table(data, wanted)
    elif isinstance(data, Table):
        table = data
    else:
        table = Table({k: np.asarray(v) for k, v in data.items()}, source="data")
    missing_cols = [c for c in wanted if c not in table]
    if missing_cols:
        raise ForcedLabourInputError(
            "fl_columns_missing",
            "%(source)s: column(s) %(columns)s not found",
            source=table.source or "the data", columns=", ".join(repr(c) for c in missing_cols),
            missing=missing_cols)
    n = table.n_rows
    if n == 0:
        raise ForcedLabourInputError("no_rows", "the data have no rows")

    age = None
    if design.age:
        age = _numeric(table, design.age, "age")
        bad_age = np.isnan(age) | (age < 0)
        if bad_age.any():
            raise ForcedLabourInputError(
                "fl_age_missing", "age column %(column)r is missing or negative at %(rows)s",
                column=design.age, **row_params(bad_age))
    report(0.3, "classifying persons")
    cls = classify(table, definition, age)

    report(0.45, "building the design")
    if design.weight:
        weights = _numeric(table, design.weight, "weight")
        if np.isnan(weights).any():
            raise ForcedLabourInputError(
                "weight_missing", "weight column %(column)r is missing at %(rows)s",
                column=design.weight, **row_params(np.isnan(weights)))
    else:
        weights = np.ones(n)
    sdesign = shared.design(
        table, weights, weight=design.weight, psu=design.psu, strata=design.strata,
        fpc=_numeric(table, design.fpc, "fpc") if design.fpc else None, fpc_name=design.fpc,
        lonely_psu=lonely_psu)
    y = cls.forced_labour.astype(np.float64)
    group_cols = ["sex", "age_group", *by]
    blank = {c: TOTAL for c in group_cols}
    everyone = np.ones(n, dtype=bool)

    # Cells: sex (with a "missing" level) x basic age group; domains are unions of cells.
    if age is not None:
        age_cell = np.zeros(n, dtype=np.int64)
        for i, g in enumerate(_BASIC_GROUPS):
            lo, hi = AGE_GROUPS[g]
            age_cell[(age >= lo) & (age < hi + 1)] = i
        n_age = len(_BASIC_GROUPS)
        age_domains = {g: [i for i, b in enumerate(_BASIC_GROUPS)
                           if AGE_GROUPS[b][0] >= AGE_GROUPS[g][0]
                           and AGE_GROUPS[b][1] <= AGE_GROUPS[g][1]] for g in AGE_GROUPS}
    else:
        age_cell = np.zeros(n, dtype=np.int64)
        n_age = 1
        age_domains = {}
    if design.sex:
        sex_code, sex_labels = group_codes(table[design.sex], everyone)
    else:
        sex_code, sex_labels = np.zeros(n, dtype=np.int64), []
    n_sex = len(sex_labels) + 1
    n_cells = n_sex * n_age
    cells = sex_code * n_age + age_cell

    def member(sexes, ages) -> list[int]:
        return [s * n_age + a for s in sexes for a in ages]

    all_sex = range(n_sex)
    all_age = range(n_age)

    def domain_list(extra: dict, crosses: Sequence[str]) -> list[tuple[dict, list[int]]]:
        out = [({**blank, **extra}, member(all_sex, all_age))]
        if "sex" in crosses:
            for s, label in enumerate(sex_labels):
                out.append(({**blank, **extra, "sex": label}, member([s], all_age)))
        if "age_group" in crosses:
            for g, ages in age_domains.items():
                out.append(({**blank, **extra, "age_group": g}, member(all_sex, ages)))
        return out

    report(0.55, "estimating by sex and age group")
    domains = domain_list({}, CROSSES)
    for s, label in enumerate(sex_labels):
        for g, ages in age_domains.items():
            domains.append(({**blank, "sex": label, "age_group": g}, member([s], ages)))
    blocks = [(survey.CellTotals(sdesign, [y], cells, n_cells), domains, n_cells)]
    for j, col in enumerate(by):
        report(0.6 + 0.3 * j / max(len(by), 1), f"estimating by {col}")
        codes, labels = group_codes(table[col], everyone)
        k = len(labels)
        if not k:
            continue
        col_cells = np.where(codes < k, codes * n_cells + cells, k * n_cells)
        col_domains = []
        for i, lab in enumerate(labels):
            for labels_i, members in domain_list({col: lab}, by_cross):
                col_domains.append((labels_i, [i * n_cells + c for c in members]))
        blocks.append((survey.CellTotals(sdesign, [y], col_cells, k * n_cells), col_domains,
                       k * n_cells))

    report(0.9, "computing intervals")
    rows = shared.estimate_rows(blocks, [BASIS], scale=PER, ci=ci, level=level, df=df,
                                definition_id=definition.id, extra={"unit": UNIT})
    value_labels = shared.value_labels(table, design.sex, by)
    notes = list(cls.notes)
    notes.append(f"degrees of freedom ({df}): {DF_DESCRIPTIONS[df]}; the whole design has "
                 f"{sdesign.degf()}")
    if not design.psu:
        notes.append("no PSU column: each person treated as its own primary sampling unit")
    if not design.weight:
        notes.append("no weight column: every person weighs 1")
    report(1.0, "done")
    return ForcedLabourResult(
        rows=rows, definition=definition, design_columns=design, design=sdesign.describe(),
        group_columns=group_cols, value_labels=value_labels, notes=notes,
        ci_method="korn-graubard" if ci == "beta" else ci, level=level, df_method=df,
        by_cross=list(by_cross),
    )


__all__ = [
    "AGE_GROUPS", "DesignColumns", "ForcedLabourDefinition", "ForcedLabourInputError",
    "ForcedLabourResult", "classify", "estimate_forced_labour", "yes_no",
]
