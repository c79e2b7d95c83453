"""Uploaded tables are checked for columns, rows and expanded size from their header or
metadata before they are read; each refusal names the limit and its setting."""

import struct
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from target87.measure.readers import ReaderError, TableLimits, check_table
from target87.surveys.models import SurveyUpload

pytestmark = pytest.mark.django_db


def post(client, country, name, content):
    return client.post("/en/surveys/upload/", {
        "country": country.pk, "file": SimpleUploadedFile(name, content)})


@pytest.fixture
def fp_client(client, focal_point):
    client.force_login(focal_point)
    return client


def test_csv_with_too_many_columns(fp_client, country):
    header = ",".join(f"v{i}" for i in range(2001)).encode()
    response = post(fp_client, country, "wide.csv", header + b"\n" + b"1," * 2000 + b"1\n")
    page = response.content.decode()
    assert "wide.csv has 2001 columns; at most 2000 are accepted" in page
    assert "SURVEYS_MAX_COLUMNS" in page
    assert not SurveyUpload.objects.exists()


def test_csv_header_of_ten_million_columns_refused_quickly(fp_client, country):
    header = b",".join([b"c"] * 10_000_000)  # 20 MB, no line end within reach
    started = time.monotonic()
    response = post(fp_client, country, "huge.csv", header + b"\n1\n")
    assert time.monotonic() - started < 20
    page = response.content.decode()
    assert "the header line is longer than" in page and "SURVEYS_MAX_COLUMNS" in page


def test_csv_rows_limit(fp_client, country, settings):
    settings.SURVEYS_MAX_ROWS = 100
    body = b"age,weight\n" + b"10,1\n" * 101
    page = post(fp_client, country, "long.csv", body).content.decode()
    assert "long.csv has 101 rows; at most 100 are accepted" in page
    assert "SURVEYS_MAX_ROWS" in page
    response = post(fp_client, country, "ok.csv", b"age,weight\n" + b"10,1\n" * 100)
    assert response.status_code == 302


def _parquet(path, n_rows, n_columns=2, row_group_size=None):
    table = pa.table({f"c{i}": pa.array(np.zeros(n_rows)) for i in range(n_columns)})
    pq.write_table(table, path, compression="zstd", row_group_size=row_group_size)
    return path


def test_parquet_rows_and_expanded_size_from_metadata(tmp_path):
    path = _parquet(tmp_path / "many.parquet", 3_000_000)
    assert path.stat().st_size < 200_000  # tiny on disk, 48 MB once read
    shape = check_table(path)
    assert shape.rows == 3_000_000 and shape.columns == 2
    assert shape.expanded_bytes >= 48_000_000
    with pytest.raises(ReaderError, match="has 3000000 rows; at most 1000000") as refused:
        check_table(path, limits=TableLimits(max_rows=1_000_000, rows_setting="SURVEYS_MAX_ROWS"))
    assert refused.value.params["setting"] == "SURVEYS_MAX_ROWS"
    with pytest.raises(ReaderError, match="expands to 45 MB") as refused:
        check_table(path, limits=TableLimits(max_expanded_bytes=10 * 2**20))
    assert refused.value.code == "too_large_expanded"


def test_parquet_upload_refused_by_the_expanded_limit(fp_client, country, settings, tmp_path):
    settings.SURVEYS_MAX_EXPANDED_BYTES = 10 * 2**20
    path = _parquet(tmp_path / "bomb.parquet", 3_000_000)
    page = post(fp_client, country, "bomb.parquet", path.read_bytes()).content.decode()
    assert "bomb.parquet expands to" in page and "SURVEYS_MAX_EXPANDED_BYTES" in page
    assert not SurveyUpload.objects.exists()


def test_parquet_with_too_many_columns(tmp_path):
    path = _parquet(tmp_path / "wide.parquet", 2, n_columns=30)
    with pytest.raises(ReaderError, match="30 columns; at most 20"):
        check_table(path, limits=TableLimits(max_columns=20))


def test_parquet_footer_far_beyond_the_columns_is_not_parsed(tmp_path):
    path = _parquet(tmp_path / "wide.parquet", 2, n_columns=3000)
    with pytest.raises(ReaderError) as refused:
        check_table(path, limits=TableLimits(max_columns=2))
    assert refused.value.code == "too_many_columns"


def test_spss_and_stata_rows_and_columns_from_the_header(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({f"v{i}": np.arange(500, dtype=float) for i in range(12)})
    sav, dta = tmp_path / "s.sav", tmp_path / "s.dta"
    pyreadstat.write_sav(frame, str(sav))
    pyreadstat.write_dta(frame, str(dta))
    for path in (sav, dta):
        shape = check_table(path)
        assert (shape.rows, shape.columns) == (500, 12), path
        with pytest.raises(ReaderError, match="has 500 rows; at most 499"):
            check_table(path, limits=TableLimits(max_rows=499))
        with pytest.raises(ReaderError, match="has 12 columns; at most 10"):
            check_table(path, limits=TableLimits(max_columns=10))


def test_stata_header_claiming_billions_of_rows(tmp_path):
    import pandas as pd

    path = tmp_path / "liar.dta"
    pyreadstat.write_dta(pd.DataFrame({"a": [1.0, 2.0]}), str(path))
    data = bytearray(path.read_bytes())
    at = data.find(b"<N>") + 3
    endian = "<" if b"<byteorder>LSF" in data[:200] else ">"
    size = 8 if int(data[data.find(b"<release>") + 9:data.find(b"</release>")]) >= 118 else 4
    data[at:at + size] = struct.pack(endian + ("Q" if size == 8 else "I"), 4_000_000_000)
    path.write_bytes(bytes(data))
    with pytest.raises(ReaderError) as refused:
        check_table(path)
    assert refused.value.code == "too_many_rows"
