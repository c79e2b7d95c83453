from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from target87.api.common import Pagination
from target87.countries.models import Country
from target87.countries.views import filter_countries

router = Router(tags=["countries"])


class CountryOut(Schema):
    iso3: str
    iso2: str
    m49: str
    un_status: str
    sdg_region: str
    ilo_region: str
    name_en: str
    name_fr: str
    name_es: str
    name_ar: str
    name_zh: str
    name_ru: str


@router.get("", response=list[CountryOut])
@paginate(Pagination, page_size=50)
def list_countries(request, q: str = "", sdg_region: str = "", ilo_region: str = "",
                   status: str = ""):
    return filter_countries(Country.objects.all(), q=q, sdg_region=sdg_region,
                            ilo_region=ilo_region, status=status)


@router.get("/{iso3}", response=CountryOut)
def get_country(request, iso3: str):
    return get_object_or_404(Country, iso3=iso3.upper())
