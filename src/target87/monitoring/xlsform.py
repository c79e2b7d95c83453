"""A country's questionnaire as an XLSForm (survey, choices, settings sheets; labels in the
six UN languages) for KoboToolbox or ODK, and the import of its submissions (XLSX or CSV)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from target87.core.limits import check_workbook
from target87.monitoring.models import Questionnaire
from target87.monitoring.questions import LANGUAGES, build_items, frequency_choices

# XLSForm language columns: "label::English (en)"
LANGUAGE_NAMES = {
    "en": "English (en)",
    "fr": "French (fr)",
    "es": "Spanish (es)",
    "ar": "Arabic (ar)",
    "zh-hans": "Chinese (zh)",
    "ru": "Russian (ru)",
}
YES_NO = [
    ("yes", {"en": "Yes", "fr": "Oui", "es": "Sí", "ar": "نعم", "zh-hans": "是", "ru": "Да"}),
    ("no", {"en": "No", "fr": "Non", "es": "No", "ar": "لا", "zh-hans": "否", "ru": "Нет"}),
]
SECTION_TITLES = {
    "indicators": {
        "en": "Section 1: Update on indicators",
        "fr": "Section 1 : mise à jour des indicateurs",
        "es": "Sección 1: actualización de los indicadores",
        "ar": "القسم 1: تحديث المؤشرات",
        "zh-hans": "第1节：指标更新",
        "ru": "Раздел 1: обновление показателей",
    },
    "custom": {
        "en": "Customized indicators",
        "fr": "Indicateurs adaptés",
        "es": "Indicadores adaptados",
        "ar": "المؤشرات المخصصة",
        "zh-hans": "定制指标",
        "ru": "Адаптированные показатели",
    },
    "next_steps": {
        "en": "Section 2: Next steps of the workshop",
        "fr": "Section 2 : prochaines étapes de l'atelier",
        "es": "Sección 2: próximos pasos del taller",
        "ar": "القسم 2: الخطوات التالية لحلقة العمل",
        "zh-hans": "第2节：研讨会确定的后续步骤",
        "ru": "Раздел 2: дальнейшие шаги семинара",
    },
    "open": {
        "en": "Section 2: Open questions to assess progress made",
        "fr": "Section 2 : questions ouvertes pour évaluer les progrès accomplis",
        "es": "Sección 2: preguntas abiertas para evaluar los progresos",
        "ar": "القسم 2: أسئلة مفتوحة لتقييم التقدم المحرز",
        "zh-hans": "第2节：评估所取得进展的开放式问题",
        "ru": "Раздел 2: открытые вопросы для оценки достигнутого прогресса",
    },
}
# item kind -> (XLSForm type, constraint)
XLS_TYPES = {
    "decimal": ("decimal", ""),
    "integer": ("integer", ". >= 0"),
    "year": ("integer", ". >= 1919 and . <= 2100"),
    "yes_no": ("select_one yes_no", ""),
    "checkbox": ("select_one yes_no", ""),
    "frequency": ("select_one frequency", ""),
    "currency": ("text", "regex(., '^[A-Za-z]{3}$')"),
    "text": ("text", ""),
    "long_text": ("text", ""),
}


def form_id(q: Questionnaire) -> str:
    return f"target87_progress_{q.country.iso3}_{q.cycle.year}"


def build_xlsform(q: Questionnaire) -> Workbook:
    items = build_items(q)
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    label_cols = [f"label::{LANGUAGE_NAMES[lang]}" for lang in LANGUAGES]
    survey.append(["type", "name", *label_cols, "required", "constraint", "appearance"])
    survey.append(["start", "start", *[""] * len(LANGUAGES), "", "", ""])
    survey.append(["end", "end", *[""] * len(LANGUAGES), "", "", ""])
    current = None
    for item in items:
        if item.section != current:
            if current is not None:
                survey.append(["end group", "", *[""] * len(LANGUAGES), "", "", ""])
            current = item.section
            title = SECTION_TITLES[item.section]
            survey.append(
                [
                    "begin group",
                    f"section_{item.section}",
                    *[title[lang] for lang in LANGUAGES],
                    "",
                    "",
                    "field-list" if item.section == "next_steps" else "",
                ]
            )
        xls_type, constraint = XLS_TYPES[item.kind]
        survey.append(
            [
                xls_type,
                item.name,
                *[item.labels[lang] for lang in LANGUAGES],
                "yes" if item.required else "",
                constraint,
                "multiline" if item.kind == "long_text" else "",
            ]
        )
    if current is not None:
        survey.append(["end group", "", *[""] * len(LANGUAGES), "", "", ""])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", *label_cols])
    for name, labels in YES_NO:
        choices.append(["yes_no", name, *[labels[lang] for lang in LANGUAGES]])
    for name, labels in frequency_choices():
        choices.append(["frequency", name, *[labels[lang] for lang in LANGUAGES]])
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(
        [
            f"{q.country.name_en}: progress questionnaire {q.cycle.year}",
            form_id(q),
            q.updated_at.strftime("%Y%m%d%H%M") if q.updated_at else "1",
            LANGUAGE_NAMES["en"],
        ]
    )
    return wb


def xlsform_bytes(q: Questionnaire) -> bytes:
    buffer = io.BytesIO()
    build_xlsform(q).save(buffer)
    return buffer.getvalue()


# --- import of submissions --------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)d, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRefused(ValueError):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def _column_name(header: str) -> str:
    # Kobo and ODK exports prefix grouped questions with their group path: section_x/name
    return header.strip().split("/")[-1]


def read_submissions(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for each data row of an XLSX or CSV file."""
    lower = filename.lower()
    if lower.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = content[: exc.start].count(b"\n") + 1
            raise ImportRefused(
                [
                    RowError(
                        line,
                        "-",
                        _(
                            "%(file)s is not UTF-8 text (byte %(byte)s); UTF-8 was expected: "
                            "save the file as CSV UTF-8 and import it again."
                        )
                        % {"file": filename, "byte": f"0x{content[exc.start]:02x}"},
                    )
                ]
            ) from exc
        # newline="" lets the csv module see line ends (and a quoted one inside a field)
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            rows = list(reader)
        except csv.Error as exc:
            raise ImportRefused(
                [RowError(reader.line_num, "-",
                          _("%(file)s is not a readable CSV file (%(error)s).")
                          % {"file": filename, "error": exc})]
            ) from exc
    elif lower.endswith(".xlsx"):
        try:
            check_workbook(content, filename)
        except ValueError as exc:
            raise ImportRefused([RowError(0, "-", str(exc))]) from None
        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
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
            ws = wb.worksheets[0]
            rows = [
                ["" if v is None else str(v) for v in row]
                for row in ws.iter_rows(values_only=True)
            ]
        except Exception as exc:  # a damaged sheet is found only while reading its rows
            raise ImportRefused(
                [RowError(0, "-", _("The file is not a readable XLSX workbook (%(error)s).")
                          % {"error": exc})]
            ) from exc
    else:
        raise ImportRefused([RowError(0, "-", _("Expected an .xlsx or .csv file."))])
    if not rows:
        raise ImportRefused([RowError(1, "-", _("The file is empty."))])
    header = [_column_name(h or "") for h in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        if not any((v or "").strip() for v in values):
            continue
        out.append(
            (
                number,
                {
                    header[i]: (values[i] or "").strip()
                    for i in range(min(len(header), len(values)))
                },
            )
        )
    if not out:
        raise ImportRefused([RowError(2, "-", _("The file has no submission rows."))])
    return out


IGNORED_COLUMNS = {
    "start",
    "end",
    "today",
    "deviceid",
    "meta",
    "instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_index",
    "_status",
    "_submitted_by",
    "_version",
    "__version__",
    "_validation_status",
    "_notes",
    "_tags",
    "_geolocation",
    "_attachments",
    "formhub",
    "uuid",
}


def import_submissions(q: Questionnaire, user, filename: str, content: bytes) -> dict:
    """Load submissions into the draft. Every row is checked first; if any cell cannot be
    read, or an answer is refused once saved, nothing is loaded and each error names its
    row and column. Later rows overwrite
    earlier ones (the last submission wins). Yes/no answers may be "yes"/"no" or the labels."""
    from target87.monitoring.services import parse_raw, save_draft

    items = {i.name: i for i in build_items(q)}
    rows = read_submissions(filename, content)
    errors: list[RowError] = []
    data: dict[str, str] = {}
    source_row: dict[str, int] = {}  # question -> the row its answer comes from
    for number, row in rows:
        for column, raw in row.items():
            if column in IGNORED_COLUMNS or column.startswith("_") or not column:
                continue
            item = items.get(column)
            if item is None:
                errors.append(
                    RowError(
                        number, column, _("This column is not a question of this questionnaire.")
                    )
                )
                continue
            if raw == "":
                continue
            try:
                parse_raw(item.kind, raw)
            except ValueError as exc:
                errors.append(RowError(number, column, str(exc)))
                continue
            data[column] = raw
            source_row[column] = number
    if errors:
        raise ImportRefused(errors)
    # An answer can still be refused once written (too many digits for the field, a value
    # the indicator does not accept): then the whole file is undone, so that no row is half
    # loaded and the draft keeps what it had before.
    row_of_observation: dict[tuple, int] = {}
    for column, number in source_row.items():
        item = items[column]
        if item.section in ("indicators", "custom"):
            key = item.observation_key
            row_of_observation[key] = max(number, row_of_observation.get(key, 0))

    def row_of(name: str) -> int | None:
        """The row of the file an error comes from; None for an answer typed before."""
        if name in source_row:
            return source_row[name]
        item = items.get(name)
        if item is None or item.section not in ("indicators", "custom"):
            return None
        try:
            parse_raw(item.kind, q.answers.get(name, ""))
        except ValueError:
            return None  # a draft answer that did not read before this file either
        # the observation this file changed was refused; its message is kept on the
        # question that heads it
        return row_of_observation.get(item.observation_key)

    try:
        with transaction.atomic():
            leftover = save_draft(q, user, data)
            for name, message in leftover.items():
                number = row_of(name)
                if number is not None:
                    errors.append(RowError(number, name, message))
            if errors:
                raise ImportRefused(errors)
    except ImportRefused:
        q.refresh_from_db()  # the answers in memory were rolled back in the database
        raise
    return {"rows": len(rows), "answers": len(data), "errors": leftover}
