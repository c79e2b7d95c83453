"""One page per candidate: its scores on the eight criteria with their evidence, and its
place in the ranking under the default weights (PDF through WeasyPrint, Arabic right to
left, Chinese in the bundled font)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi

from target87.core.dates import format_day
from target87.supplychains import criteria
from target87.supplychains.models import Criterion


def context(candidate) -> dict:
    from target87.core.charts import bundled_fonts_dir

    scores = {s.criterion_id: s for s in candidate.scores.select_related("scored_by")}
    weights = criteria.default_weights()
    rows = criteria.ranking_rows(weights) if weights else []
    mine = next((r for r in rows if r["candidate"].pk == candidate.pk), None)
    return {
        "candidate": candidate,
        "label": candidate.label(get_language()),
        "items": [{"criterion": c, "score": scores.get(c.pk)} for c in Criterion.objects.all()],
        "row": mine, "count": len(rows),
        "generated": format_day(timezone.localdate()),
        "LANG": get_language(),
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "CJK_FONT_URL": Path(str(bundled_fonts_dir() / "Target87SansSC-Regular.otf")).as_uri(),
    }


def render_html(ctx: dict) -> str:
    return render_to_string("supplychains/candidate_print.html", ctx)


def render_pdf(ctx: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(ctx)).write_pdf()
