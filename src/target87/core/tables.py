"""Every table downloadable as CSV and XLSX; every chart as SVG and PNG."""

from __future__ import annotations

import csv
import io
import re

from django.http import HttpResponse

from target87.core.charts import render_png, render_svg

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    # a spreadsheet must never run a cell as a formula
    return "'" + text if text.startswith(FORMULA_START) else text


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "table"


def table_response(fmt: str, filename: str, headers: list[str], rows: list[list]) -> HttpResponse:
    filename = _safe_name(filename)
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = filename[:31]
        ws.append([str(h) for h in headers])
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        buffer = io.BytesIO()
        wb.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    # BOM so that spreadsheet programs read UTF-8 (Arabic, Chinese) correctly
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def chart_response(spec: dict, fmt: str, filename: str) -> HttpResponse:
    filename = _safe_name(filename)
    if fmt == "png":
        response = HttpResponse(render_png(spec), content_type="image/png")
    else:
        response = HttpResponse(render_svg(spec), content_type="image/svg+xml; charset=utf-8")
        fmt = "svg"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
