from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from target87.accounts.permissions import Action, can, is_secretariat, require
from target87.core.tables import FORMATS, table_response
from target87.core.versions import cache_version
from target87.countries.models import Country
from target87.knowledge.views import public_page
from target87.partnership.forms import ApplicationForm, DecisionForm
from target87.partnership.models import ApplicationStatus, PartnerApplication, PartnerType
from target87.partnership.services import public_partners


@public_page
def directory(request):
    partner_type = request.GET.get("type", "")
    if partner_type not in PartnerType.values:
        partner_type = ""
    country = request.GET.get("country", "").strip().upper()[:3]
    partners = public_partners(partner_type, country)
    headers = [_("Name"), _("Type"), _("Country"), _("Website")]
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return table_response(
            fmt,
            "partners",
            headers,
            [
                [
                    p.name,
                    p.get_partner_type_display(),
                    p.country.name_in(get_language()) if p.country else "",
                    p.website,
                ]
                for p in partners
            ],
        )
    countries = Country.objects.filter(partners__is_published=True).distinct()
    return render(
        request,
        "partnership/directory.html",
        {
            "partners": partners,
            "types": PartnerType.choices,
            "partner_type": partner_type,
            "country": country,
            "countries": sorted(countries, key=lambda c: c.name_in(get_language())),
            "count": partners.count(),
            "show_applications": is_secretariat(request.user),
        },
    )


def country_partners_section(request, country):
    key = f"partnership:section:{country.pk}:{get_language()}:{cache_version()}"
    html = cache.get(key)
    if html is None:
        partners = list(public_partners(country_iso3=country.iso3))
        html = render_to_string(
            "partnership/section.html", {"country": country, "partners": partners}
        )
        cache.set(key, html, 3600)
    return html


def apply(request):
    from target87.partnership.services import ApplicationError, submit_application

    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submit_application(
                organisation=data["organisation"], partner_type=data["partner_type"],
                country=data["country"], website=data["website"],
                contact_person=data["contact_person"], contact_email=data["contact_email"],
                motivation=data["motivation"], action_groups=data["action_groups"],
                language=get_language(),
                confirm_url=lambda token: request.build_absolute_uri(
                    reverse("partnership:confirm_email", args=[token])
                ),
            )
        except (ApplicationError, IntegrityError):
            # a second application of the same organisation submitted at the same moment
            form.add_error("organisation", _("An application from this organisation is "
                                             "already waiting for a decision."))
        else:
            return redirect("partnership:apply_sent")
    return render(request, "partnership/apply.html", {"form": form})


def apply_sent(request):
    return render(request, "partnership/apply_sent.html")


def confirm_email(request, token):
    from target87.partnership.services import ApplicationError, confirm_application_email

    try:
        application = confirm_application_email(token)
    except ApplicationError as exc:
        return render(request, "partnership/apply_confirmed.html", {"error": str(exc)},
                      status=400)
    return render(request, "partnership/apply_confirmed.html", {"application": application})


@login_required
def application_list(request):
    if not is_secretariat(request.user):
        raise PermissionDenied
    status = request.GET.get("status", ApplicationStatus.SUBMITTED)
    if status not in ApplicationStatus.values:
        status = ""
    qs = PartnerApplication.objects.select_related("country").prefetch_related("action_groups")
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "partnership/application_list.html",
                  {"page": page, "status": status, "statuses": ApplicationStatus.choices})


@login_required
def application_detail(request, pk):
    from target87.partnership.services import ApplicationError, decide_application

    application = get_object_or_404(PartnerApplication, pk=pk)
    require(request.user, Action.VIEW, application)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decide_application(request.user, application,
                               approve=form.cleaned_data["decision"] == "approve",
                               reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The decision was recorded and the applicant told."))
            return redirect("partnership:application_detail", pk=application.pk)
    return render(request, "partnership/application_detail.html",
                  {"application": application, "form": form,
                   "can_decide": can(request.user, Action.APPROVE, application)})
