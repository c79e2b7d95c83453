from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from target87.accounts.permissions import Action, require
from target87.core.pagecache import public_page_cache
from target87.core.sections import render_country_sections
from target87.countries.forms import CountryProfileForm
from target87.countries.models import (
    Country,
    CountryProfile,
    ILORegion,
    SDGRegion,
    UNStatus,
    name_field,
)

NAME_FIELDS = ["name_en", "name_fr", "name_es", "name_ar", "name_zh", "name_ru"]
SORTS = {"name", "-name", "iso3", "-iso3", "region", "-region"}


def filter_countries(qs, q="", sdg_region="", ilo_region="", status=""):
    q = (q or "").strip()[:100]
    if q:
        cond = Q(iso3__iexact=q) | Q(iso2__iexact=q) | Q(m49=q)
        for f in NAME_FIELDS:
            cond |= Q(**{f"{f}__icontains": q})
        qs = qs.filter(cond)
    if sdg_region in SDGRegion.values:
        qs = qs.filter(sdg_region=sdg_region)
    if ilo_region in ILORegion.values:
        qs = qs.filter(ilo_region=ilo_region)
    if status in UNStatus.values:
        qs = qs.filter(un_status=status)
    return qs


def country_list(request):
    status = request.GET.get("status", UNStatus.MEMBER)
    qs = filter_countries(
        Country.objects.all(), q=request.GET.get("q", ""),
        sdg_region=request.GET.get("sdg_region", ""),
        ilo_region=request.GET.get("ilo_region", ""), status=status,
    )
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    field = {"name": name_field(get_language()), "iso3": "iso3", "region": "sdg_region"}
    desc = sort.startswith("-")
    key = field[sort.lstrip("-")]
    qs = qs.order_by(f"-{key}" if desc else key, "iso3")
    return render(request, "countries/list.html", {
        "countries": qs,
        "count": qs.count(),
        "q": request.GET.get("q", ""),
        "sdg_regions": SDGRegion.choices,
        "ilo_regions": ILORegion.choices,
        "statuses": UNStatus.choices,
        "selected": {
            "sdg_region": request.GET.get("sdg_region", ""),
            "ilo_region": request.GET.get("ilo_region", ""),
            "status": status,
            "sort": sort,
        },
    })


@public_page_cache
def country_detail(request, iso3):
    country = get_object_or_404(Country, iso3=iso3.upper())
    profile = CountryProfile.objects.filter(country=country).first()
    return render(request, "countries/detail.html", {
        "country": country,
        "profile": profile,
        "profile_target": profile or CountryProfile(country=country),
        "sections": render_country_sections(request, country),
    })


@login_required
def profile_edit(request, iso3):
    country = get_object_or_404(Country, iso3=iso3.upper())
    profile = CountryProfile.objects.filter(country=country).first() or CountryProfile(
        country=country
    )
    require(request.user, Action.CHANGE, profile)
    form = CountryProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The country profile was saved."))
        return redirect(country.get_absolute_url())
    return render(request, "countries/profile_form.html", {"country": country, "form": form})
