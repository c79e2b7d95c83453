"""Fuzz of the upload readers with hypothesis, bounded in examples and time: whatever the
bytes, a reader answers with a table or a ReaderError / ImportRefused message; it never
crashes otherwise, hangs or grows without bound."""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from target87.measure.readers import (
    ReaderError,
    TableLimits,
    check_table,
    list_columns,
    read_table,
)

FUZZ = settings(max_examples=60, deadline=5000, derandomize=True,
                suppress_health_check=list(HealthCheck))
LIMITS = TableLimits(max_columns=50, max_rows=10_000, max_expanded_bytes=10 * 2**20)

# Real openings of each format, so that mutations reach past the magic bytes.
SEEDS = {}


def _seeds(tmp_dir):
    if SEEDS:
        return SEEDS
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pyreadstat

    frame = pd.DataFrame({"age": [5.0, 12.0, 17.0], "weight": [1.0, 2.5, 0.5]})
    parquet = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame), parquet)
    SEEDS["parquet"] = parquet.getvalue()
    for fmt, writer in (("sav", pyreadstat.write_sav), ("dta", pyreadstat.write_dta)):
        path = tmp_dir / f"seed.{fmt}"
        writer(frame, str(path))
        SEEDS[fmt] = path.read_bytes()
    SEEDS["csv"] = b"age,weight\n5,1\n12,2.5\n17,0.5\n"
    return SEEDS


def _mutate(seed: bytes, data) -> bytes:
    """Flip, cut or splice bytes of a valid file."""
    out = bytearray(seed)
    for _ in range(data.draw(st.integers(0, 6), label="edits")):
        kind = data.draw(st.sampled_from(["flip", "cut", "insert"]), label="kind")
        at = data.draw(st.integers(0, max(len(out) - 1, 0)), label="at")
        if kind == "flip" and out:
            out[at] = data.draw(st.integers(0, 255), label="byte")
        elif kind == "cut":
            del out[at:at + data.draw(st.integers(1, 64), label="n")]
        else:
            out[at:at] = data.draw(st.binary(max_size=64), label="bytes")
    return bytes(out)


def _read(path, fmt):
    try:
        check_table(path, format=fmt, limits=LIMITS)
        columns = list_columns(path, format=fmt)
        read_table(path, columns[:5], format=fmt)
    except ReaderError:
        pass  # a refusal with a message is the expected answer to damage


@pytest.mark.parametrize("fmt", ["csv", "parquet", "sav", "dta"])
@FUZZ
@given(data=st.data())
def test_mutated_files_are_read_or_refused(tmp_path_factory, fmt, data):
    tmp = tmp_path_factory.mktemp("fuzz")
    content = _mutate(_seeds(tmp_path_factory.mktemp("seeds"))[fmt], data)
    path = tmp / f"upload.{fmt}"
    path.write_bytes(content)
    _read(path, fmt)


@FUZZ
@given(st.binary(max_size=4096))
def test_any_bytes_as_csv(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("fuzz") / "upload.csv"
    path.write_bytes(content)
    _read(path, "csv")


def _xlsx_seed() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in (["indicator", "value"], ["CL_PREV_ECON", 12.5], ["FL_PREV", 3]):
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


XLSX = _xlsx_seed()


@FUZZ
@given(data=st.data())
def test_mutated_xlsx_submissions_are_read_or_refused(data):
    from target87.monitoring.xlsform import ImportRefused, read_submissions

    # mutate inside the archive's parts as well as its bytes
    archive = zipfile.ZipFile(io.BytesIO(XLSX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in archive.infolist():
            part = archive.read(item)
            if item.filename.startswith("xl/worksheets/") and data.draw(st.booleans()):
                part = _mutate(part, data)
            target.writestr(item.filename, part)
    content = _mutate(out.getvalue(), data) if data.draw(st.booleans()) else out.getvalue()
    try:
        read_submissions("kobo.xlsx", content)
    except ImportRefused as refused:
        assert refused.errors


@FUZZ
@given(st.text(max_size=2000))
def test_any_text_as_xlsform_csv_submissions(text):
    from target87.monitoring.xlsform import ImportRefused, read_submissions

    try:
        read_submissions("kobo.csv", text.encode("utf-8", "surrogatepass"))
    except ImportRefused as refused:
        assert refused.errors
    except UnicodeEncodeError:
        pass
