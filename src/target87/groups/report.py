"""The progress report of a workplan for a period (to the GCG Chair): HTML, PDF and DOCX,
in the active language; Arabic is laid out right to left."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from target87.core.dates import format_day
from target87.groups.services import flatten, results, status_counts


def context(plan, since=None, until=None) -> dict:
    since = since or plan.period_start
    until = until or min(plan.period_end, timezone.localdate())
    tree = results(plan, since=since, until=until)
    rows = flatten(tree)
    return {
        "plan": plan,
        "group_name": plan.group.name if plan.group else _("Alliance 8.7 (all partners)"),
        "since": since,
        "until": until,
        "rows": rows,
        "counts": status_counts(tree),
        "generated": format_day(timezone.localdate()),
        "LANG": get_language(),
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "CJK_FONT_URL": _cjk_font_url(),
    }


def _cjk_font_url() -> str:
    from pathlib import Path

    from target87.core.charts import bundled_fonts_dir

    return Path(str(bundled_fonts_dir() / "Target87SansSC-Regular.otf")).as_uri()


def render_html(ctx: dict) -> str:
    return render_to_string("groups/report_print.html", ctx)


def render_pdf(ctx: dict) -> bytes:
    from target87.core.pdfs import pdf_from_html

    return pdf_from_html(render_html(ctx))


def request_pdf(ctx: dict) -> tuple[str, object]:
    """("ready", path), ("pending", None) or ("failed", message): the worker renders each
    distinct report (content, period, language and day) once (``core.pdfs``)."""
    from target87.core.pdfs import request_pdf as request

    return request(render_html(ctx))


def _target(item) -> str:
    parts = []
    if item.target_value is not None:
        value = item.target_value.normalize()
        parts.append(f"{value:f} {item.target_unit}".strip())
    if item.milestone:
        parts.append(item.milestone)
    return " · ".join(parts) or "—"


def render_docx(ctx: dict) -> bytes:
    import io

    from docx import Document
    from docx.shared import Pt

    from target87.core.wordfiles import right_to_left

    rtl = ctx["LANGUAGE_DIR"] == "rtl"
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(10)

    def para(text, style=None):
        return doc.add_paragraph(text, style=style)

    plan = ctx["plan"]
    doc.add_heading(_("Workplan progress report"), level=0)
    para(ctx["group_name"])
    para(plan.title)
    para(_("Period: %(since)s to %(until)s") % {
        "since": format_day(ctx["since"]),
        "until": format_day(ctx["until"])})
    para(_("To the Chair of the Global Coordinating Group. Generated on %(date)s")
         % {"date": ctx["generated"]})
    doc.add_heading(_("Summary"), level=1)
    for label, count in ctx["counts"].items():
        para(f"{label}: {count}", style="List Bullet")
    doc.add_heading(_("Targets and results"), level=1)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    heads = [_("Item"), _("Target"), _("Due date"), _("Status"), _("Achieved")]
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
    for node in ctx["rows"]:
        item = node.item
        cells = table.add_row().cells
        values = [
            f"{item.code}. {item.title}",
            _target(item),
            format_day(item.due_date) if item.due_date else "—",
            node.status_label,
            f"{item.achieved_value.normalize():f}" if item.achieved_value is not None else "—",
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    doc.add_heading(_("Progress in the period"), level=1)
    any_update = False
    for node in ctx["rows"]:
        for update in node.updates:
            any_update = True
            para(f"{node.item.code} · {format_day(update.date)} · "
                 f"{update.get_status_display()}: {update.text}"
                 + (f" ({update.link})" if update.link else ""))
    if not any_update:
        para(_("No progress was reported in this period."))
    sources = plan.source_list()
    if sources:
        doc.add_heading(_("Sources"), level=1)
        for source in sources:
            para(source)
    if rtl:
        right_to_left(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
