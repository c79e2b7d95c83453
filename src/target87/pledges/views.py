from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from target87.accounts.permissions import Action, can, is_secretariat, require
from target87.core.tables import FORMATS, table_response
from target87.countries.models import Country
from target87.pledges import services
from target87.pledges.models import Pledge, PledgeEvent, PledgeTheme, ReviewStatus

PAGE_SIZE = 25


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return params.urlencode()


def pledge_list(request):
    events = list(PledgeEvent.objects.all())
    event = request.GET.get("event", "")
    status = request.GET.get("status", "")
    theme = request.GET.get("theme", "")
    country = (request.GET.get("country", "") or "").strip().upper()[:3]
    q = (request.GET.get("q", "") or "").strip()[:100]
    event = event if event in {e.slug for e in events} else ""
    status = status if status in dict(services.status_choices()) else ""
    theme = theme if theme in PledgeTheme.values else ""
    qs = services.public_pledges(event=event, status=status, theme=theme, country=country, q=q)
    lang = get_language()
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        headers = [_("Made by"), _("Country"), _("Pledge"), _("Date"), _("Event"), _("Theme"),
                   _("Target date"), _("Status"), _("Latest review"), _("Link")]
        rows = []
        for p in qs.prefetch_related("reviews"):
            latest = p.reviews.all()[0] if p.reviews.all() else None
            where = p.country or (p.partner.country if p.partner_id else None)
            rows.append([p.pledger, where.name_in(lang) if where else "", p.text,
                         p.date.isoformat(), p.event.display_name, p.get_theme_display(),
                         p.target_date.isoformat() if p.target_date else "",
                         p.get_status_display(), latest.date.isoformat() if latest else "",
                         request.build_absolute_uri(p.get_absolute_url())])
        return table_response(fmt, "pledges", headers, rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    countries = Country.objects.filter(pledges__is_published=True).distinct()
    return render(request, "pledges/list.html", {
        "page": page, "count": page.paginator.count, "events": events,
        "statuses": services.status_choices(), "themes": PledgeTheme.choices,
        "countries": sorted(countries, key=lambda c: c.name_in(lang)),
        "selected": {"event": event, "status": status, "theme": theme, "country": country,
                     "q": q},
        "querystring": _querystring(request),
        "report": services.status_report(services.IV_GLOBAL_CONFERENCE),
        "can_add": is_secretariat(request.user),
    })


class ReviewForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date of the review"),
                           widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ReviewStatus.choices)
    evidence = forms.CharField(label=gettext_lazy("Evidence"), required=False, max_length=8000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    evidence_url = forms.URLField(label=gettext_lazy("Link to the evidence"), required=False,
                                  max_length=500, assume_scheme="https")


def pledge_detail(request, pk):
    pledge = get_object_or_404(Pledge.objects.select_related("event", "partner", "country"),
                               pk=pk)
    require(request.user, Action.VIEW, pledge)
    may_review = can(request.user, Action.REVIEW, pledge)
    form = None
    status = 200
    if may_review:
        form = ReviewForm(request.POST or None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.add_review(request.user, pledge, **form.cleaned_data)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                else:
                    messages.success(request, _("The review was recorded."))
                    return redirect(pledge.get_absolute_url())
            status = 400
    elif request.method == "POST":
        require(request.user, Action.REVIEW, pledge)
    return render(request, "pledges/detail.html", {
        "pledge": pledge, "reviews": list(pledge.reviews.select_related("reviewed_by")),
        "form": form, "is_staff_reader": is_secretariat(request.user),
    }, status=status)


def event_report(request, slug):
    get_object_or_404(PledgeEvent, slug=slug)
    report = services.status_report(slug)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        headers = [_("Status"), _("Number of pledges"), _("Share")]
        rows = [[g["label"], g["count"],
                 round(g["percent"], 1) if g["percent"] is not None else ""]
                for g in report["groups"]]
        return table_response(fmt, f"pledges-by-status-{slug}", headers, rows)
    return render(request, "pledges/report.html", {"report": report, "querystring": ""})
