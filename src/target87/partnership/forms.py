from django import forms
from django.utils.translation import gettext_lazy as _

from target87.countries.models import Country
from target87.partnership.models import PartnerApplication


class ApplicationForm(forms.ModelForm):
    """The public form to apply to join Alliance 8.7."""

    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), required=False,
        help_text=_("Where the organisation is based; leave empty for a global organisation."),
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=300,
                             assume_scheme="https")

    class Meta:
        model = PartnerApplication
        fields = ["organisation", "partner_type", "country", "website", "contact_person",
                  "contact_email", "motivation", "action_groups"]
        labels = {
            "organisation": _("Organisation"),
            "partner_type": _("Type of partner"),
            "website": _("Website"),
            "contact_person": _("Contact person"),
            "contact_email": _("Contact e-mail"),
            "motivation": _("Statement of commitment to Target 8.7"),
            "action_groups": _("Action Groups of interest"),
        }
        help_texts = {
            "contact_email": _("We send a link to this address; the application goes to the "
                               "Secretariat once you open it."),
            "motivation": _("How your organisation will contribute to ending forced labour, "
                            "modern slavery, human trafficking and child labour."),
        }
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "action_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from target87.groups.models import ActionGroup

        for name in ("contact_person", "motivation"):
            self.fields[name].required = True
        groups = self.fields["action_groups"]
        groups.queryset = ActionGroup.objects.filter(is_published=True)
        groups.label_from_instance = lambda g: g.name
        self.fields["country"].label_from_instance = lambda c: c.name

    def clean_organisation(self):
        from target87.partnership.services import pending_application

        name = self.cleaned_data["organisation"].strip()
        if pending_application(name):
            raise forms.ValidationError(
                _("An application from %(organisation)s is already waiting for a decision; "
                  "nothing was saved. Write to the Secretariat to change it."),
                params={"organisation": name},
            )
        return name


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline; sent to the applicant."),
    )
