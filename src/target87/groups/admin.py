from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.groups.models import ActionGroup, GroupChair, GroupMembership, GroupPillar


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
