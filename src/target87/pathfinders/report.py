"""The strategic planning workshop report, following Annex 1 of the methodological note
(briefing pack): cover page, table of contents, executive summary, context and background,
priorities, roadmap (Priorities / Actions / Partners), funding gap, focal point.

One context feeds the HTML page, the PDF (WeasyPrint) and the editable DOCX.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from target87.core import pdfs
from target87.core.dates import format_day
from target87.core.templatetags.platform import number
from target87.core.translations import shown_in_english
from target87.pathfinders import services
from target87.pathfinders.models import (
    RoadmapAction,
    Workshop,
)


def sections() -> list[tuple[str, str]]:
    return [
        ("summary", _("Executive summary")),
        ("context", _("Context and background")),
        ("priorities", _("Priorities")),
        ("roadmap", _("Roadmap (operational plan)")),
        ("funding-gap", _("Funding gap")),
        ("focal-point", _("Information on the Alliance 8.7 focal point")),
    ]


def _workshop(country) -> Workshop | None:
    return services.held_workshop(country)


def _when(ws: Workshop | None) -> str:
    if ws is None or ws.start_date is None:
        return ""
    start = format_day(ws.start_date)
    if ws.end_date and ws.end_date != ws.start_date:
        return f"{start} – {format_day(ws.end_date)}"
    return start


def _money(gap: dict) -> list[dict]:
    return [{"currency": cur, "required": number(v["required"], 2),
             "available": number(v["available"], 2), "gap": number(v["gap"], 2)}
            for cur, v in gap.items()]


def context(pathfinder) -> dict:
    country = pathfinder.country
    ws = _workshop(country)
    priorities, next_steps = services.translated_roadmap(country)
    actions = [a for p in priorities for a in p.actions.all()]
    name = country.name_in(get_language())
    summary = ws.executive_summary if ws and ws.executive_summary else ""
    if not summary:
        summary = _(
            "%(country)s identified %(priorities)s national priorities and %(actions)s roadmap "
            "actions to accelerate progress towards SDG Target 8.7."
        ) % {"country": name, "priorities": len(priorities), "actions": len(actions)}
        if ws and ws.start_date:
            summary = _("The national strategic planning workshop of %(country)s took place on "
                        "%(date)s.") % {"country": name, "date": _when(ws)} + " " + summary
    progress = services.roadmap_progress(actions)
    return {
        "pathfinder": pathfinder,
        "country": country,
        "country_name": name,
        "workshop": ws,
        "workshop_when": _when(ws),
        "participants": list(ws.participants.all()) if ws else [],
        "sections": sections(),
        "summary": summary,
        "priorities": [{"priority": p, "actions": list(p.actions.all()),
                        "gap": _money(services.funding_gap(p.actions.all()))}
                       for p in priorities],
        "total_gap": _money(services.funding_gap(actions)),
        "has_actions": bool(actions),
        "progress": progress,
        "next_steps": next_steps,
        "roadmap_in_english": services.roadmap_in_english(priorities)
        or shown_in_english(next_steps),
        "generated": format_day(timezone.localdate()),
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "LANG": get_language(),
        "CJK_FONT_URL": cjk_font_url(),
    }


def fallback_note() -> str:
    """Said once where some of the roadmap's text is shown in English for want of a
    translation into the report's language."""
    return _("Some of this text is not yet translated into this language: it is shown in "
             "English.")


def cjk_font_url() -> str:
    """The bundled Chinese font as a file URL, for servers without a Chinese font."""
    from pathlib import Path

    from target87.core.charts import bundled_fonts_dir

    return Path(str(bundled_fonts_dir() / "Target87SansSC-Regular.otf")).as_uri()


def filename(pathfinder) -> str:
    return f"pathfinder-workshop-report-{pathfinder.country.iso3}-{get_language()}"


def render_pdf(pathfinder, request=None) -> bytes:
    html = render_to_string("pathfinders/report_print.html", context(pathfinder))
    return pdfs.pdf_from_html(html)


# --- PDFs rendered by the worker ---------------------------------------------------------
# The worker renders each distinct report once (``core.pdfs``, shared with the e-report and
# the Action Groups' progress reports).


def request_pdf(pathfinder) -> tuple[str, object]:
    """("ready", path), ("pending", None) or ("failed", message) for the report in the
    active language."""
    return pdfs.request_pdf(render_to_string("pathfinders/report_print.html", context(pathfinder)))


def render_docx(pathfinder) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    from target87.core.bidi import isolate_plain
    from target87.core.wordfiles import right_to_left

    ctx = context(pathfinder)
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(10)
    rtl = ctx["LANGUAGE_DIR"] == "rtl"

    def para(text, style=None):
        return doc.add_paragraph(text, style=style)

    # 1. cover page
    doc.add_heading(_("Strategic planning workshop report"), level=0)
    para(ctx["country_name"]).runs[0].font.size = Pt(20)
    para(_("Alliance 8.7 pathfinder country"))
    if ctx["workshop_when"]:
        para(ctx["workshop_when"])
    para(_("Generated on %(date)s") % {"date": ctx["generated"]})
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    # 2. table of contents
    doc.add_heading(_("Table of contents"), level=1)
    for n, (_anchor, title) in enumerate(ctx["sections"], 1):
        para(f"{n}. {title}")
    sections = dict(ctx["sections"])
    # 3. executive summary
    doc.add_heading(sections["summary"], level=1)
    para(ctx["summary"])
    # 4. context and background
    doc.add_heading(sections["context"], level=1)
    ws = ctx["workshop"]
    if ws:
        para(_("Workshop") + f": {ctx['workshop_when'] or '—'} · {ws.get_status_display()} · "
             f"{ws.get_region_display() or '—'}"
             + (f" · {_('virtual')}" if ws.virtual else ""))
        for label, text in ((_("Context and background"), ws.context),
                            (_("What is there?"), ws.what_is_there),
                            (_("What is missing?"), ws.what_is_missing),
                            (_("The way forward"), ws.way_forward)):
            if text:
                para(f"{label}: {text}")
        if ctx["participants"]:
            table = doc.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells,
                                  [_("Stakeholder group"), _("Women"), _("Men"), _("Other")],
                                  strict=True):
                cell.text = text
            for part in ctx["participants"]:
                cells = table.add_row().cells
                for cell, text in zip(cells, [part.get_group_display(), str(part.women),
                                              str(part.men), str(part.other)], strict=True):
                    cell.text = text
    else:
        para(_("No workshop recorded yet."))
    # 5. priorities
    doc.add_heading(sections["priorities"], level=1)
    if ctx["roadmap_in_english"]:
        para(fallback_note())
    for n, row in enumerate(ctx["priorities"], 1):
        p = row["priority"]
        extra = " · ".join(x for x in (p.get_theme_display(), p.get_area_of_focus_display())
                           if x)
        # the title keeps its own direction inside an Arabic line ("1. … by 2019")
        title = isolate_plain(p.shown["title"]) if rtl else p.shown["title"]
        para(f"{n}. {title}" + (f" ({extra})" if extra else ""))
    if not ctx["priorities"]:
        para(_("No priorities recorded yet."))
    # 6. roadmap: Priorities / Actions / Partners
    doc.add_heading(sections["roadmap"], level=1)
    if not ctx["has_actions"]:
        para(_("No roadmap actions recorded yet."))
    else:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells,
                              [_("Priorities"), _("Actions"), _("Partners")], strict=True):
            cell.text = text
        for row in ctx["priorities"]:
            for action in row["actions"] or [None]:
                cells = table.add_row().cells
                cells[0].text = row["priority"].shown["title"]
                if action is not None:
                    cells[1].text = _action_line(action)
                    cells[2].text = ", ".join(x for x in (action.lead, action.partners) if x)
                else:
                    cells[1].text = "—"
    # 7. funding gap
    doc.add_heading(sections["funding-gap"], level=1)
    if ctx["total_gap"]:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, [_("Currency"), _("Resources required"),
                                                    _("Resources available"), _("Funding gap")],
                              strict=True):
            cell.text = text
        for money in ctx["total_gap"]:
            cells = table.add_row().cells
            for cell, key in zip(cells, ["currency", "required", "available", "gap"],
                                 strict=True):
                cell.text = money[key]
    else:
        para(_("No resources have been estimated yet."))
    # 8. focal point
    doc.add_heading(sections["focal-point"], level=1)
    pf = ctx["pathfinder"]
    for label, value in ((_("Focal point"), pf.focal_point_name),
                         (_("Position"), pf.focal_point_title),
                         (_("Contact"), pf.focal_point_contact),
                         (_("Responsible ministry"), pf.responsible_ministry),
                         (_("Responsible minister"), pf.minister)):
        para(f"{label}: {value or '—'}")
    if rtl:
        right_to_left(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _action_line(action: RoadmapAction) -> str:
    parts = [action.shown["title"]]
    if action.target_date:
        parts.append(_("target date: %(date)s") % {
            "date": format_day(action.target_date)})
    if action.shown["indicator"]:
        parts.append(_("indicator: %(text)s") % {"text": action.shown["indicator"]})
    parts.append(action.get_status_display())
    return " — ".join(parts)
