"""Read multi-regional input-output (MRIO) systems and satellite accounts into NumPy arrays.

Two layouts are read:

* a folder (or a ``.zip`` of one) written by pymrio's ``save_all`` in text (tab-separated)
  or Parquet form: ``file_parameters.json``, ``Z``, ``Y``, ``x`` (optional: computed as
  ``Z 1 + Y 1`` when absent, as pymrio does), and one sub-folder per extension with ``F`` and
  optionally ``F_Y``;
* an OECD Inter-Country Input-Output (ICIO) CSV file, or a ``.zip`` holding just that file
  as the OECD distributes it: one row and one column per
  ``COUNTRY_INDUSTRY``, final-demand columns ``COUNTRY_HFCE`` ... , value-added rows
  (``TLS``, ``VA``, ``*_TAXSUB``, ``VALU``) and the output row and column (``OUT`` / ``OUTPUT``
  / ``TOTAL``). As in pymrio's ICIO parser, the split Chinese and Mexican tables (``CN1``,
  ``CN2`` ..., ``MX1`` ...) are added into ``CHN`` and ``MEX``.

A satellite account is a CSV file with columns ``region``, ``sector`` and one column per
stressor (children in child labour, in hazardous work, persons in forced labour ...). A row
whose ``sector`` is a final-demand category of the MRIO (e.g. "Final consumption expenditure
by households") is a stressor of final demand itself (pymrio's ``F_Y``).

Every problem is a :class:`IOInputError` naming the file, the row and the label.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from target87.measure.cli import MeasureInputError

# Largest relative gap allowed between x and Z 1 + Y 1 on a row (relative to the row's gross
# flows |Z| 1 + |Y| 1): text files written by pymrio keep 8 significant digits, ICIO files a
# few decimals of a million US dollars; a wrong or shifted x is off by far more.
BALANCE_RTOL = 1e-4

ICIO_FINAL_DEMAND = {"HFCE", "NPISH", "NPS", "GGFC", "GFCF", "INVNT", "INV", "DIRP", "DPABR",
                     "FD", "P33", "DISC"}
ICIO_OUTPUT = {"OUT", "OUTPUT", "TOTAL"}
ICIO_VALUE_ADDED = {"TLS", "VA", "VALU", "TAXSUB"}


class IOInputError(MeasureInputError, ValueError):
    """An input-output table or satellite account that cannot be used as given."""


@dataclass
class Satellite:
    """Stressors by producing (region, sector): ``F`` (stressors x n); ``F_Y`` (stressors x
    final-demand columns) holds what final demand emits itself, or is ``None``."""

    stressors: list[str]
    F: np.ndarray
    F_Y: np.ndarray | None = None
    source: str = ""
    units: dict[str, str] = field(default_factory=dict)


@dataclass
class MRIO:
    """A multi-regional input-output system as arrays.

    ``labels``: the n (region, sector) pairs of Z's rows and columns; ``Z`` (n x n, or
    ``None`` once :func:`target87.measure.io_analysis.footprint` has factorised it, see
    ``leontief``); ``x`` total output (n); ``Y`` final demand (n x m) with ``y_labels`` the m
    (region, category) pairs; ``extensions`` the satellites stored with the system.
    """

    labels: list[tuple[str, str]]
    Z: np.ndarray | None
    x: np.ndarray
    Y: np.ndarray
    y_labels: list[tuple[str, str]]
    source: str = ""
    format: str = ""
    unit: str = ""
    extensions: dict[str, Satellite] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    leontief: object | None = None

    @property
    def n(self) -> int:
        return len(self.labels)

    @property
    def regions(self) -> list[str]:
        return list(dict.fromkeys(r for r, _ in self.labels))

    @property
    def sectors(self) -> list[str]:
        return list(dict.fromkeys(s for _, s in self.labels))

    @property
    def consumers(self) -> list[str]:
        """Regions of final demand, in order (may include regions without industries)."""
        return list(dict.fromkeys(r for r, _ in self.y_labels))

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(c for _, c in self.y_labels))

    def satellite(self, name: str | None = None) -> Satellite:
        """The extension ``name`` stored with the system; without a name, all of them (a
        stressor named twice is prefixed with its extension's name)."""
        if name is not None:
            if name not in self.extensions:
                raise IOInputError(
                    "io_extension_unknown", "%(source)s has no extension %(name)r (it has: "
                    "%(names)s)", source=self.source, name=name,
                    names=", ".join(self.extensions) or "none")
            return self.extensions[name]
        if not self.extensions:
            raise IOInputError("io_no_extension",
                               "%(source)s holds no extension (satellite account); give one "
                               "as a CSV file", source=self.source)
        if len(self.extensions) == 1:
            return next(iter(self.extensions.values()))
        names: list[str] = []
        seen: dict[str, int] = {}
        for sat in self.extensions.values():
            for s in sat.stressors:
                seen[s] = seen.get(s, 0) + 1
        fs, fys, units = [], [], {}
        for ext_name, sat in self.extensions.items():
            for i, s in enumerate(sat.stressors):
                label = s if seen[s] == 1 else f"{ext_name}: {s}"
                names.append(label)
                if s in sat.units:
                    units[label] = sat.units[s]
                fs.append(sat.F[i])
                fys.append(sat.F_Y[i] if sat.F_Y is not None
                           else np.zeros(len(self.y_labels)))
        return Satellite(names, np.array(fs), np.array(fys), source=self.source, units=units)


# --------------------------------------------------------------------------- file access


class _Source:
    """A folder or a zip archive holding a pymrio save (``root`` is the folder inside)."""

    def __init__(self, path: Path):
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.root = ""
        if path.is_dir():
            if not (path / "file_parameters.json").is_file():
                raise IOInputError(
                    "io_not_pymrio", "%(path)s has no file_parameters.json: expected a folder "
                    "written by pymrio's save_all", path=str(path))
            return
        try:
            self.zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise IOInputError("io_zip_unreadable", "cannot read %(path)s as a zip archive: "
                               "%(detail)s", path=str(path), detail=str(exc)) from None
        candidates = []
        for name in self.zip.namelist():
            if name.rsplit("/", 1)[-1] == "file_parameters.json":
                try:
                    params = json.loads(self.zip.read(name))
                except (ValueError, KeyError):
                    continue
                if params.get("systemtype") == "IOSystem":
                    candidates.append(name[: -len("file_parameters.json")])
        self.icio_member = None
        if not candidates:
            tables = [name for name in self.zip.namelist()
                      if name.lower().endswith(".csv") and not name.startswith("__MACOSX/")]
            if len(tables) == 1:  # an OECD ICIO table as the OECD distributes it, zipped
                self.icio_member = tables[0]
                return
            raise IOInputError(
                "io_not_pymrio", "%(path)s has no file_parameters.json: expected a folder "
                "written by pymrio's save_all", path=str(path))
        self.root = min(candidates, key=lambda c: (c.count("/"), c))

    def name(self, rel: str) -> str:
        return f"{self.path.name}:{self.root}{rel}" if self.zip else str(self.path / rel)

    def exists(self, rel: str) -> bool:
        if self.zip:
            try:
                self.zip.getinfo(self.root + rel)
                return True
            except KeyError:
                return False
        return (self.path / rel).is_file()

    def read_bytes(self, rel: str) -> bytes:
        if self.zip:
            return self.zip.read(self.root + rel)
        return (self.path / rel).read_bytes()

    def open(self, rel: str):
        if self.zip:
            return self.zip.open(self.root + rel)
        return open(self.path / rel, "rb")

    def subfolders(self) -> list[str]:
        if self.zip:
            found = set()
            for name in self.zip.namelist():
                if name.startswith(self.root):
                    rest = name[len(self.root):].split("/")
                    if len(rest) == 2 and rest[1] == "file_parameters.json":
                        found.add(rest[0])
            return sorted(found)
        return sorted(p.name for p in self.path.iterdir()
                      if (p / "file_parameters.json").is_file())


@dataclass
class _Frame:
    """A table as read from a pymrio file: row labels, column labels, values."""

    index: list[tuple]
    columns: list[tuple]
    values: np.ndarray
    file: str
    header_rows: int = 0


def _label(parts) -> tuple[str, ...]:
    return tuple("" if p is None else str(p) for p in parts)


def _read_text_frame(src: _Source, rel: str, n_index: int, n_header: int,
                     order: str = "C") -> _Frame:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    file = src.name(rel)
    with src.open(rel) as fh:
        head = []
        stream = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        for _ in range(n_header + 1):
            head.append(stream.readline().rstrip("\r\n").split("\t"))
    header = head[:n_header]
    skip = n_header
    # pandas writes the index names on a line of their own under a multi-row header.
    if n_header > 1 and len(head) > n_header and all(c == "" for c in head[n_header][n_index:]):
        skip += 1
    width = len(header[0])
    if any(len(h) != width for h in header):
        raise IOInputError("io_header_ragged", "%(file)s: the header rows have different "
                           "lengths", file=file)
    columns = [_label(h[i] for h in header) for i in range(n_index, width)]
    names = [f"c{i}" for i in range(width)]
    types = {names[i]: pa.string() for i in range(n_index)}
    types.update({names[i]: pa.float64() for i in range(n_index, width)})
    try:
        with src.open(rel) as fh:
            table = pacsv.read_csv(
                fh,
                read_options=pacsv.ReadOptions(skip_rows=skip, column_names=names,
                                               block_size=1 << 24),
                parse_options=pacsv.ParseOptions(delimiter="\t"),
                convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False),
            )
    except pa.ArrowInvalid as exc:
        _arrow_error(exc, file, columns, n_index, skip, lambda: src.open(rel))
    index = [_label(t) for t in zip(*(table.column(i).to_pylist() for i in range(n_index)),
                                    strict=True)]
    values = np.empty((table.num_rows, width - n_index), dtype=np.float64, order=order)
    for j in range(n_index, width):
        _fill(values[:, j - n_index], table.column(j))
    del table
    return _Frame(index, columns, values, file, skip)


def _fill(out: np.ndarray, column) -> None:
    """Copy a float64 Arrow (chunked) column into ``out``, nulls as NaN, straight from its
    data buffers (Arrow's to_numpy imports pandas when it is installed, for seconds)."""
    if column.null_count:
        column = column.fill_null(np.nan)
    pos = 0
    for chunk in column.chunks:
        size = len(chunk)
        data = chunk.buffers()[1]
        out[pos:pos + size] = np.frombuffer(data, dtype=np.float64,
                                            count=chunk.offset + size)[chunk.offset:]
        pos += size


def _arrow_error(exc, file: str, columns, n_index: int, skip: int, opener=None,
                 delimiter: str = "\t"):
    text = str(exc)
    m = re.search(r"column #(\d+)", text)
    v = re.search(r"invalid value '(.*?)'", text)
    if m and v:
        col, value = int(m.group(1)), v.group(1)
        label = columns[col - n_index] if n_index <= col < n_index + len(columns) else (str(col),)
        row = _find_bad_cell(opener, col, value, delimiter, skip) if opener else None
        raise IOInputError("io_value_not_number", "%(file)s row %(row)s, column %(label)s: "
                           "%(value)r is not a number", file=file, row=row or "?",
                           label=" / ".join(label), value=value) from None
    m = re.search(r"Expected (\d+) columns, got (\d+)", text)
    if m:
        raise IOInputError("io_row_ragged", "%(file)s: a row has %(got)s cells where the header "
                           "has %(expected)s", file=file, got=int(m.group(2)),
                           expected=int(m.group(1))) from None
    raise IOInputError("io_file_unreadable", "cannot read %(file)s: %(detail)s", file=file,
                       detail=text) from None


def _find_bad_cell(opener, col: int, value: str, delimiter: str, skip: int) -> int | None:
    """Line number (1-based) of the first data line whose cell ``col`` reads ``value``."""
    with opener() as fh:
        reader = csv.reader(io.TextIOWrapper(fh, encoding="utf-8", newline=""),
                            delimiter=delimiter)
        for line, cells in enumerate(reader, start=1):
            if line > skip and len(cells) > col and cells[col].strip() == value.strip():
                return line
    return None


def _parquet_label(name: str, n_levels: int) -> tuple[str, ...]:
    if name.startswith("("):
        try:
            value = ast.literal_eval(name)
        except (ValueError, SyntaxError):
            value = None
        if isinstance(value, tuple):
            return _label(value)
    return (name,)


def _read_parquet_frame(src: _Source, rel: str, order: str = "C", chunk: int = 512) -> _Frame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = src.name(rel)
    try:
        handle = pa.BufferReader(src.read_bytes(rel)) if src.zip else str(src.path / rel)
        pf = pq.ParquetFile(handle)
    except (OSError, pa.ArrowException) as exc:
        raise IOInputError("io_file_unreadable", "cannot read %(file)s: %(detail)s", file=file,
                           detail=str(exc)) from None
    schema = pf.schema_arrow
    meta = json.loads((schema.metadata or {}).get(b"pandas", b"{}") or b"{}")
    index_cols = [c for c in meta.get("index_columns", []) if isinstance(c, str)]
    data_cols = [n for n in schema.names if n not in index_cols]
    n_levels = max(1, len(meta.get("column_indexes", [])))
    columns = [_parquet_label(c, n_levels) for c in data_cols]
    idx_table = pf.read(columns=index_cols) if index_cols else None
    n_rows = pf.metadata.num_rows
    index = ([_label(t) for t in zip(*(idx_table.column(i).to_pylist()
                                       for i in range(len(index_cols))), strict=True)]
             if idx_table is not None else [(str(i),) for i in range(n_rows)])
    values = np.empty((n_rows, len(data_cols)), dtype=np.float64, order=order)
    for start in range(0, len(data_cols), chunk):
        part = pf.read(columns=data_cols[start:start + chunk])
        for j in range(part.num_columns):
            col = part.column(j)
            try:
                col = col.cast(pa.float64())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise IOInputError("io_column_not_number", "%(file)s column %(label)s is not "
                                   "numeric", file=file,
                                   label=" / ".join(columns[start + j])) from None
            _fill(values[:, start + j], col)
        del part
    return _Frame(index, columns, values, file, 0)


def _read_frame(src: _Source, spec: dict, order: str = "C") -> _Frame:
    rel = spec["name"]
    if not src.exists(rel):
        raise IOInputError("io_file_missing", "%(file)s is listed in file_parameters.json but "
                           "missing", file=src.name(rel))
    if rel.endswith(".parquet"):
        return _read_parquet_frame(src, rel, order=order)
    return _read_text_frame(src, rel, int(spec.get("nr_index_col", 2)),
                            int(spec.get("nr_header", 1)), order=order)


def _row_label(frame: _Frame, i: int) -> str:
    return " / ".join(frame.index[i])


def _check_finite(frame: _Frame, what: str) -> None:
    bad = ~np.isfinite(frame.values)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise IOInputError(
            "io_value_not_finite", "%(file)s row %(row)s (%(label)s), column %(column)s: "
            "%(what)s must be a finite number, found %(value)s", file=frame.file,
            row=int(i) + frame.header_rows + 1, label=_row_label(frame, int(i)),
            column=" / ".join(frame.columns[int(j)]), what=what,
            value=str(frame.values[i, j]))


def _pairs(labels: list[tuple], file: str, what: str) -> list[tuple[str, str]]:
    out = []
    for i, lab in enumerate(labels):
        if len(lab) < 2:
            raise IOInputError("io_labels_not_pairs", "%(file)s: %(what)s label %(label)r "
                               "(number %(number)s) is not a (region, sector) pair",
                               file=file, what=what, label=" / ".join(lab), number=i + 1)
        out.append((lab[0], lab[1]))
    return out


# --------------------------------------------------------------------------- pymrio saves


def read_mrio(path) -> MRIO:
    """Read a pymrio ``save_all`` folder or ``.zip`` (text or Parquet), or an OECD ICIO CSV
    (plain or zipped)."""
    path = Path(path)
    if not path.exists():
        raise IOInputError("io_path_missing", "%(path)s does not exist", path=str(path))
    if path.is_file() and path.suffix.lower() in (".csv", ".txt"):
        return read_icio(path)
    src = _Source(path)
    try:
        if src.zip and src.icio_member:
            import shutil
            import tempfile

            with tempfile.TemporaryDirectory(prefix="target87-icio-") as tmp:
                target = Path(tmp) / "table.csv"
                with src.zip.open(src.icio_member) as fh, open(target, "wb") as out:
                    shutil.copyfileobj(fh, out, 1 << 20)
                mrio = read_icio(target, name=f"{path}:{src.icio_member}")
            mrio.source = str(path)
            return mrio
        return _read_pymrio(src)
    finally:
        if src.zip:
            src.zip.close()


def _params(src: _Source, rel: str) -> dict:
    try:
        params = json.loads(src.read_bytes(rel))
        files = params["files"]
        if not isinstance(files, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError) as exc:
        raise IOInputError("io_parameters_invalid", "%(file)s is not a pymrio file_parameters "
                           "file: %(detail)s", file=src.name(rel), detail=str(exc)) from None
    return params


def _read_pymrio(src: _Source) -> MRIO:
    params = _params(src, "file_parameters.json")
    files = params["files"]
    for needed in ("Y",):
        if needed not in files:
            raise IOInputError("io_table_missing", "%(file)s lists no %(table)s table",
                               file=src.name("file_parameters.json"), table=needed)
    if "Z" not in files:
        raise IOInputError("io_table_missing", "%(file)s lists no %(table)s table",
                           file=src.name("file_parameters.json"), table="Z")
    # Z is read column-major: (I - A) is then factorised in place without a copy.
    zf = _read_frame(src, files["Z"], order="F")
    _check_finite(zf, "an intermediate flow")
    labels = _pairs(zf.index, zf.file, "row")
    col_labels = _pairs(zf.columns, zf.file, "column")
    n = len(labels)
    if zf.values.shape != (n, n) or len(col_labels) != n:
        raise IOInputError("io_z_not_square", "%(file)s has %(rows)s rows and %(cols)s columns; "
                           "Z must be square", file=zf.file, rows=zf.values.shape[0],
                           cols=zf.values.shape[1])
    if len(set(labels)) != n:
        dup = next(lab for i, lab in enumerate(labels) if lab in labels[:i])
        raise IOInputError("io_label_duplicate", "%(file)s: row label %(label)s appears twice",
                           file=zf.file, label=" / ".join(dup))
    Z = zf.values
    if col_labels != labels:
        where = {lab: i for i, lab in enumerate(col_labels)}
        for j, lab in enumerate(labels):
            if lab not in where:
                raise IOInputError(
                    "io_z_labels_differ", "%(file)s: row %(row)s (%(label)s) has no column of "
                    "the same label; Z's rows and columns must be the same (region, sector) "
                    "pairs", file=zf.file, row=j + zf.header_rows + 1, label=" / ".join(lab))
        Z = np.asfortranarray(Z[:, [where[lab] for lab in labels]])
    yf = _read_frame(src, files["Y"])
    _check_finite(yf, "final demand")
    y_labels = _pairs(yf.columns, yf.file, "column")
    Y = _align_rows(yf, labels, zf.file)
    x, x_file, x_offset = None, None, 0
    if "x" in files:
        xf = _read_frame(src, files["x"])
        _check_finite(xf, "total output")
        x_file, x_offset = xf.file, xf.header_rows
        x = _align_rows(xf, labels, zf.file)[:, 0]
    mrio = MRIO(labels=labels, Z=Z, x=_output(Z, Y, x, labels, zf.file, x_file, x_offset),
                Y=Y, y_labels=y_labels,
        source=str(src.path), format="pymrio", files={"Z": zf.file, "Y": yf.file})
    if "unit" in files and src.exists(files["unit"]["name"]):
        mrio.unit = _first_unit(src, files["unit"])
    for sub in src.subfolders():
        ext = _read_extension(src, sub, mrio)
        if ext is not None:
            mrio.extensions[sub] = ext
    return mrio


def _first_unit(src: _Source, spec: dict) -> str:
    rel = spec["name"]
    try:
        if rel.endswith(".parquet"):
            import pyarrow.parquet as pq

            pf = pq.ParquetFile(io.BytesIO(src.read_bytes(rel)))
            values = pf.read(columns=["unit"]).column(0).to_pylist()
        else:
            lines = src.read_bytes(rel).decode("utf-8").splitlines()[1:]
            values = [line.split("\t")[-1] for line in lines if line.strip()]
    except Exception:  # noqa: BLE001 - a unit is only shown, never computed with
        return ""
    units = list(dict.fromkeys(v for v in values if v))
    return units[0] if len(units) == 1 else ""


def _align_rows(frame: _Frame, labels: list[tuple[str, str]], z_file: str) -> np.ndarray:
    rows = _pairs(frame.index, frame.file, "row")
    if rows == labels:
        return frame.values
    where = {lab: i for i, lab in enumerate(rows)}
    wanted = set(labels)
    for i, lab in enumerate(rows):
        if lab not in wanted:
            raise IOInputError(
                "io_rows_differ_from_z", "%(file)s row %(row)s: %(label)s is not a row of "
                "%(z_file)s", file=frame.file, row=i + frame.header_rows + 1,
                label=" / ".join(lab), z_file=z_file)
    for lab in labels:
        if lab not in where:
            raise IOInputError(
                "io_row_missing", "%(file)s has no row %(label)s, which %(z_file)s has",
                file=frame.file, label=" / ".join(lab), z_file=z_file)
    return frame.values[[where[lab] for lab in labels]]


def _output(Z: np.ndarray, Y: np.ndarray, x: np.ndarray | None,
            labels: list[tuple[str, str]], z_file: str, x_file: str | None,
            x_offset: int = 1) -> np.ndarray:
    """Total output: as given (checked against Z 1 + Y 1) or computed from Z and Y.

    ``x_offset``: lines above the first data row of ``x_file`` (for messages).
    """
    computed = Z.sum(axis=1) + Y.sum(axis=1)
    if x is None:
        x = computed
        x_file, x_offset = z_file, 0
    else:
        gross = np.abs(Y).sum(axis=1)
        for j in range(0, Z.shape[1], 256):  # a slice at a time: no n x n temporary
            gross += np.abs(Z[:, j:j + 256]).sum(axis=1)
        gap = np.abs(x - computed)
        tol = BALANCE_RTOL * np.maximum(gross, np.abs(x)) + 1e-9 * max(1.0, float(np.abs(x).max(
            initial=0.0)))
        bad = np.flatnonzero(~(gap <= tol))
        if bad.size:
            i = int(bad[np.argmax(np.nan_to_num(gap[bad], nan=np.inf))])
            raise IOInputError(
                "io_z_x_mismatch", "%(file)s row %(row)s (%(label)s): total output %(x)s does "
                "not equal the row's intermediate and final sales in %(z_file)s (%(sum)s)",
                file=x_file, row=i + 1 + x_offset, label=" / ".join(labels[i]), x=float(x[i]),
                sum=float(computed[i]), z_file=z_file, index=i)
    neg = np.flatnonzero(x < 0)
    if neg.size:
        i = int(neg[0])
        raise IOInputError("io_output_negative", "%(file)s row %(row)s (%(label)s): total "
                           "output is negative (%(x)s)", file=x_file, row=i + 1 + x_offset,
                           label=" / ".join(labels[i]), x=float(x[i]), index=i)
    return np.ascontiguousarray(x, dtype=np.float64)


def _read_extension(src: _Source, sub: str, mrio: MRIO) -> Satellite | None:
    params = _params(src, f"{sub}/file_parameters.json")
    if params.get("systemtype") != "Extension":
        return None
    files = params["files"]
    if "F" not in files:
        return None
    ff = _read_frame(src, {**files["F"], "name": f"{sub}/{files['F']['name']}"})
    _check_finite(ff, "a stressor")
    names = [" / ".join(p for p in lab if p) for lab in ff.index]
    F = _align_columns(ff, mrio.labels, mrio.files["Z"])
    F_Y = None
    if "F_Y" in files and src.exists(f"{sub}/{files['F_Y']['name']}"):
        fy = _read_frame(src, {**files["F_Y"], "name": f"{sub}/{files['F_Y']['name']}"})
        _check_finite(fy, "a stressor of final demand")
        F_Y = _align_columns(fy, mrio.y_labels, mrio.files["Y"])
        if [" / ".join(p for p in lab if p) for lab in fy.index] != names:
            raise IOInputError("io_fy_rows_differ", "%(file)s: its rows are not the stressors "
                               "of %(f_file)s", file=fy.file, f_file=ff.file)
    return Satellite(names, F, F_Y, source=ff.file)


def _align_columns(frame: _Frame, labels: list[tuple[str, str]], ref_file: str) -> np.ndarray:
    cols = _pairs(frame.columns, frame.file, "column")
    if cols == labels:
        return np.ascontiguousarray(frame.values)
    where = {lab: i for i, lab in enumerate(cols)}
    for lab in cols:
        if lab not in set(labels):
            raise IOInputError("io_columns_differ", "%(file)s: column %(label)s is not in "
                               "%(ref)s", file=frame.file, label=" / ".join(lab), ref=ref_file)
    out = np.zeros((frame.values.shape[0], len(labels)))
    for j, lab in enumerate(labels):
        if lab in where:
            out[:, j] = frame.values[:, where[lab]]
    return out


# --------------------------------------------------------------------------- OECD ICIO


def _icio_column_kind(label: str) -> tuple[str, str, str]:
    """('output'|'final'|'industry', region, code) for an ICIO column label."""
    if label.upper() in ICIO_OUTPUT:
        return "output", "", label
    parts = label.split("_", 1)
    if len(parts) == 1:
        return ("final", "ALL", label) if label.upper() in ICIO_FINAL_DEMAND else (
            "industry", "", label)
    a, b = parts
    if b.upper() in ICIO_FINAL_DEMAND:
        return "final", a, b
    if a.upper() in ICIO_FINAL_DEMAND:  # the 2016 release: HFCE_AUS
        return "final", b, a
    return "industry", a, b


def _icio_row_kind(label: str) -> str:
    up = label.upper()
    if up in ICIO_OUTPUT:
        return "output"
    if up in ICIO_VALUE_ADDED or "VALU" in up or "TAX" in up:
        return "value_added"
    return "industry"


def read_icio(path, *, name: str | None = None) -> MRIO:
    """Read an OECD ICIO CSV (rows and columns ``COUNTRY_INDUSTRY``) into an :class:`MRIO`;
    ``name`` is how messages call the file (default: its path)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    path = Path(path)
    file = name or str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
    except (OSError, UnicodeDecodeError, StopIteration) as exc:
        raise IOInputError("io_file_unreadable", "cannot read %(file)s: %(detail)s", file=file,
                           detail=str(exc) or "empty file") from None
    if len(header) < 3:
        raise IOInputError("io_icio_layout", "%(file)s: expected an OECD ICIO table (a label "
                           "column, then COUNTRY_INDUSTRY columns)", file=file)
    names = [f"c{i}" for i in range(len(header))]
    types = {names[0]: pa.string(), **{c: pa.float64() for c in names[1:]}}
    try:
        table = pacsv.read_csv(
            str(path),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, block_size=1 << 24),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False),
        )
    except pa.ArrowInvalid as exc:
        _arrow_error(exc, file, [(h,) for h in header[1:]], 1, 1, lambda: open(path, "rb"), ",")
    row_labels = [str(v) for v in table.column(0).to_pylist()]
    kinds = [_icio_column_kind(h) for h in header[1:]]
    ind_cols = [j for j, k in enumerate(kinds) if k[0] == "industry"]
    fd_cols = [j for j, k in enumerate(kinds) if k[0] == "final"]
    out_cols = [j for j, k in enumerate(kinds) if k[0] == "output"]
    for j in ind_cols:
        if not kinds[j][1]:
            raise IOInputError("io_icio_label", "%(file)s column %(column)s (%(label)s): "
                               "expected COUNTRY_INDUSTRY", file=file, column=j + 2,
                               label=header[j + 1])
    ind_rows = [i for i, lab in enumerate(row_labels) if _icio_row_kind(lab) == "industry"]
    col_index = {header[j + 1]: j for j in ind_cols}
    for i in ind_rows:
        if row_labels[i] not in col_index:
            raise IOInputError(
                "io_z_labels_differ", "%(file)s row %(row)s (%(label)s) has no column of the "
                "same label; Z's rows and columns must be the same (region, sector) pairs",
                file=file, row=i + 2, label=row_labels[i])
    if len(ind_rows) != len(ind_cols):
        missing = sorted(set(col_index) - {row_labels[i] for i in ind_rows})
        raise IOInputError("io_z_labels_differ", "%(file)s: column %(label)s has no row of the "
                           "same label", file=file, label=missing[0] if missing else "?")

    def column(j: int) -> np.ndarray:
        col = table.column(j + 1)
        if col.null_count:
            col = col.fill_null(0.0)  # ICIO leaves empty cells for zero
        out = np.empty(len(col))
        _fill(out, col)
        return out

    raw_labels = [tuple(row_labels[i].split("_", 1)) for i in ind_rows]
    # The split tables of China and Mexico (CN1, CN2, MX1, MX2) are added into CHN and MEX.
    regions_present = {r for r, _ in raw_labels}
    merge = {}
    for r in regions_present:
        if re.fullmatch(r"CN\d+", r) and "CHN" in regions_present:
            merge[r] = "CHN"
        elif re.fullmatch(r"MX\d+", r) and "MEX" in regions_present:
            merge[r] = "MEX"
    labels: list[tuple[str, str]] = []
    target = {}
    for lab in raw_labels:
        final = (merge.get(lab[0], lab[0]), lab[1])
        if final not in target:
            target[final] = len(labels)
            labels.append(final)
    row_to = np.array([target[(merge.get(r, r), s)] for r, s in raw_labels])
    n = len(labels)
    rows_np = np.array(ind_rows)
    Z = np.zeros((n, n), order="F")
    for j in ind_cols:
        jj = target[_merged(row_labels, header[j + 1], merge)]
        vals = column(j)[rows_np]
        np.add.at(Z[:, jj], row_to, vals)
    y_labels = []
    Y = np.zeros((n, len(fd_cols)))
    for k, j in enumerate(fd_cols):
        y_labels.append((kinds[j][1], kinds[j][2]))
        np.add.at(Y[:, k], row_to, column(j)[rows_np])
    bad = ~np.isfinite(Z)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise IOInputError(
            "io_value_not_finite", "%(file)s row %(row)s (%(label)s), column %(column)s: "
            "%(what)s must be a finite number, found %(value)s", file=file, row=int(i) + 2,
            label="_".join(labels[int(i)]), column="_".join(labels[int(j)]),
            what="an intermediate flow", value=str(Z[i, j]))
    x = None
    if out_cols and not merge:
        x = column(out_cols[0])[rows_np]
    elif out_cols:
        x = np.zeros(n)
        np.add.at(x, row_to, column(out_cols[0])[rows_np])
    x_rows = None if merge else rows_np + 2
    try:
        x = _output(Z, Y, x, labels, file, file, 1)
    except IOInputError as exc:
        if x_rows is not None and "index" in exc.params:
            exc.params["row"] = int(x_rows[exc.params["index"]])
            raise IOInputError(exc.code, exc.template, **exc.params) from None
        raise
    return MRIO(labels=labels, Z=Z, x=x,
                Y=Y, y_labels=y_labels, source=file, format="icio",
                unit="million USD", files={"Z": file, "Y": file})


def _merged(row_labels, label: str, merge: dict) -> tuple[str, str]:
    r, s = label.split("_", 1)
    return (merge.get(r, r), s)


# --------------------------------------------------------------------------- satellite


def read_satellite(path, mrio: MRIO) -> Satellite:
    """Read a satellite account CSV (``region``, ``sector``, one column per stressor)."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IOInputError("io_file_unreadable", "cannot read %(file)s: %(detail)s", file=file,
                           detail=str(exc)) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise IOInputError("io_satellite_empty", "%(file)s is empty: expected columns region, "
                           "sector and one column per stressor", file=file)
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
    for needed in ("region", "sector"):
        if needed not in lower:
            raise IOInputError("io_satellite_column_missing", "%(file)s has no %(column)r "
                               "column (columns: %(columns)s)", file=file, column=needed,
                               columns=", ".join(header))
    ri, si = lower.index("region"), lower.index("sector")
    stressor_cols = [j for j in range(len(header)) if j not in (ri, si)]
    if not stressor_cols:
        raise IOInputError("io_satellite_no_stressor", "%(file)s has no stressor column "
                           "besides region and sector", file=file)
    stressors = [header[j] for j in stressor_cols]
    for j, name in zip(stressor_cols, stressors, strict=True):
        if not name:
            raise IOInputError("io_satellite_column_unnamed", "%(file)s: column %(column)s has "
                               "no name", file=file, column=j + 1)
        if stressors.count(name) > 1:
            raise IOInputError("io_satellite_column_duplicate", "%(file)s: column %(label)r "
                               "appears twice", file=file, label=name)
    index = {lab: i for i, lab in enumerate(mrio.labels)}
    y_index: dict[tuple[str, str], list[int]] = {}
    for k, lab in enumerate(mrio.y_labels):
        y_index.setdefault(lab, []).append(k)
    regions = set(mrio.regions) | set(mrio.consumers)
    sectors = set(mrio.sectors)
    categories = set(mrio.categories)
    K = len(stressors)
    F = np.zeros((K, mrio.n))
    F_Y = np.zeros((K, len(mrio.y_labels)))
    seen: dict[tuple[str, str], int] = {}
    for r, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise IOInputError("io_satellite_row_ragged", "%(file)s row %(row)s has %(got)s "
                               "cells, the header %(expected)s", file=file, row=r,
                               got=len(row), expected=len(header))
        region, sector = row[ri].strip(), row[si].strip()
        if region not in regions:
            raise IOInputError(
                "io_satellite_region_unknown", "%(file)s row %(row)s: region %(label)r is not "
                "a region of the MRIO (%(choices)s)", file=file, row=r, label=region,
                choices=_few(mrio.regions))
        key = (region, sector)
        if key in seen:
            raise IOInputError("io_satellite_row_duplicate", "%(file)s row %(row)s: region "
                               "%(region)r, sector %(label)r is already given on row "
                               "%(first)s", file=file, row=r, region=region, label=sector,
                               first=seen[key])
        seen[key] = r
        values = []
        for j, name in zip(stressor_cols, stressors, strict=True):
            cell = row[j].strip()
            try:
                value = float(cell)
            except ValueError:
                raise IOInputError(
                    "io_satellite_value_not_number", "%(file)s row %(row)s (%(region)s, "
                    "%(label)s), column %(column)r: %(value)r is not a number", file=file,
                    row=r, region=region, label=sector, column=name, value=cell) from None
            if not math.isfinite(value):
                raise IOInputError(
                    "io_satellite_value_not_finite", "%(file)s row %(row)s (%(region)s, "
                    "%(label)s), column %(column)r: %(value)r is not a finite number",
                    file=file, row=r, region=region, label=sector, column=name, value=cell)
            if value < 0:
                raise IOInputError(
                    "io_satellite_value_negative", "%(file)s row %(row)s (%(region)s, "
                    "%(label)s), column %(column)r: %(value)s is negative; expected a count "
                    "or amount of 0 or more", file=file, row=r, region=region, label=sector,
                    column=name, value=value)
            values.append(value)
        if key in index:
            F[:, index[key]] = values
        elif key in y_index and sector not in sectors:
            # Final demand's own stressor; several columns of one category share it by size.
            cols = y_index[key]
            F_Y[:, cols[0]] = values
        elif sector in sectors or sector in categories:
            raise IOInputError(
                "io_satellite_pair_unknown", "%(file)s row %(row)s: the MRIO has no sector "
                "%(label)r in region %(region)r", file=file, row=r, label=sector, region=region)
        else:
            raise IOInputError(
                "io_satellite_sector_unknown", "%(file)s row %(row)s: sector %(label)r is not "
                "a sector of the MRIO (%(choices)s)", file=file, row=r, label=sector,
                choices=_few(mrio.sectors))
    return Satellite(stressors, F, F_Y if F_Y.any() else None, source=file)


def _few(items: list[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" ... ({len(items)} in all)" if len(items) > limit else "")
