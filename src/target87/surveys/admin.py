from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.surveys.models import EstimateRun, SurveyUpload


@admin.register(SurveyUpload)
class SurveyUploadAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["original_name", "country", "format", "size", "uploaded_by", "created_at"]
    list_filter = ["format", "country"]
    search_fields = ["original_name", "description", "country__name_en", "sha256"]
    readonly_fields = ["file", "original_name", "size", "format", "sha256", "columns",
                       "uploaded_by", "created_at"]
    raw_id_fields = ["country"]


@admin.register(EstimateRun)
class EstimateRunAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    scope_country_field = "upload__country"
    list_display = ["pk", "upload", "status", "created_by", "created_at", "finished_at",
                    "saved_period"]
    list_filter = ["status"]
    readonly_fields = ["upload", "mapping", "definition", "options", "status", "error", "rows",
                       "metadata", "result_id", "created_by", "created_at", "started_at",
                       "finished_at", "saved_period", "observations"]
