from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.accounts.permissions import Action, can
from target87.knowledge.models import (
    Event,
    EventTranslation,
    GoodPractice,
    LabourLaw,
    LawTranslation,
    PracticeAttachment,
    PracticeTranslation,
    Publication,
    PublicationTranslation,
)


class TranslationInline(admin.StackedInline):
    """The other languages of a record, edited on the record's page (English is the record).

    Asked of the permission service through the record: whoever may change the record may
    change its translations, whoever may see it sees them."""

    extra = 0

    def _record(self, obj):
        return obj if obj is not None else self.parent_model()

    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.VIEW, obj) if obj is not None else request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return can(request.user, Action.CHANGE, self._record(obj))

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.CHANGE, self._record(obj))

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.CHANGE, self._record(obj))


class PracticeTranslationInline(TranslationInline):
    model = PracticeTranslation


class PracticeAttachmentInline(admin.TabularInline):
    """Shown, not edited: files arrive through the submission form, which checks their type
    and size."""

    model = PracticeAttachment
    extra = 0
    fields = ["title", "file", "size", "content_type", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PublicationTranslationInline(TranslationInline):
    model = PublicationTranslation


class LawTranslationInline(TranslationInline):
    model = LawTranslation


class EventTranslationInline(TranslationInline):
    model = EventTranslation


class ManyCountriesAdminMixin(ScopedAdminMixin):
    scope_country_field = "countries"

    def get_queryset(self, request):
        # a record about several of the editor's countries is listed once
        return super().get_queryset(request).distinct()


@admin.register(Publication)
class PublicationAdmin(ManyCountriesAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "year", "publisher", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "publisher", "translations__title"]
    autocomplete_fields = ["countries"]
    inlines = [PublicationTranslationInline]


@admin.register(LabourLaw)
class LabourLawAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "country", "topic", "year_adopted", "is_published"]
    list_filter = ["topic", "is_published"]
    search_fields = ["title", "country__name_en", "country__iso3", "translations__title"]
    autocomplete_fields = ["country"]
    inlines = [LawTranslationInline]


@admin.register(Event)
class EventAdmin(ManyCountriesAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "status", "is_published"]
    list_filter = ["kind", "status", "is_published"]
    search_fields = ["title", "location", "translations__title"]
    autocomplete_fields = ["countries"]
    inlines = [EventTranslationInline]


@admin.register(GoodPractice)
class GoodPracticeAdmin(ManyCountriesAdminMixin, SimpleHistoryAdmin):
    """Content corrections; submission, review and publication stay on the practice pages
    (their workflow), so the workflow fields are read-only here."""

    list_display = ["title", "sector", "theme", "level", "status", "published_at"]
    list_filter = ["status", "sector", "theme", "level"]
    search_fields = ["title", "summary", "slug", "translations__title"]
    autocomplete_fields = ["countries"]
    readonly_fields = ["status", "submitted_by", "review_note", "published_at"]
    inlines = [PracticeTranslationInline, PracticeAttachmentInline]
