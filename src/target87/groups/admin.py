from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.groups.models import (
    ActionGroup,
    GroupChair,
    GroupMembership,
    GroupPillar,
    MembershipRequest,
    ProgressUpdate,
    Workplan,
    WorkplanItem,
)


class PillarInline(admin.TabularInline):
    model = GroupPillar
    extra = 0


class ChairInline(admin.TabularInline):
    model = GroupChair
    extra = 0
    autocomplete_fields = ["organisation", "representative"]


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["partner"]


@admin.register(ActionGroup)
class ActionGroupAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name_en", "slug", "status", "is_published"]
    list_filter = ["status", "is_published"]
    search_fields = ["name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ChairInline, PillarInline, MembershipInline]

    def get_queryset(self, request):
        return ActionGroup.objects.all()


class ItemInline(admin.StackedInline):
    model = WorkplanItem
    extra = 0
    fk_name = "workplan"
    autocomplete_fields = ["lead_partners", "contributing_partners"]


class ItemAdminForm(forms.ModelForm):
    class Meta:
        model = WorkplanItem
        fields = ["workplan", "parent", "level", "code", "order", "title", "indicator",
                  "baseline", "target_value", "target_unit", "milestone", "due_date", "lead",
                  "lead_partners", "contributing_partners", "status", "achieved_value"]

    def _post_clean(self):
        # the instance carries the edited values only once the model form has cleaned it
        from target87.groups.services import GroupError, check_item

        super()._post_clean()
        if self.instance.workplan_id and not self.errors:
            try:
                check_item(self.instance)
            except GroupError as exc:
                self.add_error(None, str(exc))


@admin.register(Workplan)
class WorkplanAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "group", "period_start", "period_end", "status", "is_published"]
    list_filter = ["group", "status", "is_published"]
    search_fields = ["title"]

    def get_queryset(self, request):
        return Workplan.objects.select_related("group")


@admin.register(WorkplanItem)
class WorkplanItemAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = ItemAdminForm
    list_display = ["code", "workplan", "level", "due_date", "status"]
    list_filter = ["workplan", "level", "status"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["lead_partners", "contributing_partners"]

    def get_queryset(self, request):
        return WorkplanItem.objects.select_related("workplan")


@admin.register(MembershipRequest)
class MembershipRequestAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["partner", "group", "state", "created_at"]
    list_filter = ["state", "group"]
    readonly_fields = ["state", "decided_by", "decided_at"]

    def get_queryset(self, request):
        return MembershipRequest.objects.select_related("group", "partner")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["item", "date", "status", "state"]
    list_filter = ["state"]
    readonly_fields = ["state", "decided_by", "decided_at"]

    def get_queryset(self, request):
        return ProgressUpdate.objects.select_related("item")
