from django import forms
from django.utils.translation import gettext_lazy as _

from target87.countries.models import Country
from target87.supplychains.models import Covers, Sector


class CandidateForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all(),
                                     to_field_name="iso3")
    sector = forms.ChoiceField(label=_("Sector"), required=False,
                               choices=[("", _("Whole country"))] + list(Sector.choices))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Score"), coerce=int,
                                   choices=[(i, str(i)) for i in range(4)])
    evidence = forms.CharField(label=_("Evidence"), max_length=8000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label=_("Date of the evidence"),
                           widget=forms.DateInput(attrs={"type": "date"}))
    cas_reference = forms.CharField(label=_("ILO CAS reference"), required=False,
                                    max_length=200)


class CasCaseForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all(),
                                     to_field_name="iso3")
    sector = forms.ChoiceField(label=_("Sector"), required=False,
                               choices=[("", _("Whole country"))] + list(Sector.choices))
    year = forms.IntegerField(label=_("Year of the session"), min_value=1927, max_value=2100)
    convention = forms.CharField(label=_("Convention"), max_length=100,
                                 help_text=_("Such as C029, C105, C138 or C182."))
    reference = forms.CharField(label=_("Reference"), max_length=200)
    link = forms.URLField(label=_("Link"), required=False, max_length=500,
                          assume_scheme="https")
    summary = forms.CharField(label=_("Summary"), required=False, max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    lead_organisations = forms.CharField(label=_("Lead organisations (one a line)"),
                                         max_length=4000,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label=_("Description"), required=False, max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    sectors = forms.MultipleChoiceField(label=_("Sectors"), required=False,
                                        choices=Sector.choices,
                                        widget=forms.CheckboxSelectMultiple)
    countries = forms.ModelMultipleChoiceField(label=_("Countries"), required=False,
                                               queryset=Country.objects.all(),
                                               to_field_name="iso3",
                                               widget=forms.SelectMultiple(attrs={"size": 8}))
    covers = forms.ChoiceField(label=_("Covers"), choices=Covers.choices)
    engages_trade_unions = forms.BooleanField(label=_("Engages trade unions"), required=False)
    engages_employers = forms.BooleanField(label=_("Engages employers' organisations"),
                                           required=False)
    engages_local_government = forms.BooleanField(label=_("Engages local government"),
                                                  required=False)
    global_south = forms.BooleanField(label=_("Originates in the global South"), required=False)
    start_year = forms.IntegerField(label=_("Start year"), required=False, min_value=1900,
                                    max_value=2100)
    end_year = forms.IntegerField(label=_("End year"), required=False, min_value=1900,
                                  max_value=2100)
    link = forms.URLField(label=_("Link"), required=False, max_length=500,
                          assume_scheme="https")


class RunForm(forms.Form):
    mrio = forms.FileField(label=_("MRIO system (ZIP of a pymrio folder, or OECD ICIO CSV)"))
    mrio_source = forms.CharField(label=_("Source of the MRIO system"), max_length=500)
    satellite = forms.FileField(label=_("Satellite account (CSV: region, sector, one column "
                                        "per stressor)"))
    satellite_source = forms.CharField(label=_("Source of the satellite account"),
                                       max_length=500)
    stressor = forms.CharField(label=_("Column holding child labour"), max_length=100,
                               initial="child_labour")
