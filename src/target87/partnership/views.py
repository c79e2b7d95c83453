from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from target87.countries.models import Country
from target87.knowledge.exports import FORMATS, table_response
from target87.knowledge.services import content_version
from target87.knowledge.views import public_page
from target87.partnership.models import PartnerType
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
        },
    )


def country_partners_section(request, country):
    key = f"partnership:section:{country.pk}:{get_language()}:{content_version()}"
    html = cache.get(key)
    if html is None:
        partners = list(public_partners(country_iso3=country.iso3))
        html = render_to_string(
            "partnership/section.html", {"country": country, "partners": partners}
        )
        cache.set(key, html, 3600)
    return html
