from django import forms
from django.utils.translation import gettext_lazy as _

from target87.countries.models import CountryProfile


class CountryProfileForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", label=_("website"))

    class Meta:
        model = CountryProfile
        fields = ["summary", "national_statistics_office", "website"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}
