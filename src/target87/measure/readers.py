"""Read survey microdata (CSV, Parquet, SPSS ``.sav``, Stata ``.dta``) into NumPy columns.

Only the columns asked for are read. Value labels are kept alongside the codes so that
results can show both; user-defined missing values declared in SPSS files and Stata's
extended missing values (``.a`` .. ``.z``) become NaN, i.e. "not a value".
SPSS and Stata files are read with pyreadstat (https://github.com/Roche/pyreadstat).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from target87.measure.cli import MeasureInputError

FORMATS = ("csv", "parquet", "sav", "dta")
_SUFFIXES = {".csv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet",
             ".sav": "sav", ".zsav": "sav", ".dta": "dta"}


class ReaderError(MeasureInputError, ValueError):
    """The file cannot be read or lacks a column."""


@dataclass
class Table:
    """Columns as NumPy arrays (float64 for numbers, object for text) plus metadata."""

    columns: dict[str, np.ndarray]
    value_labels: dict[str, dict] = field(default_factory=dict)
    missing_ranges: dict[str, list] = field(default_factory=dict)
    source: str = ""
    format: str = ""

    @property
    def n_rows(self) -> int:
        for col in self.columns.values():
            return int(col.shape[0])
        return 0

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self.columns[name]
        except KeyError:
            raise ReaderError("column_not_found", "column %(column)r not found in %(source)s",
                              column=name, source=self.source or "the data") from None

    def label(self, column: str, code) -> str | None:
        labels = self.value_labels.get(column) or {}
        if code in labels:
            return str(labels[code])
        if isinstance(code, float) and code.is_integer() and int(code) in labels:
            return str(labels[int(code)])
        return None


def detect_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    fmt = _SUFFIXES.get(suffix)
    if fmt is None:
        raise ReaderError(
            "format_unknown_extension",
            "cannot tell the format of %(file)r from its extension; use one of %(choices)s",
            file=str(path), choices=", ".join(sorted(_SUFFIXES)),
        )
    return fmt


def list_columns(path: str | Path, *, format: str | None = None) -> list[str]:
    """Column names of a file, reading only its header or metadata."""
    path = Path(path)
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise ReaderError("format_unknown", "unknown format %(format)r; use one of %(choices)s",
                          format=fmt, choices=", ".join(FORMATS))
    _exists(path)
    if fmt == "parquet":
        return _parquet_columns(path)
    if fmt == "csv":
        return _csv_header(path)
    meta = _readstat(path, fmt, metadataonly=True, output_format="dict")[1]
    return list(meta.column_names)


def _parquet_columns(path: Path) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(path).names)
    except (pa.ArrowException, OSError, ValueError) as exc:
        # ArrowInvalid for a damaged footer, OSError for a truncated file.
        raise ReaderError(
            "parquet_unreadable",
            "%(file)s: expected a Parquet file, but it cannot be read (%(detail)s)",
            file=path.name, detail=str(exc),
        ) from None


def _csv_header(path: Path) -> list[str]:
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except UnicodeDecodeError as exc:
        # The whole file is read as UTF-8 later; say so now rather than fail in the worker.
        raise ReaderError(
            "csv_not_utf8",
            "%(file)s: expected UTF-8 encoded CSV text, but byte %(byte)s is not valid UTF-8; "
            "save the file as \"CSV UTF-8\"",
            file=path.name, byte=f"0x{exc.object[exc.start]:02x}",
        ) from None
    except csv.Error as exc:
        raise ReaderError("csv_no_header", "%(file)s: expected a CSV header row, but %(detail)s",
                          file=path.name, detail=str(exc)) from None


def read_table(
    path: str | Path,
    columns: Sequence[str] | None = None,
    *,
    format: str | None = None,
) -> Table:
    """Read ``columns`` (all if ``None``) of a data file; missing columns are an error.

    Column names are matched exactly first, then case-insensitively (MICS files spell
    ``HH1`` or ``hh1`` depending on the tool that wrote them); the returned table uses
    the requested spelling.
    """
    path = Path(path)
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise ReaderError("format_unknown", "unknown format %(format)r; use one of %(choices)s",
                          format=fmt, choices=", ".join(FORMATS))
    _exists(path)
    wanted = list(dict.fromkeys(columns)) if columns is not None else None
    actual = list_columns(path, format=fmt)
    rename: dict[str, str] = {}
    if wanted is not None:
        lower = {c.lower(): c for c in actual}
        missing = []
        for name in wanted:
            if name in actual:
                rename[name] = name
            elif name.lower() in lower:
                rename[lower[name.lower()]] = name
            else:
                missing.append(name)
        if missing:
            raise ReaderError(
                "columns_not_found" if len(missing) > 1 else "column_not_in_file",
                ("%(file)s: columns %(columns)s not found (the file has %(n_columns)s columns, "
                 "e.g. %(examples)s)") if len(missing) > 1 else
                ("%(file)s: column %(columns)s not found (the file has %(n_columns)s columns, "
                 "e.g. %(examples)s)"),
                file=path.name, columns=", ".join(repr(m) for m in missing), missing=missing,
                n_columns=len(actual), examples=", ".join(actual[:8]),
            )
    else:
        rename = {c: c for c in actual}
    source_cols = list(rename)
    if fmt == "parquet":
        table = _read_parquet(path, source_cols)
    elif fmt == "csv":
        table = _read_csv(path, source_cols)
    else:
        table = _read_stat(path, fmt, source_cols)
    table.columns = {rename[k]: v for k, v in table.columns.items()}
    table.value_labels = {rename[k]: v for k, v in table.value_labels.items() if k in rename}
    table.missing_ranges = {rename[k]: v for k, v in table.missing_ranges.items() if k in rename}
    table.source = path.name
    table.format = fmt
    return table


def _exists(path: Path) -> None:
    if not path.is_file():
        raise ReaderError("file_not_found", "file not found: %(path)s", path=str(path))


def _arrow_to_numpy(col) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    t = col.type
    if pa.types.is_dictionary(t):
        col = col.dictionary_decode()
        t = col.type
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t):
        if col.null_count:
            col = pc.cast(col, pa.float64())
            return col.to_numpy(zero_copy_only=False)
        arr = col.to_numpy(zero_copy_only=False)
        return arr.astype(np.float64) if arr.dtype.kind == "b" else arr
    if pa.types.is_null(t):
        return np.full(len(col), np.nan)
    return np.asarray(col.to_pylist(), dtype=object)


def _read_parquet(path: Path, columns: list[str]) -> Table:
    import pyarrow.parquet as pq

    try:
        tbl = pq.read_table(path, columns=columns)
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise ReaderError(
            "parquet_unreadable",
            "%(file)s: expected a Parquet file, but it cannot be read (%(detail)s)",
            file=path.name, detail=str(exc),
        ) from None
    return Table({c: _arrow_to_numpy(tbl.column(c)) for c in columns})


def _read_csv(path: Path, columns: list[str]) -> Table:
    import pyarrow as pa
    from pyarrow import csv

    convert = csv.ConvertOptions(
        include_columns=columns,
        null_values=["", "NA", "NaN", "nan", "."],
        strings_can_be_null=True,
    )
    try:
        tbl = csv.read_csv(path, convert_options=convert)
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as exc:
        raise ReaderError(
            "csv_unreadable",
            "%(file)s: expected UTF-8 CSV with one value per column in each row, but it "
            "cannot be read (%(detail)s)",
            file=path.name, detail=str(exc),
        ) from None
    return Table({c: _arrow_to_numpy(tbl.column(c)) for c in columns})


_STAT_ERRORS = {
    "sav": ("sav_unreadable",
            "%(file)s: expected an SPSS (.sav) file, but it cannot be read (%(detail)s)"),
    "dta": ("dta_unreadable",
            "%(file)s: expected a Stata (.dta) file, but it cannot be read (%(detail)s)"),
}


def _readstat(path: Path, fmt: str, **kwargs):
    import pyreadstat

    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    try:
        return reader(str(path), **kwargs)
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise ReaderError(
            *_STAT_ERRORS[fmt], file=path.name, detail=str(exc),
        ) from None


def _read_stat(path: Path, fmt: str, columns: list[str]) -> Table:
    data, meta = _readstat(path, fmt, usecols=columns, output_format="dict")
    kinds = getattr(meta, "readstat_variable_types", None) or {}
    out = {}
    for name in columns:
        values = data[name]
        if kinds.get(name, "double") != "string":
            # Numeric variable: system- and user-missing values arrive as None -> NaN.
            try:
                out[name] = np.asarray(values, dtype=np.float64)
                continue
            except (TypeError, ValueError):
                pass
        arr = np.asarray(values)
        if arr.dtype.kind in "iufb":
            arr = arr.astype(np.float64)
        else:
            arr = np.array([None if v is None or v == "" else v for v in arr], dtype=object)
        out[name] = arr
    labels = {
        k: dict(v) for k, v in (meta.variable_value_labels or {}).items() if k in out
    }
    missing = {k: list(v) for k, v in (getattr(meta, "missing_ranges", None) or {}).items()}
    return Table(out, value_labels=labels, missing_ranges=missing)
