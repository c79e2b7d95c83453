"""Partner organisations of Alliance 8.7 (published ones only)."""


import datetime as dt

from ninja import Router, Schema
from ninja.pagination import paginate

from target87.api.common import MAX_LIMIT, ErrorOut, Pagination, choice_or_400, country_or_400
from target87.partnership.models import PartnerType
from target87.partnership.services import public_partners

router = Router(tags=["partners"])


class PartnerOut(Schema):
    name: str
    partner_type: str
    country: str | None
    website: str
    joined: dt.date | None

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.iso3 if obj.country_id else None


@router.get("", response={200: list[PartnerOut], 400: ErrorOut}, summary="Partners")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_partners(request, partner_type: str = "", country: str = "", q: str = ""):
    """Organisations that joined the partnership, by name. Filters: ``partner_type``,
    ``country`` (ISO3), ``q`` (part of the name)."""
    partner_type = choice_or_400(partner_type, PartnerType, "partner_type")
    found = country_or_400(country)
    qs = public_partners(partner_type, found.iso3 if found else "")
    if q.strip():
        qs = qs.filter(name__icontains=q.strip()[:100])
    return qs.order_by("name", "pk")
