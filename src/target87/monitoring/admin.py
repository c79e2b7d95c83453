from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.accounts.permissions import is_secretariat
from target87.monitoring.models import (
    Convention,
    CustomIndicator,
    Indicator,
    NextStepCheck,
    Observation,
    Questionnaire,
    ReportingCycle,
    ReviewComment,
    SupportActivity,
    ValidationRule,
)


class ReferenceAdmin(SimpleHistoryAdmin):
    """Catalogue rows come from the data files; the Secretariat may read and correct them."""

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    has_add_permission = has_delete_permission = has_change_permission

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff


@admin.register(Indicator)
class IndicatorAdmin(ReferenceAdmin):
    list_display = [
        "code",
        "name_en",
        "dimension",
        "theme",
        "group",
        "value_type",
        "computed",
        "sdg_series",
    ]
    list_filter = ["dimension", "theme", "group", "value_type", "computed", "standard"]
    search_fields = ["code", "name_en", "name_fr", "name_es", "sdg_series"]


@admin.register(Convention)
class ConventionAdmin(ReferenceAdmin):
    list_display = ["code", "name_en", "adopted_year"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(ReferenceAdmin):
    list_display = ["code", "left", "operator", "right", "missing_value_strategy"]


@admin.register(ReportingCycle)
class ReportingCycleAdmin(ReferenceAdmin):
    list_display = ["year", "opens_on", "deadline", "closed_at"]
    readonly_fields = ["closed_at"]

    def save_model(self, request, obj, form, change):
        """A cycle added here is opened like one opened on the site: every reporting country
        gets its prefilled questionnaire."""
        from target87.monitoring.cycles import country_started_reporting, reporting_countries

        super().save_model(request, obj, form, change)
        if obj.is_open:
            for country in reporting_countries():
                country_started_reporting(country)


@admin.register(Observation)
class ObservationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "country",
        "indicator",
        "custom_indicator",
        "period",
        "disaggregation_key",
        "value",
        "value_bool",
        "value_year",
        "status",
    ]
    list_filter = ["status", "period", "indicator__dimension", "indicator__theme"]
    search_fields = ["country__iso3", "country__name_en", "indicator__code"]
    readonly_fields = ["status", "disaggregation_key"]
    raw_id_fields = ["country", "indicator", "custom_indicator", "created_by"]


@admin.register(CustomIndicator)
class CustomIndicatorAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["country", "priority", "indicator", "baseline", "target", "target_date"]
    search_fields = ["country__iso3", "indicator", "priority"]
    raw_id_fields = ["country"]


@admin.register(SupportActivity)
class SupportActivityAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["country", "kind", "level", "date"]
    list_filter = ["kind", "level"]
    raw_id_fields = ["country"]


class NextStepInline(admin.TabularInline):
    model = NextStepCheck
    extra = 0


class ReviewCommentInline(admin.TabularInline):
    model = ReviewComment
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["country", "cycle", "status", "submitted_at", "updated_at"]
    list_filter = ["cycle", "status"]
    search_fields = ["country__iso3", "country__name_en"]
    readonly_fields = ["status", "submitted_at", "submitted_by", "decided_at", "decided_by"]
    raw_id_fields = ["country"]
    inlines = [NextStepInline, ReviewCommentInline]
