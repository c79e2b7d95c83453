"""Excel export and import of a country's indicator values for a reporting cycle."""

from __future__ import annotations

import io

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from target87.core.limits import check_workbook
from target87.core.tables import FORMULA_START, safe_cell
from target87.monitoring.models import Indicator, Observation
from target87.monitoring.xlsform import ImportRefused, RowError

COLUMNS = [
    "indicator",
    "disaggregation",
    "value",
    "numerator",
    "denominator",
    "value_bool",
    "value_year",
    "value_text",
    "currency",
    "percent_gdp",
    "se",
    "ci_low",
    "ci_high",
    "source",
    "method_note",
    "status",
    "name",
]
EDITABLE = COLUMNS[2:15]


def export_values(country, year: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{country.iso3} {year}"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    observations = {
        (o.indicator_id, o.disaggregation_key): o
        for o in Observation.objects.filter(
            country=country, period=year, indicator__isnull=False, origin="national")
    }
    for indicator in Indicator.objects.filter(computed=False).order_by("order"):
        keys = [k for (iid, k) in observations if iid == indicator.pk] or (
            [f"convention={c}" for c in indicator.conventions] if indicator.conventions else [""]
        )
        for key in sorted(set(keys)):
            obs = observations.get((indicator.pk, key))
            row = [indicator.code, key]
            for column in EDITABLE:
                value = getattr(obs, column, None) if obs else None
                if column == "value_bool" and value is not None:
                    value = "yes" if value else "no"
                row.append(float(value) if hasattr(value, "quantize") else value)
            row += [obs.status if obs else "", indicator.name]
            # typed text (a source, a note) must never be run as a formula by the spreadsheet
            ws.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _uncell(value):
    """The text ``_cell`` wrote: its quote before a formula character is taken off again,
    so that an exported value comes back unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def import_values(country, year: int, user, content: bytes) -> int:
    """Load an edited export back; all or nothing, each error naming row and column."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from target87.monitoring.services import save_observation

    try:
        check_workbook(content, _("the workbook"))
    except ValueError as exc:
        raise ImportRefused([RowError(0, "-", str(exc))]) from None
    try:
        ws = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises several kinds for a broken file
        raise ImportRefused(
            [
                RowError(
                    0,
                    "-",
                    _("The file is not a readable XLSX workbook (%(error)s).") % {"error": exc},
                )
            ]
        ) from exc
    try:
        rows = list(ws.iter_rows(values_only=True))
    except Exception as exc:  # a damaged sheet is found only while reading its rows
        raise ImportRefused(
            [RowError(0, "-", _("The file is not a readable XLSX workbook (%(error)s).")
                      % {"error": exc})]
        ) from exc
    header = [str(h or "").strip() for h in (rows[0] if rows else [])]
    missing = [c for c in ("indicator", "disaggregation", "value") if c not in header]
    if missing:
        raise ImportRefused([RowError(1, ", ".join(missing), _("Missing column."))])
    errors, changed = [], 0
    with transaction.atomic():
        for number, values in enumerate(rows[1:], start=2):
            rec = {
                header[i]: _uncell(values[i]) for i in range(min(len(header), len(values)))
            }
            if not any(rec.get(c) not in (None, "") for c in EDITABLE):
                continue
            code = str(rec.get("indicator") or "").strip()
            disagg = dict(
                part.split("=", 1)
                for part in str(rec.get("disaggregation") or "").split("|")
                if "=" in part
            )
            fields = {c: rec.get(c) for c in EDITABLE if c in rec}
            vb = str(fields.get("value_bool") or "").strip().lower()
            fields["value_bool"] = (
                True
                if vb in ("yes", "true", "1")
                else False
                if vb in ("no", "false", "0")
                else None
            )
            for c in ("value_text", "currency", "source", "method_note"):
                fields[c] = str(fields.get(c) or "")
            try:
                indicator = Indicator.objects.get(code=code)
                from target87.monitoring.services import VALUE_FIELD

                main = fields.pop(VALUE_FIELD[indicator.value_type], None)
                if "value" in fields:
                    if fields.pop("value") not in (None, ""):
                        raise ValidationError(
                            {"value": _("%(code)s takes no value in this column.") % {"code": code}}
                        )
                extra = {
                    k: fields.pop(k) for k in ("se", "ci_low", "ci_high", "source", "method_note")
                }
                save_observation(country, code, year, main, disagg, user=user, **extra, **fields)
                changed += 1
            except Indicator.DoesNotExist:
                errors.append(
                    RowError(
                        number, "indicator", _("Unknown indicator code %(code)s.") % {"code": code}
                    )
                )
            except PermissionDenied as exc:
                errors.append(RowError(number, "indicator", str(exc)))
            except (ValidationError, ValueError, TypeError) as exc:
                messages = (
                    exc.message_dict if hasattr(exc, "message_dict") else {"value": [str(exc)]}
                )
                for column, msgs in messages.items():
                    errors.append(RowError(number, column, "; ".join(msgs)))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportRefused(errors)
    return changed
