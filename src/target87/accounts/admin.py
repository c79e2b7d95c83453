from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(User)
class PlatformUserAdmin(SimpleHistoryAdmin, UserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "email", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["is_active", "is_staff", "role_assignments__role"]
    search_fields = ["username", "email", "first_name", "last_name", "organisation"]
    fieldsets = UserAdmin.fieldsets + (("Organisation", {"fields": ["organisation"]}),)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "country", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "country__name_en", "country__iso3"]
    autocomplete_fields = ["user", "country"]
