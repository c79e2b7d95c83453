from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.permissions import Action, can, is_secretariat
from target87.supplychains.models import (
    Candidate,
    CasCase,
    Criterion,
    FootprintRun,
    Initiative,
    InitiativeSector,
    Score,
)
from target87.supplychains.rules import may_score


class SecretariatAdmin(SimpleHistoryAdmin):
    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


class ScorersAdmin(SimpleHistoryAdmin):
    def has_module_permission(self, request):
        return may_score(request.user)

    def has_view_permission(self, request, obj=None):
        return obj is None and may_score(request.user) or (
            obj is not None and can(request.user, Action.VIEW, obj))

    def has_change_permission(self, request, obj=None):
        return may_score(request.user)

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Criterion)
class CriterionAdmin(SecretariatAdmin):
    list_display = ["number", "key", "scope", "default_weight"]


@admin.register(Candidate)
class CandidateAdmin(ScorersAdmin):
    list_display = ["__str__", "country", "sector", "created_at"]
    list_filter = ["sector"]
    search_fields = ["country__name_en"]
    autocomplete_fields = ["country"]


@admin.register(Score)
class ScoreAdmin(ScorersAdmin):
    """Scores are recorded on the candidate's page (``criteria.save_score`` checks them)."""

    list_display = ["candidate", "criterion", "score", "date", "scored_by"]
    readonly_fields = ["candidate", "criterion", "score", "evidence", "date", "cas_reference",
                       "scored_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CasCase)
class CasCaseAdmin(ScorersAdmin):
    list_display = ["reference", "country", "year", "convention", "sector"]
    list_filter = ["year", "convention"]
    search_fields = ["reference", "country__name_en"]
    autocomplete_fields = ["country"]


class SectorInline(admin.TabularInline):
    model = InitiativeSector
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(SecretariatAdmin):
    list_display = ["name", "covers", "status", "global_south", "start_year", "end_year"]
    list_filter = ["status", "covers", "global_south"]
    search_fields = ["name", "lead_organisations"]
    filter_horizontal = ["countries"]
    inlines = [SectorInline]
    # publishing goes through the initiative's page (initiatives.decide)
    readonly_fields = ["status", "proposed_by", "decided_by", "decided_at"]


@admin.register(FootprintRun)
class FootprintRunAdmin(SecretariatAdmin):
    list_display = ["__str__", "status", "is_published", "created_at"]
    readonly_fields = ["status", "error", "result_id", "regions", "sectors", "mrio_sha256",
                       "satellite_sha256", "started_at", "finished_at"]
