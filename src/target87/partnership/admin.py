from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.partnership.models import Partner, PartnerApplication


@admin.register(Partner)
class PartnerAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "partner_type", "country", "is_published"]
    list_filter = ["partner_type", "is_published"]
    search_fields = ["name"]
    autocomplete_fields = ["country"]


@admin.register(PartnerApplication)
class PartnerApplicationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["organisation", "partner_type", "country", "status", "submitted_at"]
    list_filter = ["status", "partner_type"]
    readonly_fields = ["decided_at", "decided_by", "partner"]
