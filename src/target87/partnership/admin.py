from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.partnership.models import (
    ApplicationStatus,
    Partner,
    PartnerApplication,
)


@admin.register(Partner)
class PartnerAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "partner_type", "country", "is_published"]
    list_filter = ["partner_type", "is_published"]
    search_fields = ["name"]
    autocomplete_fields = ["country"]


class ApplicationAdminForm(forms.ModelForm):
    """The decision is taken through decide_application(), never by editing the status."""

    decision = forms.ChoiceField(
        label=_("Decision"), required=False,
        choices=[("", _("Not decided yet")), ("approve", _("Approve")),
                 ("decline", _("Decline"))],
    )

    class Meta:
        model = PartnerApplication
        fields = ["organisation", "partner_type", "country", "website", "contact_person",
                  "contact_email", "motivation", "action_groups", "decision_reason"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("decision_reason") or "").strip():
            self.add_error("decision_reason", _("Give a reason to decline; it is sent to the "
                                                "applicant."))
        if data.get("decision") == "approve" and not self.instance.email_confirmed_at:
            self.add_error("decision", _("The contact e-mail is not confirmed yet; the "
                                         "application cannot be approved."))
        return data


@admin.register(PartnerApplication)
class PartnerApplicationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = ApplicationAdminForm
    list_display = ["organisation", "partner_type", "country", "status", "email_confirmed_at",
                    "submitted_at"]
    list_filter = ["status", "partner_type"]
    search_fields = ["organisation", "contact_email", "contact_person"]
    readonly_fields = ["status", "email_confirmed_at", "decided_at", "decided_by", "partner",
                       "language"]
    actions = ["approve_selected"]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is None or obj.status != ApplicationStatus.SUBMITTED:
            fields = [f for f in fields if f != "decision"]
        return fields

    def save_model(self, request, obj, form, change):
        from target87.partnership.services import ApplicationError, decide_application

        decision = form.cleaned_data.get("decision")
        reason = form.cleaned_data.get("decision_reason", "")
        super().save_model(request, obj, form, change)
        if change and decision:
            try:
                decide_application(request.user, obj, approve=decision == "approve",
                                   reason=reason)
            except ApplicationError as exc:
                self.message_user(request, str(exc), messages.ERROR)

    @admin.action(description=_("Approve the selected applications"))
    def approve_selected(self, request, queryset):
        from target87.partnership.services import ApplicationError, decide_application

        for application in queryset:
            try:
                decide_application(request.user, application, approve=True)
            except ApplicationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, _("%(organisation)s approved.")
                                  % {"organisation": application.organisation})
