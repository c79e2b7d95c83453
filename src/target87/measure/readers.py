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
from typing import NoReturn

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


@dataclass(frozen=True)
class TableLimits:
    """Largest table a reader accepts, and the name of the setting of each limit (so that a
    refusal can say what changes it: a platform setting, a command-line option)."""

    max_columns: int = 2000
    max_rows: int = 50_000_000
    max_expanded_bytes: int = 4 * 1024**3
    columns_setting: str = "max_columns"
    rows_setting: str = "max_rows"
    expanded_setting: str = "max_expanded_bytes"


@dataclass(frozen=True)
class TableShape:
    """What a file declares about itself, read without reading its data."""

    columns: int
    rows: int | None
    expanded_bytes: int | None


# The first line of a CSV file is read whole only if it is shorter than this many bytes
# per allowed column (names of up to a few hundred characters, quoted).
_HEADER_BYTES_PER_COLUMN = 512
_PARQUET_FOOTER_BYTES_PER_COLUMN = 16 * 1024
_CHUNK = 1 << 20


def _refuse_columns(path: Path, n, limits: TableLimits) -> NoReturn:
    raise ReaderError(
        "too_many_columns",
        "%(file)s has %(n)s columns; at most %(limit)s are accepted (setting %(setting)s)",
        file=path.name, n=n, limit=limits.max_columns, setting=limits.columns_setting)


def check_table(path: str | Path, *, format: str | None = None,
                limits: TableLimits = TableLimits()) -> TableShape:
    """Check a file's columns, rows and expanded size against ``limits`` from its header or
    metadata only, before anything reads it whole; raises ``ReaderError`` naming the limit.

    Parquet: the footer's schema and row-group sizes (uncompressed). SPSS and Stata: the
    header's variable and case counts. CSV: the header line (read only up to a bound) and
    the number of lines (counted in chunks, never held).
    """
    path = Path(path)
    fmt = format or detect_format(path)
    _exists(path)
    if fmt == "parquet":
        shape = _parquet_shape(path, limits)
    elif fmt == "csv":
        shape = _csv_shape(path, limits)
    elif fmt in ("sav", "dta"):
        shape = _stat_shape(path, fmt, limits)
    else:
        raise ReaderError("format_unknown", "unknown format %(format)r; use one of %(choices)s",
                          format=fmt, choices=", ".join(FORMATS))
    if shape.columns > limits.max_columns:
        _refuse_columns(path, shape.columns, limits)
    if shape.rows is not None and shape.rows > limits.max_rows:
        raise ReaderError(
            "too_many_rows",
            "%(file)s has %(n)s rows; at most %(limit)s are accepted (setting %(setting)s)",
            file=path.name, n=shape.rows, limit=limits.max_rows, setting=limits.rows_setting)
    if shape.expanded_bytes is not None and shape.expanded_bytes > limits.max_expanded_bytes:
        raise ReaderError(
            "too_large_expanded",
            "%(file)s expands to %(size)s MB when read; at most %(limit)s MB are accepted "
            "(setting %(setting)s)",
            file=path.name, size=shape.expanded_bytes // 2**20,
            limit=limits.max_expanded_bytes // 2**20, setting=limits.expanded_setting)
    return shape


def _parquet_shape(path: Path, limits: TableLimits) -> TableShape:
    import struct

    import pyarrow as pa
    import pyarrow.parquet as pq

    size = path.stat().st_size
    with open(path, "rb") as fh:
        if size >= 12:
            fh.seek(size - 8)
            tail = fh.read(8)
            footer = struct.unpack("<I", tail[:4])[0] if tail[4:] == b"PAR1" else 0
            # The footer holds each column's metadata for each row group: a footer far
            # larger than the allowed columns need is refused before it is parsed.
            # (a length beyond the file itself is damage, which pyarrow reports below)
            if size - 12 >= footer > max(1, limits.max_columns) * _PARQUET_FOOTER_BYTES_PER_COLUMN:
                _refuse_columns(path, f"> {limits.max_columns}", limits)
    try:
        meta = pq.ParquetFile(path).metadata
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise ReaderError(
            "parquet_unreadable",
            "%(file)s: expected a Parquet file, but it cannot be read (%(detail)s)",
            file=path.name, detail=str(exc),
        ) from None
    expanded = sum(max(0, meta.row_group(i).total_byte_size)
                   for i in range(meta.num_row_groups))
    # Reading turns each value into 8 bytes at least, whatever its encoding on disk.
    expanded = max(expanded, meta.num_rows * meta.num_columns * 8)
    return TableShape(meta.num_columns, meta.num_rows, expanded)


def _csv_shape(path: Path, limits: TableLimits) -> TableShape:
    import csv

    bound = max(1, limits.max_columns) * _HEADER_BYTES_PER_COLUMN
    with open(path, "rb") as fh:
        first = fh.readline(bound + 1)
    if len(first) > bound and not first.endswith(b"\n"):
        raise ReaderError(
            "csv_header_too_long",
            "%(file)s: the header line is longer than %(limit)s bytes, more than %(columns)s "
            "columns can need (setting %(setting)s)",
            file=path.name, limit=bound, columns=limits.max_columns,
            setting=limits.columns_setting)
    try:
        header = next(csv.reader([first.decode("utf-8-sig")]), [])
    except UnicodeDecodeError as exc:
        # The encoding is the first thing to fix, whatever the width.
        raise ReaderError(
            "csv_not_utf8",
            "%(file)s: expected UTF-8 encoded CSV text, but byte %(byte)s is not valid UTF-8; "
            "save the file as \"CSV UTF-8\"",
            file=path.name, byte=f"0x{exc.object[exc.start]:02x}",
        ) from None
    except csv.Error:
        header = []
    lines = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    rows = max(0, lines - 1)
    return TableShape(len(header), rows, rows * len(header) * 8)


def _stat_shape(path: Path, fmt: str, limits: TableLimits) -> TableShape:
    """Variables and cases from the fixed header of an SPSS or Stata file."""
    import struct

    with open(path, "rb") as fh:
        head = fh.read(512)
    columns = rows = None
    width = 8
    if fmt == "sav" and len(head) >= 84 and head[:4] in (b"$FL2", b"$FL3"):
        order = "<" if struct.unpack("<i", head[64:68])[0] in (2, 3) else ">"
        case_size, = struct.unpack(order + "i", head[68:72])
        cases, = struct.unpack(order + "i", head[80:84])
        # nominal case size counts 8-byte units: an upper bound on the variables
        columns = case_size if case_size > 0 else None
        rows = cases if cases >= 0 else None
    elif fmt == "dta" and head.startswith(b"<stata_dta>"):
        columns, rows = _dta_xml_header(head)
    elif fmt == "dta" and len(head) >= 10 and head[0] in range(104, 120):
        order = ">" if head[1] == 1 else "<"
        columns, = struct.unpack(order + "H", head[4:6])
        rows, = struct.unpack(order + "I", head[6:10])
    if columns is not None and columns > limits.max_columns * 4:
        # long strings span several units of an SPSS case: refuse only far beyond the limit
        _refuse_columns(path, columns, limits)
    if columns is not None and columns > limits.max_columns and fmt == "dta":
        _refuse_columns(path, columns, limits)
    expanded = rows * (columns or 1) * width if rows is not None else None
    if rows is None or (rows <= limits.max_rows and expanded <= limits.max_expanded_bytes):
        # The exact variable count from the dictionary (the data are not read).
        meta = _readstat(path, fmt, metadataonly=True, output_format="dict")[1]
        columns = len(meta.column_names)
        if rows is None and isinstance(getattr(meta, "number_rows", None), int):
            rows = meta.number_rows
        expanded = rows * columns * width if rows is not None else None
    return TableShape(columns or 0, rows, expanded)


def _dta_xml_header(head: bytes) -> tuple[int | None, int | None]:
    import re
    import struct

    release = re.search(rb"<release>(\d+)</release>", head)
    order = re.search(rb"<byteorder>(MSF|LSF)</byteorder>", head)
    k_at = head.find(b"<K>")
    n_at = head.find(b"<N>")
    if not (release and order and k_at >= 0 and n_at >= 0):
        return None, None
    endian = ">" if order.group(1) == b"MSF" else "<"
    rel = int(release.group(1))
    k_format = "I" if rel >= 119 else "H"
    n_format = "I" if rel == 117 else "Q"
    k_size, n_size = struct.calcsize(k_format), struct.calcsize(n_format)
    try:
        columns, = struct.unpack(endian + k_format, head[k_at + 3:k_at + 3 + k_size])
        rows, = struct.unpack(endian + n_format, head[n_at + 3:n_at + 3 + n_size])
    except struct.error:
        return None, None
    return columns, rows


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
    """An Arrow column as NumPy, without a Python-level loop over its values.

    Numbers become float64 (nulls NaN) or stay in their integer type when nothing is
    missing; text becomes an object array (nulls ``None``) built from the column's
    dictionary of distinct values. Buffers are read directly (``to_numpy`` with copies would
    go through pandas, which costs a second to import). ``pyarrow.compute`` (about a tenth
    of a second of CPU to import) is imported only for a column that needs it: with nulls,
    booleans, half floats or text.
    """
    import pyarrow as pa

    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    t = col.type
    if pa.types.is_dictionary(t):
        col = col.dictionary_decode()
        t = col.type
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t):
        if col.null_count or pa.types.is_boolean(t) or pa.types.is_float16(t):
            import pyarrow.compute as pc

            col = pc.cast(col, pa.float64())
            if col.null_count:
                col = pc.fill_null(col, float("nan"))
        return _primitive(col)
    if pa.types.is_null(t):
        return np.full(len(col), np.nan)
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_binary(t):
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(col)
        uniques = np.empty(len(encoded.dictionary) + 1, dtype=object)
        uniques[:-1] = encoded.dictionary.to_pylist()
        uniques[-1] = None
        indices = pc.fill_null(encoded.indices, len(encoded.dictionary))
        return uniques[_primitive(indices)]
    return np.asarray(col.to_pylist(), dtype=object)


def _primitive(col) -> np.ndarray:
    """A null-free Arrow array of numbers as a read-only NumPy view of its data buffer."""
    dtype = np.dtype(_NUMPY_TYPES[str(col.type)])
    return np.frombuffer(col.buffers()[1], dtype=dtype, count=len(col),
                         offset=col.offset * dtype.itemsize)


_NUMPY_TYPES = {
    **{f"{k}{b}": f"{k}{b}" for k in ("int", "uint") for b in (8, 16, 32, 64)},
    "float": "float32", "double": "float64",
}


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
