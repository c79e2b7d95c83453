from django import forms

from target87.countries.models import CountryProfile


class CountryProfileForm(forms.ModelForm):
    class Meta:
        model = CountryProfile
        fields = ["summary", "national_statistics_office", "website"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}
