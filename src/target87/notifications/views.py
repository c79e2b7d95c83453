import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from target87.accounts.permissions import Action, can, require
from target87.core.tables import safe_cell
from target87.notifications import audiences, kinds, services
from target87.notifications.forms import AnnouncementForm, PreferencesForm
from target87.notifications.models import Announcement, Email, EmailState, Notification

PAGE_SIZE = 50


def _page(request, rows):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@login_required
def notification_list(request):
    rows = Notification.objects.filter(recipient=request.user)
    show = request.GET.get("show", "")
    if show == "unread":
        rows = rows.filter(read_at__isnull=True)
    page, querystring = _page(request, rows)
    for notification in page.object_list:
        notification.kind_label = kinds.label(notification.kind)
    return render(request, "notifications/list.html", {
        "page": page, "querystring": querystring, "show": show,
    })


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("id")
    count = services.mark_read(request.user, None if request.POST.get("all") else
                               [int(i) for i in ids if i.isdigit()])
    messages.success(request, ngettext("%(count)s notification marked as read.",
                                       "%(count)s notifications marked as read.", count)
                     % {"count": count})
    return redirect("notifications:list")


@login_required
def open_notification(request, pk):
    """Mark one notification read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(request.user, [notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:list")


@login_required
def preferences(request):
    profile = services.profile_for(request.user)
    current = dict(request.user.notification_preferences.values_list("kind", "delivery"))
    initial = {"language": profile.language, "email_enabled": profile.email_enabled}
    form = PreferencesForm(request.POST or None, initial=initial, deliveries=current)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            request.user, language=form.cleaned_data["language"],
            email_enabled=form.cleaned_data["email_enabled"], deliveries=form.deliveries(),
        )
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "form": form, "has_email": bool(request.user.email),
    })


@csrf_exempt  # the signed link is the authority; mail clients post it without a form
def unsubscribe(request, token):
    found = services.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user, kind = found
    done = False
    if request.method == "POST":
        scope = request.POST.get("scope", "")
        services.unsubscribe(user, services.ALL_KINDS if scope == "all" else kind)
        done = True
        kind = services.ALL_KINDS if scope == "all" else kind
    return render(request, "notifications/unsubscribe.html", {
        "done": done, "kind": kind, "all": kind == services.ALL_KINDS,
        "kind_label": kinds.label(kind), "token": token,
    })


@login_required
def email_list(request):
    """The Secretariat sees every email's state and why it failed."""
    require(request.user, Action.MANAGE)
    rows = Email.objects.select_related("recipient")
    state = request.GET.get("state", "")
    if state in EmailState.values:
        rows = rows.filter(state=state)
    q = request.GET.get("q", "").strip()[:200]
    if q:
        rows = rows.filter(Q(to_address__icontains=q) | Q(subject__icontains=q))
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="emails.csv"'
        writer = csv.writer(response)
        writer.writerow(["created", "address", "kind", "language", "subject", "state",
                         "attempts", "last_error", "next_attempt", "sent"])
        for email in rows.iterator():
            writer.writerow([safe_cell(v) for v in (
                email.created_at.isoformat(), email.to_address, email.kind, email.language,
                email.subject, email.state, email.attempts, email.last_error,
                email.next_attempt_at.isoformat() if email.next_attempt_at else "",
                email.sent_at.isoformat() if email.sent_at else "")])
        return response
    page, querystring = _page(request, rows)
    counts = dict(Email.objects.order_by().values_list("state").annotate(n=Count("pk")))
    return render(request, "notifications/emails.html", {
        "page": page, "querystring": querystring, "state": state, "q": q,
        "states": [(value, label, counts.get(value, 0)) for value, label in EmailState.choices],
    })


@login_required
@require_POST
def email_send_again(request, pk):
    require(request.user, Action.MANAGE)
    email = get_object_or_404(Email, pk=pk)
    services.send_again(email)
    messages.success(request, _("The email is queued to be sent again."))
    return redirect("notifications:emails")


@login_required
def announcement_list(request):
    if can(request.user, Action.MANAGE):
        rows = Announcement.objects.all()
    else:
        rows = Announcement.objects.filter(notifications__recipient=request.user).distinct()
    page, querystring = _page(request, rows)
    language = get_language()
    for announcement in page.object_list:
        announcement.shown = announcement.text(language)
    labels = {a.key: a.label for a in audiences.audiences()}
    for announcement in page.object_list:
        announcement.audience_label = labels.get(announcement.audience, announcement.audience)
    return render(request, "notifications/announcement_list.html", {
        "page": page, "querystring": querystring,
        "can_write": can(request.user, Action.MANAGE),
    })


@login_required
def announcement_new(request):
    require(request.user, Action.MANAGE)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        announcement = form.save(commit=False)
        announcement.created_by = request.user
        announcement.save()
        count = services.send_announcement(announcement, by=request.user)
        messages.success(request, ngettext("Announcement sent to %(count)s person.",
                                           "Announcement sent to %(count)s people.", count)
                         % {"count": count})
        return redirect("notifications:announcement", pk=announcement.pk)
    counts = {a.key: audiences.recipients(a.key).count() for a in audiences.audiences()}
    return render(request, "notifications/announcement_form.html", {
        "form": form, "audiences": [(a.label, counts[a.key]) for a in audiences.audiences()],
    })


@login_required
def announcement_detail(request, pk):
    announcement = get_object_or_404(Announcement, pk=pk)
    received = announcement.notifications.filter(recipient=request.user)
    if not can(request.user, Action.MANAGE) and not received.exists():
        raise Http404
    services.mark_read(request.user, list(received.values_list("pk", flat=True)))
    audience = audiences.get(announcement.audience)
    return render(request, "notifications/announcement_detail.html", {
        "announcement": announcement, "text": announcement.text(get_language()),
        "audience_label": audience.label if audience else announcement.audience,
    })
