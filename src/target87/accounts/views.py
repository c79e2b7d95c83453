"""Accounts in the site: the Secretariat's people pages and the invitation link."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from target87.accounts import services
from target87.accounts.forms import InviteForm, RoleScopeForm
from target87.accounts.history import account_history
from target87.accounts.models import Role, RoleAssignment, User
from target87.accounts.permissions import Action, require
from target87.core.dates import format_day

PAGE_SIZE = 50
STATUSES = {"active", "invited", "deactivated"}


class LoginView(auth_views.LoginView):
    """After login a person lands on "My work", unless they were on their way elsewhere."""

    template_name = "accounts/login.html"

    def get_success_url(self):
        url = self.get_redirect_url()
        home = reverse("core:home")
        if not url or url in {home, "/"}:
            return reverse("core:my_work")
        return url


def _status(user: User) -> str:
    if user.is_active:
        return "active"
    return "deactivated" if user.has_usable_password() else "invited"


STATUS_LABELS = {
    "active": lambda: _("active"),
    "invited": lambda: _("invited"),
    "deactivated": lambda: _("deactivated"),
}


def _role_text(assignment: RoleAssignment) -> str:
    scope = assignment.scope_label()
    label = assignment.get_role_display()
    return f"{label} ({scope})" if scope else str(label)


@login_required
def people(request):
    require(request.user, Action.MANAGE)
    q = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    status = request.GET.get("status", "")
    users = User.objects.prefetch_related(
        Prefetch("role_assignments",
                 queryset=RoleAssignment.objects.select_related("country", "organisation"))
    ).order_by("last_name", "first_name", "username")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(email__icontains=q)
                             | Q(first_name__icontains=q) | Q(last_name__icontains=q)
                             | Q(organisation__icontains=q))
    if role in Role.values:
        users = users.filter(role_assignments__role=role).distinct()
    else:
        role = ""
    if status == "active":
        users = users.filter(is_active=True)
    elif status in {"invited", "deactivated"}:
        users = [u for u in users.filter(is_active=False) if _status(u) == status]
    else:
        status = ""
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="people.csv"'
        writer = csv.writer(response)
        writer.writerow([_("Name"), _("E-mail"), _("Works for"), _("Roles"), _("Status")])
        for user in users:
            writer.writerow([_safe_cell(v) for v in (
                user.get_full_name(), user.email, user.organisation,
                "; ".join(_role_text(a) for a in user.role_assignments.all()),
                STATUS_LABELS[_status(user)]())])
        return response
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"user": u, "status": _status(u), "status_label": STATUS_LABELS[_status(u)](),
             "roles": [_role_text(a) for a in u.role_assignments.all()]} for u in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/people.html", {
        "page": page, "rows": rows, "q": q, "role": role, "status": status,
        "roles": Role.choices, "query": query.urlencode(),
        "statuses": [(key, STATUS_LABELS[key]()) for key in ("active", "invited", "deactivated")],
    })


def _safe_cell(value) -> str:
    # a spreadsheet must not run a cell as a formula
    text = str(value or "")
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _say_sent(request, invitation, sent: bool) -> None:
    if sent:
        messages.success(request, _("Invitation sent to %(email)s; the link is valid until "
                                    "%(date)s.") % {
            "email": invitation.email,
            "date": format_day(invitation.expires_at)})
    else:
        messages.error(request, _("The invitation to %(email)s is saved but the e-mail could "
                                  "not be sent (%(error)s). Send it again once mail works.") % {
            "email": invitation.email, "error": invitation.send_error})


@login_required
def invite(request):
    require(request.user, Action.MANAGE)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invite_person(
                request.user, email=data["email"], first_name=data["first_name"],
                last_name=data["last_name"], organisation_name=data["organisation_name"],
                language=data["language"], role=data["role"],
                countries=data["countries"] or (), organisation=data["organisation"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _say_sent(request, invitation, services.send_invitation(invitation,
                                                                    _base_url(request)))
            return redirect("accounts:person", invitation.user_id)
    return render(request, "accounts/invite.html", {"form": form})


@login_required
def person(request, pk):
    account = get_object_or_404(User, pk=pk)
    require(request.user, Action.MANAGE, account)
    return _person_page(request, account, RoleScopeForm())


def _person_page(request, account, role_form, status=200):
    assignments = account.role_assignments.select_related("country", "organisation").order_by(
        "role", "country__name_en")
    return render(request, "accounts/person.html", {
        "account": account, "status": _status(account),
        "status_label": STATUS_LABELS[_status(account)](),
        "assignments": [(a, _role_text(a)) for a in assignments],
        "role_form": role_form,
        "invitations": account.invitations.select_related("invited_by")[:10],
        "history": account_history(account),
    }, status=status)


@login_required
@require_POST
def assign_role(request, pk):
    account = get_object_or_404(User, pk=pk)
    require(request.user, Action.MANAGE, account)
    form = RoleScopeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assign_role(request.user, account, data["role"],
                                 data["countries"] or (), data["organisation"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Role given."))
            return redirect("accounts:person", account.pk)
    return _person_page(request, account, form, status=400)


@login_required
@require_POST
def revoke_role(request, pk, assignment_pk):
    account = get_object_or_404(User, pk=pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=account)
    require(request.user, Action.MANAGE, account)
    try:
        services.revoke_role(request.user, assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Role removed: %(role)s.") % {"role": _role_text(assignment)})
    return redirect("accounts:person", account.pk)


@login_required
@require_POST
def set_active(request, pk):
    account = get_object_or_404(User, pk=pk)
    require(request.user, Action.MANAGE, account)
    activate = request.POST.get("active") == "1"
    try:
        if activate:
            services.reactivate_account(request.user, account)
        else:
            services.deactivate_account(request.user, account)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Account reactivated.") if activate
                         else _("Account deactivated: this person can no longer log in."))
    return redirect("accounts:person", account.pk)


@login_required
@require_POST
def resend_invitation(request, pk):
    account = get_object_or_404(User, pk=pk)
    require(request.user, Action.MANAGE, account)
    latest = account.invitations.first()
    if latest is None:
        messages.error(request, _("This person was never invited."))
        return redirect("accounts:person", account.pk)
    try:
        invitation = services.reinvite(request.user, latest)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _say_sent(request, invitation, services.send_invitation(invitation, _base_url(request)))
    return redirect("accounts:person", account.pk)


UNUSABLE = {
    "invalid": lambda inv: _("This invitation link is not valid. Check that the whole link "
                             "was copied, or ask the Secretariat for a new invitation."),
    "expired": lambda inv: _("This invitation expired on %(date)s. Ask the Secretariat to "
                             "invite you again.") % {
        "date": format_day(inv.expires_at)},
    "accepted": lambda inv: _("This invitation was already used: your password is set. Log "
                              "in, or reset your password if you have forgotten it."),
    "withdrawn": lambda inv: _("This invitation was withdrawn: a newer invitation replaced "
                               "it, or the account was closed. Ask the Secretariat."),
}


def accept_invitation(request, token):
    """The invited person sets their password; an unusable link says why and changes
    nothing."""
    invitation = services.invitation_from_token(token)
    try:
        services.check_invitation(invitation)
    except services.InvitationUnusable as exc:
        return render(request, "accounts/invitation_unusable.html", {
            "reason": UNUSABLE[exc.state](exc.invitation), "state": exc.state,
        }, status=404 if exc.state == "invalid" else 410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(invitation, form.cleaned_data["new_password1"])
        except services.InvitationUnusable as exc:  # used in another tab meanwhile
            return render(request, "accounts/invitation_unusable.html", {
                "reason": UNUSABLE[exc.state](exc.invitation), "state": exc.state},
                status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome. Your password is set and your account is open."))
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "accounts/invitation_accept.html", {
        "form": form, "invitation": invitation})
