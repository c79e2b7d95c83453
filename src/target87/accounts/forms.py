from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from target87.accounts.models import Role
from target87.accounts.services import check_scope, organisation_model
from target87.countries.models import Country


class RoleScopeForm(forms.Form):
    """A role and its scope: countries for a focal point, the organisation for a partner
    representative, nothing for the other roles."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"), queryset=Country.objects.none(), required=False,
        help_text=_("For a focal point: the countries they act for."))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False,
        help_text=_("For a partner representative: the partner organisation they speak for."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].queryset = Country.objects.order_by("name_en")
        self.fields["countries"].widget.attrs["size"] = 8
        self.fields["organisation"].queryset = organisation_model()._default_manager.all()

    def clean(self):
        data = super().clean()
        if "role" in data:
            try:
                check_scope(data["role"], list(data.get("countries") or ()),
                            data.get("organisation"))
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return data


class InviteForm(RoleScopeForm):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    organisation_name = forms.CharField(
        label=_("Works for"), max_length=200, required=False,
        help_text=_("Ministry, agency or organisation, as shown beside their name."))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="en")

    field_order = ["email", "first_name", "last_name", "organisation_name", "language",
                   "role", "countries", "organisation"]
