from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.accounts.permissions import focal_country_ids, is_secretariat
from target87.surveys.models import EstimateRun, SurveyUpload


class ConfidentialAdminMixin(ScopedAdminMixin):
    """Microdata and unpublished estimates: the rows of the survey rules
    (``surveys.rules``), not the GCG-wide view of other drafts. Only the Secretariat and
    the focal points of a record's country list or open it."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_secretariat(request.user):
            return qs
        return qs.filter(**{f"{self.scope_country_field}__in": focal_country_ids(request.user)})

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return super().has_view_permission(request, obj)
        return request.user.is_staff and (
            is_secretariat(request.user) or bool(focal_country_ids(request.user)))


@admin.register(SurveyUpload)
class SurveyUploadAdmin(ConfidentialAdminMixin, SimpleHistoryAdmin):
    list_display = ["original_name", "country", "format", "size", "uploaded_by", "created_at"]
    list_filter = ["format", "country"]
    search_fields = ["original_name", "description", "country__name_en", "sha256"]
    readonly_fields = ["file", "original_name", "size", "format", "sha256", "columns",
                       "uploaded_by", "created_at"]
    raw_id_fields = ["country"]


@admin.register(EstimateRun)
class EstimateRunAdmin(ConfidentialAdminMixin, SimpleHistoryAdmin):
    scope_country_field = "upload__country"
    list_display = ["pk", "upload", "status", "created_by", "created_at", "finished_at",
                    "saved_period"]
    list_filter = ["status"]
    readonly_fields = ["upload", "mapping", "definition", "options", "status", "error",
                       "error_code", "error_params", "rows",
                       "metadata", "result_id", "created_by", "created_at", "started_at",
                       "finished_at", "saved_period", "observations"]
