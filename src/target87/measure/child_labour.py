"""SDG indicator 8.7.1: proportion and number of children aged 5-17 in child labour.

Definition (SDG metadata for 8.7.1, https://unstats.un.org/sdgs/metadata/files/Metadata-08-07-01.pdf,
and the MICS6 tabulation plan, table PR.3 "Child labour"), hours in the reference week:

========  ==========================  ===========================================
age       (a) SNA production boundary  (b) general production boundary
========  ==========================  ===========================================
5-11      economic activity >= 1 h     (a), or household chores >= 21 h
12-14     economic activity >= 14 h    (a), or household chores >= 21 h
15-17     economic activity >= 43 h    (a)
========  ==========================  ===========================================

The MICS6 SPSS syntax (``MICS6 - 09 - PR.sps``, the shared definitions of the PR tables)
compares with ``>=``; the metadata text says "more than" for 21 and 43 hours. The
comparison is a setting of :class:`Definition` (default ``>=``) and every result records
the definition that produced it. In that syntax economic activity counts only for a
child reported in one of CL1A, CL1B, CL1C, CL1X, with hours CL3 below 97 (97-99 are
response codes, not hours); household chores count for a child reported in CL7, CL9 or
CL11A-CL11X, with hours the sum of CL8, CL10 and CL13 (codes 97-99 counted as none).

Hazardous working conditions are a separate indicator (``hazard=True``: rows with basis
``hazardous``). MICS6 table PR.3.4 "Hazardous work" (``MICS6 - 09 - PR.3.4.sps``; the
shared recode in ``define/MICS6 - 09 - PR.sps``) counts a child aged 5-17 as working under
hazardous conditions when any of the hazard items is ``1`` (yes), SPSS
``any(1, CL4, CL5, CL6A, CL6B, CL6C, CL6D, CL6E, CL6X)``: CL4 carrying heavy loads, CL5
working with dangerous tools or operating heavy machinery, CL6A exposed to dust, fumes or
gas, CL6B extreme cold, heat or humidity, CL6C loud noise or vibration, CL6D working at
heights, CL6E working with chemicals or explosives, CL6X other unsafe or unhealthy things,
processes or conditions. Any other code (no, don't know, missing, not asked because the
child did no economic activity) counts as not exposed; the denominator is every child
5-17 counted, as for child labour. The same file computes ``includeHaz = maximum(eaMore,
hhcMore, hazardConditions)``, the earlier MICS6 child labour indicator (table PR.3.4,
footnote A: "The definition of child labour used for SDG reporting does not include
hazardous working conditions. This is a change over previously defined MICS6
indicator."); it is ``Definition(include_hazard=True)`` (definition ``mics6-hazard``),
which adds hazardous conditions to both the SNA and the general boundary.

Domains: overall, by sex, age group and sex x age group; each ``by`` column on its own and,
by default (``by_cross=("sex", "age_group")``), crossed with sex and with age group
separately (``--by HH6`` gives area totals, area x sex and area x age group; the three-way
cross and crosses between ``by`` columns are not produced).

Degrees of freedom (``df``): ``"domain"`` (default) counts the PSUs minus the strata that
hold at least one member of the domain, which is what R's ``survey`` package reports for
``svyciprop``/``degf`` on a subset design, so results match R; ``"design"`` uses the
number of PSUs minus the number of strata of the whole design for every domain, the
textbook rule. Each row records which one was used (``df_method``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from target87.measure import domains as shared
from target87.measure import survey
from target87.measure.cli import MeasureInputError
from target87.measure.domains import DomainResult, group_codes
from target87.measure.readers import Table, read_table
from target87.measure.survey import row_params

AGE_GROUPS: dict[str, tuple[int, int]] = {
    "5-11": (5, 11),
    "12-14": (12, 14),
    "15-17": (15, 17),
    "5-14": (5, 14),
}
BASES = ("sna", "general")
HAZARDOUS = "hazardous"
CROSSES = ("sex", "age_group")
DF_METHODS = ("domain", "design")
DF_DESCRIPTIONS = {
    "domain": "PSUs minus strata among those holding a member of the domain "
              "(R survey: svyciprop/degf on a subset design)",
    "design": "PSUs minus strata of the whole design, the same for every domain",
}
TOTAL = "total"
_BASIC_GROUPS = ("5-11", "12-14", "15-17")

Progress = Callable[[float, str], None]


class ChildLabourInputError(MeasureInputError, ValueError):
    """Input data or settings that cannot produce a correct estimate."""


# ---------------------------------------------------------------------------------------------
# Definition
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    """Age-specific hour thresholds for child labour.

    ``economic`` and ``chores`` map an age band ``(first, last)`` to the minimum hours
    per week; an age band without a chores threshold never counts chores.
    ``comparison`` is ``">="`` (MICS syntax) or ``">"`` (wording of the SDG metadata).
    """

    id: str = "sdg-8.7.1"
    title: str = "SDG 8.7.1 child labour (SDG metadata 2021; MICS6 table PR.3)"
    economic: tuple[tuple[int, int, float], ...] = ((5, 11, 1), (12, 14, 14), (15, 17, 43))
    chores: tuple[tuple[int, int, float], ...] = ((5, 11, 21), (12, 14, 21))
    comparison: str = ">="
    include_hazard: bool = False

    def __post_init__(self):
        if self.comparison not in (">=", ">"):
            raise ChildLabourInputError("comparison_unknown", "comparison must be '>=' or '>'",
                                        value=self.comparison)

    def describe(self) -> str:
        def bands(rules):
            return ", ".join(f"{a}-{b}: {self.comparison} {h:g} h" for a, b, h in rules)

        text = f"{self.title}. Economic activity {bands(self.economic)}; household chores "
        text += f"{bands(self.chores) or 'not counted'} (general production boundary only)"
        if self.include_hazard:
            text += "; hazardous working conditions included"
        return text + "."

    def to_dict(self) -> dict:
        d = asdict(self)
        d["economic"] = [list(r) for r in self.economic]
        d["chores"] = [list(r) for r in self.chores]
        d["description"] = self.describe()
        return d

    @classmethod
    def from_dict(cls, data: Mapping) -> Definition:
        base = DEFINITIONS.get(str(data.get("preset", "sdg-8.7.1")), SDG_871)
        fields = {k: data[k] for k in ("id", "title", "comparison", "include_hazard") if k in data}
        for key in ("economic", "chores"):
            if key in data:
                try:
                    fields[key] = tuple((int(a), int(b), float(h)) for a, b, h in data[key])
                except (TypeError, ValueError):
                    raise ChildLabourInputError(
                        "definition_rules_invalid",
                        "definition %(key)r must be a list of [first age, last age, hours]",
                        key=key,
                    ) from None
        if fields and "id" not in fields:
            fields["id"] = f"{base.id}-custom"
        return replace(base, **fields)


SDG_871 = Definition()
DEFINITIONS: dict[str, Definition] = {
    d.id: d
    for d in (
        SDG_871,
        Definition(
            id="sdg-8.7.1-more-than",
            title="SDG 8.7.1 child labour, 'more than' wording of the SDG metadata",
            comparison=">",
        ),
        Definition(
            id="mics6-hazard",
            title="MICS6 child labour including hazardous working conditions (earlier MICS6)",
            include_hazard=True,
        ),
        Definition(
            id="mics3-5",
            title="MICS3-MICS5 child labour (28 hours of household chores at 5-14)",
            chores=((5, 11, 28), (12, 14, 28), (15, 17, 43)),
        ),
    )
}


def get_definition(definition: Definition | str | Mapping | None) -> Definition:
    if definition is None:
        return SDG_871
    if isinstance(definition, Definition):
        return definition
    if isinstance(definition, Mapping):
        return Definition.from_dict(definition)
    if definition not in DEFINITIONS:
        raise ChildLabourInputError(
            "definition_unknown", "unknown definition %(value)r; choose one of %(choices)s",
            value=definition, choices=", ".join(DEFINITIONS),
        )
    return DEFINITIONS[definition]


# ---------------------------------------------------------------------------------------------
# Variable mapping
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VariableMapping:
    """Which columns of a file hold what.

    Hours given as several columns are added up (missing parts ignored, as SPSS ``sum``).
    ``*_any`` are yes/no items: if given, hours count only for children with a ``yes``.
    ``hours_codes`` are response codes in hours columns that are not hours.
    ``population`` restricts the children counted (e.g. completed interviews) without
    removing anyone from the design.
    """

    age: str
    weight: str
    econ_hours: tuple[str, ...] = ()
    chores_hours: tuple[str, ...] = ()
    econ_any: tuple[str, ...] = ()
    chores_any: tuple[str, ...] = ()
    hazard: tuple[str, ...] = ()
    sex: str | None = None
    psu: str | None = None
    strata: str | None = None
    fpc: str | None = None
    yes_codes: tuple[float, ...] = (1,)
    hours_codes: tuple[float, ...] = (97, 98, 99)
    population: tuple[tuple[str, tuple[float, ...]], ...] = ()
    optional: tuple[str, ...] = ()
    name: str = "custom"

    def columns(self) -> list[str]:
        cols = [self.age, self.weight, *self.econ_hours, *self.chores_hours, *self.econ_any,
                *self.chores_any, *self.hazard, *(c for c, _ in self.population)]
        cols += [c for c in (self.sex, self.psu, self.strata, self.fpc) if c]
        return list(dict.fromkeys(cols))

    def to_dict(self) -> dict:
        d = asdict(self)
        d["population"] = {c: list(v) for c, v in self.population}
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}

    @classmethod
    def from_dict(cls, data: Mapping) -> VariableMapping:
        data = dict(data)
        base = data.pop("preset", None)
        values = get_mapping(base).to_dict() if base else {}
        if base:
            values["name"] = f"{base}+custom"
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ChildLabourInputError(
                "mapping_keys_unknown",
                "mapping: unknown key(s) %(keys)s; known keys are %(known)s",
                keys=", ".join(unknown), known=", ".join(sorted(known)),
            )
        values.update(data)
        for key in ("age", "weight"):
            if not values.get(key):
                raise ChildLabourInputError("mapping_key_required",
                                            "mapping: %(key)r is required", key=key)
        kwargs = {}
        for key, value in values.items():
            if key == "population":
                items = value.items() if isinstance(value, Mapping) else value
                kwargs[key] = tuple(
                    (str(c), tuple(float(x) for x in (v if isinstance(v, list | tuple) else [v])))
                    for c, v in items
                )
            elif key in ("yes_codes", "hours_codes"):
                kwargs[key] = tuple(float(x) for x in value)
            elif isinstance(cls.__dataclass_fields__[key].default, tuple):
                kwargs[key] = tuple([value] if isinstance(value, str) else value)
            else:
                kwargs[key] = value
        mapping = cls(**kwargs)
        if not mapping.econ_hours:
            raise ChildLabourInputError("mapping_econ_hours_required",
                                        "mapping: 'econ_hours' (hours of economic activity) "
                                        "is required", key="econ_hours")
        return mapping


MICS6 = VariableMapping(
    name="mics6",
    age="CB3",
    sex="HL4",
    weight="fsweight",
    psu="HH1",
    strata="stratum",
    econ_any=("CL1A", "CL1B", "CL1C", "CL1X"),
    econ_hours=("CL3",),
    hazard=("CL4", "CL5", "CL6A", "CL6B", "CL6C", "CL6D", "CL6E", "CL6X"),
    chores_any=("CL7", "CL9", "CL11A", "CL11B", "CL11C", "CL11D", "CL11E", "CL11F", "CL11X"),
    chores_hours=("CL8", "CL10", "CL13"),
    population=(("FS17", (1.0,)),),
    optional=("FS17", "CL1A", "CL1B", "CL1C", "CL1X", "CL4", "CL5", "CL6A", "CL6B", "CL6C",
              "CL6D", "CL6E", "CL6X", "CL7", "CL9", "CL11A", "CL11B", "CL11C", "CL11D", "CL11E",
              "CL11F", "CL11X", "CL8", "CL10"),
)
MAPPINGS: dict[str, VariableMapping] = {"mics6": MICS6}


def get_mapping(mapping: VariableMapping | str | Mapping | Path | None) -> VariableMapping:
    """A mapping from a preset name, a dict, a JSON file path or a mapping object."""
    if mapping is None:
        return MICS6
    if isinstance(mapping, VariableMapping):
        return mapping
    if isinstance(mapping, Mapping):
        return VariableMapping.from_dict(mapping)
    if str(mapping) in MAPPINGS:
        return MAPPINGS[str(mapping)]
    path = Path(mapping)
    if path.suffix.lower() == ".json" or path.is_file():
        return load_mapping(path)
    raise ChildLabourInputError(
        "mapping_preset_unknown",
        "unknown preset %(value)r; choose one of %(choices)s or give a JSON file",
        value=mapping, choices=", ".join(MAPPINGS),
    )


def load_mapping(path: str | Path) -> VariableMapping:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ChildLabourInputError("mapping_file_not_found", "mapping file not found: %(path)s",
                                    path=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ChildLabourInputError("mapping_file_not_json",
                                    "mapping file %(file)s is not valid JSON: %(detail)s",
                                    file=path.name, detail=str(exc)) from None
    if not isinstance(data, dict):
        raise ChildLabourInputError("mapping_file_not_object",
                                    "mapping file %(file)s must hold a JSON object",
                                    file=path.name)
    return VariableMapping.from_dict(data)


# ---------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------


@dataclass
class Classification:
    """Per-child results of applying a definition (NumPy arrays, one entry per row)."""

    age: np.ndarray
    in_population: np.ndarray
    sna: np.ndarray
    general: np.ndarray
    hazard: np.ndarray | None
    notes: list[str] = field(default_factory=list)
    #: 0/1 per child: counted and working under hazardous conditions (None: no hazard items)
    hazardous: np.ndarray | None = None


def _numeric(table: Table, name: str, what: str) -> np.ndarray:
    arr = table[name]
    if arr.dtype.kind in "iufb":
        return arr.astype(np.float64, copy=False)
    out = np.full(arr.shape, np.nan)
    bad = np.zeros(arr.shape, dtype=bool)
    for i, v in enumerate(arr):
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        try:
            out[i] = float(v)
        except (TypeError, ValueError):
            bad[i] = True
    if bad.any():
        first = arr[np.flatnonzero(bad)[0]]
        raise ChildLabourInputError(
            "column_not_numeric", "%(what)s column %(column)r must be numeric; found %(value)r at "
            "%(rows)s", what=what, column=name, value=first, **row_params(bad),
        )
    return out


def _hours(table: Table, cols: Sequence[str], codes: np.ndarray, what: str, notes: list[str]):
    total = None
    for name in cols:
        if name not in table:
            continue
        h = _numeric(table, name, what)
        coded = np.isin(h, codes)
        if coded.any():
            notes.append(
                f"{int(coded.sum())} value(s) of {name} are response codes "
                f"{', '.join(f'{c:g}' for c in codes)}, not hours: counted as no hours"
            )
            h = np.where(coded, np.nan, h)
        if (h < 0).any():
            raise ChildLabourInputError(
                "hours_negative", "%(what)s column %(column)r has negative hours at %(rows)s",
                what=what, column=name, **row_params(h < 0),
            )
        total = h if total is None else np.where(
            np.isnan(total), h, np.where(np.isnan(h), total, total + h)
        )
    return total


def _any_yes(table: Table, cols: Sequence[str], yes: np.ndarray, what: str) -> np.ndarray | None:
    present = [c for c in cols if c in table]
    if not present:
        return None
    flag = np.zeros(table.n_rows, dtype=bool)
    for name in present:
        flag |= np.isin(_numeric(table, name, what), yes)
    return flag


def _meets(hours: np.ndarray | None, age: np.ndarray, rules, comparison: str) -> np.ndarray:
    out = np.zeros(age.shape, dtype=bool)
    if hours is None:
        return out
    with np.errstate(invalid="ignore"):
        for first, last, threshold in rules:
            band = (age >= first) & (age <= last)
            hit = hours >= threshold if comparison == ">=" else hours > threshold
            out |= band & hit
    return out


def classify(
    table: Table,
    mapping: VariableMapping,
    definition: Definition = SDG_871,
    *,
    out_of_range: str = "error",
) -> Classification:
    """Apply ``definition`` to every child: 0/1 arrays for the SNA and general boundaries.

    ``out_of_range="error"`` rejects ages outside 5-17 (a children's file); ``"exclude"``
    keeps those rows in the design but outside every estimate (a household roster).
    """
    notes: list[str] = []
    codes = np.asarray(mapping.hours_codes, dtype=np.float64)
    yes = np.asarray(mapping.yes_codes, dtype=np.float64)
    n = table.n_rows
    population = np.ones(n, dtype=bool)
    for col, values in mapping.population:
        if col in table:
            population &= np.isin(_numeric(table, col, "population filter"), values)
            notes.append(f"children counted: {col} in {', '.join(f'{v:g}' for v in values)}")
    age = _numeric(table, mapping.age, "age")
    missing_age = np.isnan(age) & population
    if missing_age.any():
        raise ChildLabourInputError(
            "age_missing", "age column %(column)r is missing at %(rows)s",
            column=mapping.age, **row_params(missing_age),
        )
    with np.errstate(invalid="ignore"):
        outside = population & ((age < 5) | (age > 17) | (age != np.floor(age)))
    if outside.any():
        if out_of_range == "error":
            first = age[np.flatnonzero(outside)[0]]
            raise ChildLabourInputError(
                "age_out_of_range",
                "age column %(column)r is outside 5-17 (or not whole years), e.g. %(value)g, "
                "at %(rows)s",
                column=mapping.age, value=float(first), **row_params(outside),
            )
        notes.append(f"{int(outside.sum())} row(s) aged outside 5-17 not counted")
        population &= ~outside

    econ_hours = _hours(table, mapping.econ_hours, codes, "economic activity hours", notes)
    econ_any = _any_yes(table, mapping.econ_any, yes, "economic activity")
    if econ_any is not None and econ_hours is not None:
        econ_hours = np.where(econ_any, econ_hours, np.nan)
    chores_hours = _hours(table, mapping.chores_hours, codes, "household chores hours", notes)
    chores_any = _any_yes(table, mapping.chores_any, yes, "household chores")
    if chores_any is not None and chores_hours is not None:
        chores_hours = np.where(chores_any, chores_hours, np.nan)
    hazard = _any_yes(table, mapping.hazard, yes, "hazardous conditions")

    sna = _meets(econ_hours, age, definition.economic, definition.comparison)
    general = sna | _meets(chores_hours, age, definition.chores, definition.comparison)
    if chores_hours is None:
        notes.append("no household chores hours: general boundary equals the SNA boundary")
    if definition.include_hazard:
        if hazard is None:
            raise ChildLabourInputError(
                "hazard_columns_unmapped",
                "the definition includes hazardous conditions but the mapping has no hazard columns"
            )
        sna = sna | hazard
        general = general | hazard
    notes.append(f"threshold comparison: hours {definition.comparison} threshold")
    return Classification(
        age=age,
        in_population=population,
        sna=(sna & population).astype(np.float64),
        general=(general & population).astype(np.float64),
        hazard=hazard,
        notes=notes,
        hazardous=None if hazard is None else (hazard & population).astype(np.float64),
    )


# ---------------------------------------------------------------------------------------------
# Estimation
# ---------------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class ChildLabourResult(DomainResult):
    """Rows of estimates plus everything needed to reproduce them."""

    definition: Definition
    mapping: VariableMapping

    def metadata(self) -> dict:
        return {
            "indicator": "SDG 8.7.1",
            "definition": self.definition.to_dict(),
            "mapping": self.mapping.to_dict(),
            **self.design_metadata(DF_DESCRIPTIONS),
            "notes": self.notes,
            "units": {"estimate": "percent", "se": "percentage points",
                      "number": "children (weighted)", "population": "children (weighted)"},
        }



def child_labour_prevalence(
    data: Table | Mapping[str, np.ndarray] | str | Path,
    mapping: VariableMapping | str | Mapping | Path | None = "mics6",
    *,
    definition: Definition | str | Mapping | None = None,
    by: Sequence[str] = (),
    basis: str = "both",
    ci: str = "logit",
    level: float = 0.95,
    lonely_psu: str = "fail",
    df: str = "domain",
    out_of_range: str = "error",
    progress: Progress | None = None,
    hazard: bool = False,
    by_cross: Sequence[str] = CROSSES,
) -> ChildLabourResult:
    """Estimate SDG 8.7.1 overall and by sex, age group, their cross, and each ``by`` column.

    ``data`` is a file path (CSV, Parquet, ``.sav``, ``.dta``), a :class:`Table` or a dict of
    arrays. Rows are dicts with the grouping columns (``sex``, ``age_group`` and each ``by``
    column, ``"total"`` where not split), ``basis`` (``sna``/``general``, and ``hazardous``
    with ``hazard=True``), ``estimate`` (%), ``se`` (percentage points), ``ci_low``/``ci_high``
    (%), ``df``, ``df_method``, ``deff``, ``n``, ``population``, ``number`` and ``number_se``
    (weighted children in child labour) and ``definition`` (its id).
    ``progress(fraction, message)`` is called along the way.

    ``hazard=True`` adds rows with basis ``hazardous``: children aged 5-17 working under
    hazardous conditions (any hazard item yes; MICS6 table PR.3.4, see the module text),
    a separate indicator whatever ``basis`` says. ``by_cross`` lists what each ``by``
    column is crossed with (``"sex"``, ``"age_group"``; ``()`` for the column alone).
    ``df`` is ``"domain"`` (PSUs and strata holding domain members, as R's ``survey``) or
    ``"design"`` (PSUs minus strata of the whole design for every domain).
    """

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    mapping = get_mapping(mapping)
    definition = get_definition(definition)
    if basis not in ("sna", "general", "both"):
        raise ChildLabourInputError("basis_unknown", "basis must be sna, general or both",
                                    value=basis)
    bases = list(BASES) if basis == "both" else [basis]
    by, by_cross = shared.check_options(
        ChildLabourInputError, ci=ci, df=df, df_methods=DF_METHODS, by=by, by_cross=by_cross,
        crosses=CROSSES, reserved=("sex", "age_group", "basis", "df_method"))

    report(0.0, "reading data")
    required = [c for c in mapping.columns() if c not in mapping.optional] + by
    if isinstance(data, str | Path):
        from target87.measure.readers import list_columns

        present = set(list_columns(data))
        lower = {c.lower() for c in present}
        wanted = required + [c for c in mapping.optional
                             if c in present or c.lower() in lower]
        table = read_table(data, wanted)
    elif isinstance(data, Table):
        table = data
    else:
        table = Table({k: np.asarray(v) for k, v in data.items()}, source="data")
    for col in required:
        table[col]  # noqa: B018 - raises a precise error for a missing column
    report(0.3, "classifying children")
    cls = classify(table, mapping, definition, out_of_range=out_of_range)

    report(0.45, "building the design")
    weights = _numeric(table, mapping.weight, "weight")
    missing_w = np.isnan(weights)
    if (missing_w & cls.in_population).any():
        raise ChildLabourInputError(
            "weight_missing", "weight column %(column)r is missing at %(rows)s",
            column=mapping.weight, **row_params(missing_w & cls.in_population),
        )
    weights = np.where(missing_w, 0.0, weights)
    design = shared.design(
        table, weights, weight=mapping.weight, psu=mapping.psu, strata=mapping.strata,
        fpc=_numeric(table, mapping.fpc, "fpc") if mapping.fpc else None, fpc_name=mapping.fpc,
        lonely_psu=lonely_psu)
    if cls.in_population.sum() == 0:
        raise ChildLabourInputError("no_children", "no child aged 5-17 is counted in the data")

    notes = list(cls.notes)
    if hazard:
        if cls.hazardous is None:
            raise ChildLabourInputError(
                "hazard_columns_absent",
                "hazardous-work rows need the hazard items: none of the mapping's hazard "
                "columns (%(columns)s) is in the data",
                columns=", ".join(mapping.hazard) or "none mapped",
            )
        bases.append(HAZARDOUS)
        present = [c for c in mapping.hazard if c in table]
        notes.append(
            f"basis hazardous: children 5-17 with any of {', '.join(present)} = "
            f"{', '.join(f'{c:g}' for c in mapping.yes_codes)} (MICS6 table PR.3.4, "
            "hazardous working conditions); a separate indicator, not part of SDG 8.7.1"
        )
    series = {"sna": cls.sna, "general": cls.general, HAZARDOUS: cls.hazardous}
    ys = [series[b] for b in bases]
    group_cols = ["sex", "age_group", *by]
    blank = {c: TOTAL for c in group_cols}

    # Table 1: sex x basic age group; every total/sex/age domain is a union of its cells.
    age = cls.age
    age_cell = np.full(age.shape, 3, dtype=np.int64)
    for i, g in enumerate(_BASIC_GROUPS):
        lo, hi = AGE_GROUPS[g]
        age_cell[(age >= lo) & (age <= hi)] = i
    if mapping.sex:
        sex_code, sex_labels = group_codes(table[mapping.sex], cls.in_population)
    else:
        sex_code, sex_labels = np.zeros(age.shape, dtype=np.int64), []
    n_sex = len(sex_labels) + 1  # last level: sex missing
    n_cells = n_sex * 3
    cells = np.where(cls.in_population & (age_cell < 3), sex_code * 3 + age_cell, n_cells)
    report(0.55, "estimating by sex and age group")
    totals = survey.CellTotals(design, ys, cells, n_cells)
    group_cells = {
        g: [i for i, b in enumerate(_BASIC_GROUPS) if AGE_GROUPS[b][0] >= AGE_GROUPS[g][0]
            and AGE_GROUPS[b][1] <= AGE_GROUPS[g][1]]
        for g in AGE_GROUPS
    }
    domains: list[tuple[dict, np.ndarray]] = []

    def member(sexes, ages) -> list[int]:
        """The cells (sex x basic age group) a domain is the union of."""
        return [s * 3 + a for s in sexes for a in ages]

    all_sex = range(n_sex)
    domains.append((dict(blank), member(all_sex, range(3))))
    for s, label in enumerate(sex_labels):
        domains.append(({**blank, "sex": label}, member([s], range(3))))
    for g in AGE_GROUPS:
        domains.append(({**blank, "age_group": g}, member(all_sex, group_cells[g])))
    for s, label in enumerate(sex_labels):
        for g in AGE_GROUPS:
            domains.append(({**blank, "sex": label, "age_group": g}, member([s], group_cells[g])))
    blocks = [(totals, domains, n_cells)]

    for j, col in enumerate(by):
        report(0.6 + 0.3 * j / max(len(by), 1), f"estimating by {col}")
        codes, labels = group_codes(table[col], cls.in_population)
        k = len(labels)
        if not k:
            continue
        # Cells: by-column label x sex (with "missing") x basic age group.
        col_cells = np.where((codes < k) & (cells < n_cells), codes * n_cells + cells,
                             k * n_cells)
        col_totals = survey.CellTotals(design, ys, col_cells, k * n_cells)
        col_domains = []
        for i, lab in enumerate(labels):
            def within(m, i=i):
                """The cells of a domain among this column's cells: label ``i`` only."""
                return [i * n_cells + c for c in m]

            col_domains.append(({**blank, col: lab}, within(member(all_sex, range(3)))))
            if "sex" in by_cross:
                for s, label in enumerate(sex_labels):
                    col_domains.append(({**blank, col: lab, "sex": label},
                                        within(member([s], range(3)))))
            if "age_group" in by_cross:
                for g in AGE_GROUPS:
                    col_domains.append(({**blank, col: lab, "age_group": g},
                                        within(member(all_sex, group_cells[g]))))
        blocks.append((col_totals, col_domains, k * n_cells))

    report(0.9, "computing intervals")
    rows = shared.estimate_rows(blocks, bases, scale=100.0, ci=ci, level=level, df=df,
                                definition_id=definition.id)
    value_labels = shared.value_labels(table, mapping.sex, by)
    notes.append(f"degrees of freedom ({df}): {DF_DESCRIPTIONS[df]}; the whole design has "
                 f"{design.degf()}")
    if not mapping.psu:
        notes.append("no PSU column: each child treated as its own primary sampling unit")
    report(1.0, "done")
    return ChildLabourResult(
        rows=rows,
        definition=definition,
        mapping=mapping,
        design=design.describe(),
        group_columns=group_cols,
        value_labels=value_labels,
        notes=notes,
        ci_method="korn-graubard" if ci == "beta" else ci,
        level=level,
        df_method=df,
        by_cross=list(by_cross),
    )
