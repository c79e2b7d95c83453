from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.accounts.permissions import Action, can
from target87.pathfinders import services
from target87.pathfinders.forms import RoadmapActionForm
from target87.pathfinders.models import (
    ActionTranslation,
    AnnualReview,
    Benchmark,
    LessonLearnt,
    NationalPriority,
    NextStep,
    NextStepTranslation,
    Participation,
    PathfinderCountry,
    PreparatoryTask,
    PriorityTranslation,
    ProgressNote,
    ProgressNoteTranslation,
    RoadmapAction,
    StatusTransition,
    Workshop,
)


class TranslationInline(admin.StackedInline):
    """The other languages of a roadmap record, edited on its page (English is the record);
    whoever may change the record may change its translations (permission service)."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.VIEW, obj) if obj is not None else request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return obj is not None and can(request.user, Action.CHANGE, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and can(request.user, Action.CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and can(request.user, Action.CHANGE, obj)


class PriorityTranslationInline(TranslationInline):
    model = PriorityTranslation


class ActionTranslationInline(TranslationInline):
    model = ActionTranslation


class NextStepTranslationInline(TranslationInline):
    model = NextStepTranslation


class TransitionInline(admin.TabularInline):
    model = StatusTransition
    extra = 0
    fields = ["from_status", "to_status", "date", "user", "document", "note", "source"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # transitions are made through the service (the status form or the command)
        return False


@admin.register(PathfinderCountry)
class PathfinderCountryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["country", "status", "focal_point_name", "responsible_ministry"]
    list_filter = ["status", "country__ilo_region"]
    search_fields = ["country__name_en", "country__iso3", "focal_point_name"]
    readonly_fields = ["status"]
    autocomplete_fields = ["country"]
    raw_id_fields = ["focal_point_user"]
    inlines = [TransitionInline]

    def save_model(self, request, obj, form, change):
        # the account goes through the hand-over rule: the previous account loses the
        # country's focal-point role and the new one receives it
        account = obj.focal_point_user
        if change and "focal_point_user" in form.changed_data:
            obj.focal_point_user = PathfinderCountry.objects.get(pk=obj.pk).focal_point_user
        super().save_model(request, obj, form, change)
        if not change or "focal_point_user" in form.changed_data:
            services.assign_focal_point_account(obj, account, request.user)


@admin.register(StatusTransition)
class StatusTransitionAdmin(SimpleHistoryAdmin):
    list_display = ["pathfinder", "from_status", "to_status", "date", "user"]
    list_filter = ["to_status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


class PreparatoryInline(admin.TabularInline):
    model = PreparatoryTask
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["country", "status", "start_date", "end_date", "region", "virtual"]
    list_filter = ["status", "region", "virtual"]
    search_fields = ["country__name_en", "country__iso3", "title"]
    autocomplete_fields = ["country"]
    inlines = [PreparatoryInline, ParticipationInline]


class ActionInline(admin.TabularInline):
    model = RoadmapAction
    form = RoadmapActionForm
    extra = 0
    fields = ["title", "lead", "target_date", "status", "resources_required",
              "resources_available", "currency"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        country = obj.country if obj else None

        class Bound(formset.form):
            def __init__(self, *args, **kw):
                kw.setdefault("country", country)
                super().__init__(*args, **kw)

        formset.form = Bound
        return formset


@admin.register(NationalPriority)
class NationalPriorityAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "country", "theme", "area_of_focus"]
    list_filter = ["theme", "area_of_focus"]
    search_fields = ["title", "country__name_en", "country__iso3", "translations__title"]
    autocomplete_fields = ["country"]
    inlines = [PriorityTranslationInline]


class BenchmarkInline(admin.TabularInline):
    model = Benchmark
    extra = 0


class ProgressNoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0


@admin.register(RoadmapAction)
class RoadmapActionAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "priority", "status", "resources_required",
                    "resources_available", "currency"]
    list_filter = ["status", "currency"]
    search_fields = ["title", "priority__country__name_en"]
    scope_country_field = "priority__country"
    inlines = [ActionTranslationInline, BenchmarkInline, ProgressNoteInline]
    raw_id_fields = ["priority"]

    def save_model(self, request, obj, form, change):
        obj.currency = services.validate_currency(obj.currency)
        super().save_model(request, obj, form, change)


@admin.register(NextStep)
class NextStepAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "country", "done"]
    list_filter = ["done"]
    search_fields = ["text", "country__name_en"]
    autocomplete_fields = ["country"]
    inlines = [NextStepTranslationInline]


class ProgressNoteTranslationInline(TranslationInline):
    model = ProgressNoteTranslation


@admin.register(ProgressNote)
class ProgressNoteAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "action", "date"]
    search_fields = ["text", "action__title"]
    scope_country_field = "action__priority__country"
    raw_id_fields = ["action", "author"]
    inlines = [ProgressNoteTranslationInline]


@admin.register(AnnualReview)
class AnnualReviewAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["country", "year", "substantial_progress", "reasonable_justification"]
    list_filter = ["year", "substantial_progress"]
    autocomplete_fields = ["country"]
    readonly_fields = ["reviewed_by"]

    def editable_country_ids(self, request):
        # GCG members review every pathfinder country, not only focal points' own
        if services._review_rule(request.user, Action.CHANGE, None):
            return None
        return super().editable_country_ids(request)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        pathfinder = PathfinderCountry.objects.get(country=obj.country)
        try:
            services.record_annual_review(
                pathfinder, obj.year, obj.substantial_progress, obj.evidence, request.user,
                reasonable_justification=obj.reasonable_justification, date=obj.date,
                questionnaire_id=obj.questionnaire_id)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))


@admin.register(LessonLearnt)
class LessonLearntAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "order", "source"]


admin.site.site_header = admin.site.site_header or _("Target 8.7 Platform")
