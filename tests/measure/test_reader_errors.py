"""Broken input files raise the library's ReaderError, naming the file and what was expected."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from target87.measure.cli import MeasureInputError, main
from target87.measure.readers import ReaderError, list_columns, read_table

BROKEN = {
    # name: (content, words the message must contain)
    "garbage.parquet": (b"not a parquet file at all", "expected a Parquet file"),
    "truncated.parquet": (b"PAR1\x15\x04\x15\x10garbagePAR1", "expected a Parquet file"),
    "broken.sav": (b"$FL2" + b"\x00garbage" * 8, "expected an SPSS (.sav) file"),
    "broken.dta": (b"<stata_dta><header>junk", "expected a Stata (.dta) file"),
    "latin1.csv": ("région,âge\n1,2\n".encode("latin-1"), "expected UTF-8 encoded CSV"),
    "late-latin1.csv": (b"a,b\n1,caf\xe9\n", "expected UTF-8 encoded CSV"),
}


@pytest.fixture(params=sorted(BROKEN))
def broken(request, tmp_path):
    content, expected = BROKEN[request.param]
    path = tmp_path / request.param
    path.write_bytes(content)
    return path, expected


def test_list_columns_raises_reader_error(broken):
    path, expected = broken
    with pytest.raises(ReaderError) as exc:
        list_columns(path)
    assert isinstance(exc.value, MeasureInputError)
    message = str(exc.value)
    assert path.name in message and expected in message


def test_read_table_raises_reader_error(broken):
    path, expected = broken
    with pytest.raises(ReaderError) as exc:
        read_table(path)
    assert path.name in str(exc.value) and expected in str(exc.value)


def test_csv_error_names_the_byte_that_is_not_utf8(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("région\n1\n".encode("latin-1"))
    with pytest.raises(ReaderError, match=r"byte 0xe9 is not valid UTF-8"):
        list_columns(path)


def test_command_line_prints_a_message_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "survey.parquet"
    path.write_bytes(b"PAR1 damaged")
    assert main(["child-labour", str(path), "--preset", "mics6"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: survey.parquet: expected a Parquet file")
    assert "Traceback" not in err


def test_readers_do_not_import_django(tmp_path):
    path = tmp_path / "x.parquet"
    path.write_bytes(b"garbage")
    code = textwrap.dedent(f"""
        import sys
        from target87.measure.readers import ReaderError, list_columns
        try:
            list_columns({str(path)!r})
        except ReaderError:
            pass
        assert not any(m == "django" or m.startswith("django.") for m in sys.modules), "django"
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
