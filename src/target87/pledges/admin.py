from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.accounts.permissions import Action, can, is_secretariat
from target87.pledges.models import Pledge, PledgeEvent, PledgeReview
from target87.pledges.services import refresh_status


class ReviewInline(admin.TabularInline):
    """Reviews checked by ``services.check_review`` (through ``PledgeReview.clean``)."""

    model = PledgeReview
    extra = 0
    fields = ["date", "status", "evidence", "evidence_url"]

    def has_view_permission(self, request, obj=None):
        return obj is None or can(request.user, Action.VIEW, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and can(request.user, Action.REVIEW, obj)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    has_delete_permission = has_change_permission


@admin.register(Pledge)
class PledgeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "event", "theme", "date", "target_date", "status",
                    "is_published"]
    list_filter = ["event", "theme", "status", "is_published"]
    search_fields = ["text", "partner__name", "country__name_en"]
    autocomplete_fields = ["partner", "country"]
    readonly_fields = ["status"]
    inlines = [ReviewInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            for review in formset.new_objects:
                if review.reviewed_by_id is None:
                    review.reviewed_by = request.user
                    review.save(update_fields=["reviewed_by"])
        refresh_status(form.instance)


@admin.register(PledgeEvent)
class PledgeEventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "place", "start_date", "end_date", "year"]
    search_fields = ["name"]

    def has_module_permission(self, request):
        from target87.accounts.permissions import is_secretariat

        return is_secretariat(request.user)

    has_view_permission = has_change_permission = has_add_permission = \
        has_delete_permission = lambda self, request, obj=None: self.has_module_permission(
            request)
