from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from target87.accounts.permissions import Action, can, is_secretariat, require
from target87.core.documents import max_document_bytes
from target87.core.limits import accepts_upload
from target87.core.tables import FORMATS, table_response
from target87.countries.models import Country, ILORegion
from target87.meetings import services
from target87.meetings.forms import (
    AgendaFormSet,
    DecisionFormSet,
    DocumentForm,
    MeetingForm,
    ParticipantFormSet,
)
from target87.meetings.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    Body,
    Constituency,
    GCGMember,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)

PAGE_SIZE = 25


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return params.urlencode()


def meeting_list(request):
    qs = services.visible_meetings(request.user).prefetch_related("action_points")
    body = request.GET.get("body", "")
    status = request.GET.get("status", "")
    country = (request.GET.get("country", "") or "").strip().upper()[:3]
    group = (request.GET.get("group", "") or "").strip()[:80]
    q = (request.GET.get("q", "") or "").strip()[:100]
    if body in Body.values:
        qs = qs.filter(body=body)
    if status in MeetingStatus.values:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(country__iso3=country)
    if group:
        qs = qs.filter(action_group__slug=group)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(report__icontains=q)
                       | Q(agenda__title__icontains=q)).distinct()
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        headers = [_("Meeting"), _("Body"), _("Number"), _("Date"), _("End date"), _("Place"),
                   _("Virtual"), _("Status"), _("Chair"), _("Action points"),
                   _("Open action points"), _("Link")]
        rows = [[str(m), m.get_body_display(), m.number or "",
                 m.start_date.isoformat() if m.start_date else "",
                 m.end_date.isoformat() if m.end_date else "", m.place,
                 _("yes") if m.virtual else _("no"), m.get_status_display(), m.chair,
                 len(m.action_points.all()), sum(1 for a in m.action_points.all() if a.is_open),
                 request.build_absolute_uri(m.get_absolute_url())] for m in qs]
        return table_response(fmt, "meetings", headers, rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for meeting in page:
        meeting.open_count = sum(1 for a in meeting.action_points.all() if a.is_open)
    lang = get_language()
    countries = sorted(Country.objects.filter(coordination_meetings__isnull=False).distinct(),
                       key=lambda c: c.name_in(lang))
    from target87.groups.models import ActionGroup

    groups = [(g.slug, g.name_in(lang)) for g in ActionGroup.objects.filter(
        meetings__isnull=False).distinct()]
    return render(request, "meetings/list.html", {
        "page": page, "count": page.paginator.count, "bodies": Body.choices, "groups": groups,
        "statuses": MeetingStatus.choices, "countries": countries,
        "selected": {"body": body, "status": status, "country": country, "group": group,
                     "q": q},
        "querystring": _querystring(request),
        "can_add": services.may_add_meeting(request.user, Body.GCG),
    })


class ActionPointForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Action point"), widget=forms.Textarea(
        attrs={"rows": 2}), max_length=4000, required=False)
    owner = forms.CharField(label=gettext_lazy("Owner"), max_length=200, required=False,
                            help_text=gettext_lazy("Who is to do it, e.g. “Secretariat”."))
    owner_user = forms.ModelChoiceField(
        label=gettext_lazy("Owner's account"), required=False,
        queryset=get_user_model().objects.filter(
            is_active=True, role_assignments__isnull=False).distinct().order_by("username"),
        help_text=gettext_lazy("The action point appears in this person's “My work”."))
    due_date = forms.DateField(label=gettext_lazy("Due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ActionPointStatus.choices)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))


def _meeting(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("country"), pk=pk)
    require(request.user, Action.VIEW, meeting)
    return meeting


def meeting_detail(request, pk, action_point_form=None):
    meeting = _meeting(request, pk)
    editable = services.can_edit(request.user, meeting)
    agenda = list(meeting.agenda.prefetch_related("documents"))
    points = list(meeting.action_points.select_related("owner_user", "agenda_item")
                  .prefetch_related("follow_ups__meeting"))
    carried = services.carried_action_points(meeting)
    here = {f.action_point_id: f for f in meeting.follow_ups.all()}
    for point in carried:
        point.follow_up_here = here.get(point.pk)
        point.form = FollowUpForm(initial={"status": point.status}) if editable else None
    for point in points:
        point.may_update = can(request.user, Action.CHANGE, point)
    participants = list(meeting.participants.all())
    by_constituency = {}
    for person in participants:
        by_constituency.setdefault(person.get_constituency_display(), []).append(person)
    return render(request, "meetings/detail.html", {
        "meeting": meeting,
        "agenda": agenda,
        "documents": [d for d in meeting.documents.all() if d.agenda_item_id is None],
        "decisions": list(meeting.decisions.all()),
        "action_points": points,
        "carried": carried,
        "previous": services.previous_meeting(meeting),
        "next": services.next_meeting(meeting),
        "participants": participants,
        "by_constituency": sorted(by_constituency.items()),
        "editable": editable,
        "statuses": ActionPointStatus.choices,
        "action_point_form": action_point_form or (ActionPointForm() if editable else None),
        "total_minutes": sum(a.duration_minutes or 0 for a in agenda),
        "is_staff_reader": is_secretariat(request.user),
    })


@require_POST
def action_point_add(request, pk):
    meeting = _meeting(request, pk)
    require(request.user, Action.CHANGE, meeting)
    form = ActionPointForm(request.POST)
    if form.is_valid():
        try:
            services.add_action_point(request.user, meeting, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("The action point was recorded."))
            return redirect(meeting.get_absolute_url() + "#action-points")
    messages.error(request, _("The action point was not recorded: see the form below."))
    response = meeting_detail(request, pk, action_point_form=form)
    response.status_code = 400
    return response


@require_POST
def follow_up(request, pk, point_pk):
    meeting = _meeting(request, pk)
    point = get_object_or_404(ActionPoint, pk=point_pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed statuses."))
        return redirect(meeting.get_absolute_url() + "#follow-up")
    try:
        services.record_follow_up(request.user, point, meeting, form.cleaned_data["status"],
                                  form.cleaned_data["note"])
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("The follow-up was recorded."))
    return redirect(meeting.get_absolute_url() + "#follow-up")


@require_POST
def action_point_status(request, point_pk):
    point = get_object_or_404(ActionPoint.objects.select_related("meeting"), pk=point_pk)
    require(request.user, Action.VIEW, point.meeting)
    try:
        services.set_status(request.user, point, request.POST.get("status", ""))
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("The action point's status was saved."))
    return redirect(point.get_absolute_url())


def gcg_composition(request):
    members = list(GCGMember.objects.select_related("country", "partner")
                   .filter(until__isnull=True))
    regions = [("", _("Global (no region)"))] + [(v, str(label)) for v, label in
                                                  ILORegion.choices]
    constituencies = list(Constituency.choices)
    table = []
    for value, label in constituencies:
        row = [sum(1 for m in members if m.constituency == value and m.region == r)
               for r, _label in regions]
        if any(row):
            table.append({"label": label, "cells": row, "total": sum(row)})
    totals = [sum(1 for m in members if m.region == r) for r, _label in regions]
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        headers = [_("Member"), _("Role"), _("Constituency"), _("Region"), _("Country"),
                   _("Representative"), _("Member since")]
        rows = [[m.organisation, m.get_role_display(), m.get_constituency_display(),
                 m.get_region_display() or _("Global (no region)"),
                 m.country.name_in(get_language()) if m.country else "", m.representative,
                 m.since.isoformat() if m.since else ""] for m in members]
        return table_response(fmt, "gcg-composition", headers, rows)
    grouped = []
    for value, label in constituencies:
        rows = [m for m in members if m.constituency == value]
        if rows:
            grouped.append((label, rows))
    return render(request, "meetings/composition.html", {
        "members": members, "grouped": grouped, "regions": regions, "table": table,
        "totals": totals, "count": len(members),
        "is_staff_reader": is_secretariat(request.user),
    })


def country_meetings_section(request, country):
    """The country coordination group's meetings on the country page (none: no section)."""
    from django.template.loader import render_to_string

    meetings = list(services.visible_meetings(request.user).filter(
        body=Body.COUNTRY, country=country)[:10])
    can_add = services.may_add_meeting(request.user, Body.COUNTRY, country=country)
    if not meetings and not can_add:
        return None
    return render_to_string("meetings/_country_section.html",
                            {"country": country, "meetings": meetings, "can_add": can_add},
                            request=request)


def _body_meeting(body, key) -> Meeting:
    """An unsaved meeting of the body named in the address (for the permission check and
    as the new meeting's start)."""
    if body == Body.GCG:
        return Meeting(body=Body.GCG)
    if body == Body.COUNTRY:
        return Meeting(body=Body.COUNTRY, country=get_object_or_404(Country, iso3=key.upper()))
    if body == Body.ACTION_GROUP:
        from target87.groups.models import ActionGroup

        return Meeting(body=Body.ACTION_GROUP,
                       action_group=get_object_or_404(ActionGroup, slug=key))
    raise Http404


def _edit(request, meeting: Meeting):
    """The meeting form with its agenda, participants and decisions, saved all at once."""
    data = request.POST if request.method == "POST" else None
    is_new = meeting.pk is None
    form = MeetingForm(data, instance=meeting)
    parts = [AgendaFormSet(data, instance=meeting, prefix="agenda"),
             ParticipantFormSet(data, instance=meeting, prefix="participants"),
             DecisionFormSet(data, instance=meeting, prefix="decisions")]
    status = 200
    if data is not None:
        if form.is_valid() and all([p.is_valid() for p in parts]):
            try:
                services.save_meeting(request.user, form.instance, parts)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The meeting was saved."))
                return redirect(meeting.get_absolute_url())
        if is_new:
            meeting.pk = None  # the transaction was rolled back
        messages.error(request, _("The meeting was not saved: see the messages below."))
        status = 400
    return render(request, "meetings/edit.html", {
        "meeting": meeting, "form": form, "is_new": is_new,
        "agenda_formset": parts[0], "participant_formset": parts[1],
        "decision_formset": parts[2],
        "saved_agenda": list(meeting.agenda.all()) if meeting.pk else [],
    }, status=status)


@login_required
def meeting_new(request, body, key=""):
    meeting = _body_meeting(body, key)
    require(request.user, Action.CREATE, meeting)
    return _edit(request, meeting)


@login_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("country", "action_group"),
                                pk=pk)
    require(request.user, Action.CHANGE, meeting)
    return _edit(request, meeting)


def _document_form(document: MeetingDocument, data=None, files=None) -> DocumentForm:
    return DocumentForm(data, files, prefix=f"doc{document.pk}", initial={
        "title": document.title, "author": document.author, "date_text": document.date_text,
        "url": document.url})


@accepts_upload("DOCUMENT_MAX_UPLOAD_BYTES")
@login_required
def agenda_documents(request, pk, item_pk):
    """Those who may edit the meeting add, replace and remove an agenda item's documents."""
    meeting = get_object_or_404(Meeting.objects.select_related("country", "action_group"),
                                pk=pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    require(request.user, Action.CHANGE, meeting)
    documents = list(item.documents.order_by("id"))
    forms_by_id = {d.pk: _document_form(d) for d in documents}
    add_form = DocumentForm(prefix="new")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        document = None
        if action in ("change", "remove"):
            document = next((d for d in documents
                             if str(d.pk) == request.POST.get("document", "")), None)
            if document is None:
                raise Http404
        if action == "remove":
            title = document.title
            services.remove_document(request.user, document)
            messages.success(request, _("“%(title)s” was removed from the agenda item.")
                             % {"title": title})
            return redirect(request.path)
        if action == "add":
            form = add_form = DocumentForm(request.POST, request.FILES, prefix="new")
        elif action == "change":
            form = forms_by_id[document.pk] = _document_form(document, request.POST,
                                                             request.FILES)
        else:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "add":
                    services.add_document(request.user, item, **data)
                else:
                    services.change_document(request.user, document, **data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The document was saved."))
                return redirect(request.path)
        messages.error(request, _("The document was not saved: see the messages below."))
        status = 400
    return render(request, "meetings/agenda_documents.html", {
        "meeting": meeting, "item": item, "add_form": add_form,
        "documents": [(d, forms_by_id[d.pk]) for d in documents],
        "DOCUMENT_LIMIT_MB": max_document_bytes() // 2**20,
    }, status=status)
