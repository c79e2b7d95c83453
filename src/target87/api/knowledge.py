"""The Knowledge Platform: good practices (with full-text search), events, publications
and labour laws; published records only."""


import datetime as dt

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from target87.api.common import (
    MAX_LIMIT,
    ErrorOut,
    Pagination,
    bad_request,
    choice_or_400,
    country_or_400,
    range_or_400,
)
from target87.knowledge import search
from target87.knowledge.models import (
    Event,
    EventKind,
    GoodPractice,
    LabourLaw,
    LawTopic,
    Level,
    PracticeStatus,
    Publication,
    PublicationKind,
    Sector,
    Theme,
)

router = Router(tags=["knowledge"])


def _iso3s(obj) -> list[str]:
    return sorted(c.iso3 for c in obj.countries.all())


class TranslationOut(Schema):
    language: str
    title: str
    summary: str
    results: str
    lessons: str


class TextTranslationOut(Schema):
    """A publication's or a law's title and summary in one language (English is the
    record's own text)."""

    language: str
    title: str
    summary: str


class EventTranslationOut(Schema):
    language: str
    title: str
    summary: str
    location: str


def _translations(obj) -> list:
    return sorted(obj.translations.all(), key=lambda t: t.language)


class PracticeOut(Schema):
    slug: str
    title: str
    summary: str
    sector: str
    theme: str
    level: str
    countries: list[str]
    actors: str
    results: str
    lessons: str
    links: list[str]
    published_at: dt.datetime | None
    source: str
    translations: list[TranslationOut]
    url: str

    @staticmethod
    def resolve_countries(obj) -> list[str]:
        return _iso3s(obj)

    @staticmethod
    def resolve_links(obj) -> list[str]:
        return obj.link_list()

    @staticmethod
    def resolve_translations(obj) -> list:
        return _translations(obj)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class EventOut(Schema):
    id: int
    title: str
    kind: str
    start_date: dt.date
    end_date: dt.date
    date_precision: str
    status: str
    location: str
    is_virtual: bool
    countries: list[str]
    summary: str
    link: str
    source: str
    url: str
    translations: list[EventTranslationOut]

    @staticmethod
    def resolve_countries(obj) -> list[str]:
        return _iso3s(obj)

    @staticmethod
    def resolve_translations(obj) -> list:
        return _translations(obj)

    @staticmethod
    def resolve_link(obj) -> str:
        return obj.url

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class PublicationOut(Schema):
    title: str
    kind: str
    year: int
    publisher: str
    summary: str
    url: str
    countries: list[str]
    source: str
    translations: list[TextTranslationOut]

    @staticmethod
    def resolve_countries(obj) -> list[str]:
        return _iso3s(obj)

    @staticmethod
    def resolve_translations(obj) -> list:
        return _translations(obj)


class LawOut(Schema):
    country: str
    title: str
    topic: str
    year_adopted: int | None
    url: str
    summary: str
    source: str
    translations: list[TextTranslationOut]

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.iso3

    @staticmethod
    def resolve_translations(obj) -> list:
        return _translations(obj)


class PracticeFilters(Schema):
    q: str = Field("", description="Words to search for, in any of the six languages.")
    sector: str = ""
    theme: str = ""
    level: str = ""
    country: str = Field("", description="ISO 3166 alpha-3 code.")


@router.get("practices/", response={200: list[PracticeOut], 400: ErrorOut},
            summary="Good practices")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_practices(request, filters: Query[PracticeFilters]):
    """Published good practices. With ``q``, the best matches first (the Knowledge
    Platform's own full-text search: every word must match, else any word does); without
    it, by title. Filters: ``sector``, ``theme``, ``level``, ``country`` (ISO3)."""
    qs = GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)
    for name, choices in (("sector", Sector), ("theme", Theme), ("level", Level)):
        if value := choice_or_400(getattr(filters, name), choices, name):
            qs = qs.filter(**{name: value})
    country = country_or_400(filters.country)
    if country is not None:
        qs = qs.filter(countries=country)
    if len(filters.q) > search.MAX_QUERY_LENGTH:
        raise bad_request(_("q: at most %(n)s characters.") % {"n": search.MAX_QUERY_LENGTH})
    ranked = search.ranked_ids(filters.q)
    if ranked is not None:
        rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)],
                    default=Value(len(ranked)), output_field=IntegerField())
        qs = qs.filter(pk__in=ranked).annotate(rank=rank).order_by("rank", "pk")
    else:
        qs = qs.order_by("title", "pk")
    return qs.distinct().prefetch_related("countries", "translations")


class EventFilters(Schema):
    date_from: dt.date | None = Field(None, alias="from",
                                      description="Events ending on or after this date.")
    date_to: dt.date | None = Field(None, alias="to",
                                    description="Events starting on or before this date.")
    country: str = Field("", description="ISO 3166 alpha-3 code.")
    kind: str = ""


@router.get("events/", response={200: list[EventOut], 400: ErrorOut}, summary="Events")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_events(request, filters: Query[EventFilters]):
    """Published events by start date. Filters: ``from`` and ``to`` (ISO dates; an event
    is listed when it overlaps the period), ``country`` (ISO3), ``kind``. The English text is
    the record's own; ``translations`` give the other languages there are."""
    range_or_400(filters.date_from, filters.date_to, "from", "to")
    qs = Event.objects.filter(is_published=True)
    if filters.date_from:
        qs = qs.filter(end_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(start_date__lte=filters.date_to)
    country = country_or_400(filters.country)
    if country is not None:
        qs = qs.filter(countries=country)
    if kind := choice_or_400(filters.kind, EventKind, "kind"):
        qs = qs.filter(kind=kind)
    return (
        qs.distinct()
        .order_by("start_date", "title", "pk")
        .prefetch_related("countries", "translations")
    )


@router.get("publications/", response={200: list[PublicationOut], 400: ErrorOut},
            summary="Publications")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_publications(request, kind: str = "", year: int | None = None, country: str = ""):
    """Published publications, newest first. Filters: ``kind``, ``year``, ``country``.
    The English text is the record's own; ``translations`` give the other languages."""
    qs = Publication.objects.filter(is_published=True)
    if value := choice_or_400(kind, PublicationKind, "kind"):
        qs = qs.filter(kind=value)
    if year is not None:
        qs = qs.filter(year=year)
    found = country_or_400(country)
    if found is not None:
        qs = qs.filter(countries=found)
    return (
        qs.distinct().order_by("-year", "title", "pk").prefetch_related("countries", "translations")
    )


@router.get("laws/", response={200: list[LawOut], 400: ErrorOut}, summary="Labour laws")
@paginate(Pagination, max_limit=MAX_LIMIT)
def list_laws(request, country: str = "", topic: str = ""):
    """Published national laws of the labour-law database. Filters: ``country`` (ISO3),
    ``topic``. The English text is the record's own; ``translations`` give the other
    languages."""
    qs = (
        LabourLaw.objects.filter(is_published=True)
        .select_related("country")
        .prefetch_related("translations")
    )
    found = country_or_400(country)
    if found is not None:
        qs = qs.filter(country=found)
    if value := choice_or_400(topic, LawTopic, "topic"):
        qs = qs.filter(topic=value)
    return qs.order_by("country__iso3", "-year_adopted", "title", "pk")
