from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.accounts.permissions import Action, can, is_secretariat
from target87.core.documents import check_document
from target87.meetings.models import (
    ActionPoint,
    AgendaItem,
    Decision,
    GCGMember,
    Meeting,
    MeetingDocument,
    Participant,
)


class MeetingPartMixin:
    """Inline rows are edited by whoever may change the meeting (permission service);
    on the add page, by the Secretariat, who alone adds meetings in the admin."""

    def _may(self, request, obj) -> bool:
        if obj is None:
            return is_secretariat(request.user)
        return can(request.user, Action.CHANGE, obj)

    def has_view_permission(self, request, obj=None):
        return obj is None or can(request.user, Action.VIEW, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)


class AgendaInline(MeetingPartMixin, admin.StackedInline):
    model = AgendaItem
    extra = 0


class DocumentAdminForm(forms.ModelForm):
    """The admin takes files under the same checks as the site (type, first bytes, size)."""

    class Meta:
        model = MeetingDocument
        fields = ["agenda_item", "title", "author", "date_text", "url", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a newly chosen file
            check_document(upload)
        return upload


class DocumentInline(MeetingPartMixin, admin.TabularInline):
    model = MeetingDocument
    form = DocumentAdminForm
    extra = 0


class ParticipantInline(MeetingPartMixin, admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["partner", "country"]


class DecisionInline(MeetingPartMixin, admin.TabularInline):
    model = Decision
    extra = 0


class ActionPointInline(MeetingPartMixin, admin.TabularInline):
    """Owner required by the table's constraint: the admin shows its message."""

    model = ActionPoint
    extra = 0
    autocomplete_fields = ["owner_user"]
    fields = ["order", "text", "owner", "owner_user", "due_date", "status", "agenda_item"]


@admin.register(Meeting)
class MeetingAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "body", "start_date", "place", "virtual", "status", "is_published"]
    list_filter = ["body", "status", "is_published", "virtual"]
    search_fields = ["title", "place", "report", "chair"]
    autocomplete_fields = ["country", "action_group"]
    date_hierarchy = "start_date"
    inlines = [AgendaInline, ParticipantInline, DecisionInline, ActionPointInline,
               DocumentInline]


@admin.register(GCGMember)
class GCGMemberAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "constituency", "region", "role", "since", "until"]
    list_filter = ["constituency", "region", "role"]
    search_fields = ["organisation", "representative"]
    autocomplete_fields = ["partner", "country"]

    def has_module_permission(self, request):
        from target87.accounts.permissions import is_secretariat

        return is_secretariat(request.user)

    has_view_permission = has_change_permission = has_add_permission = \
        has_delete_permission = lambda self, request, obj=None: self.has_module_permission(
            request)
