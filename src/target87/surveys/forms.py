from __future__ import annotations

import dataclasses
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from target87.accounts.permissions import focal_country_ids, is_secretariat
from target87.countries.models import Country
from target87.measure.child_labour import MICS6, ChildLabourInputError, VariableMapping
from target87.surveys import services
from target87.surveys.errors import describe


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.iso3})"


class UploadForm(forms.Form):
    country = CountryChoiceField(label=_("Country"), queryset=Country.objects.none())
    file = forms.FileField(
        label=_("Microdata file"),
        help_text=_("One row per child. CSV (UTF-8), Parquet, SPSS .sav or Stata .dta."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.parquet,.sav,.zsav,.dta"}),
    )
    description = forms.CharField(label=_("Survey"), max_length=200, required=False,
                                  help_text=_("For example: MICS6 2019, children aged 5-17."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Country.objects.order_by("name_en")
        if not is_secretariat(user):
            qs = qs.filter(pk__in=focal_country_ids(user))
        self.fields["country"].queryset = qs
        if qs.count() == 1:
            self.fields["country"].initial = qs.first()

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        services.check_upload(uploaded)  # raises ValidationError naming the file
        return uploaded


def _csv_numbers(text: str, name: str) -> list[float]:
    values = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            values.append(float(part))
        except ValueError:
            raise ValidationError(_("%(name)s: %(value)r is not a number.")
                                  % {"name": name, "value": part}) from None
    return values


MULTI = ("econ_any", "econ_hours", "chores_any", "chores_hours", "hazard")
SINGLE = ("age", "sex", "weight", "psu", "strata")
# Lower-case column names a custom mapping starts from.
GUESSES = {
    "age": ["age", "cb3", "hl6", "age_years"],
    "sex": ["sex", "hl4", "gender"],
    "weight": ["weight", "fsweight", "wt", "wgt", "hhweight"],
    "psu": ["psu", "cluster", "hh1", "ea"],
    "strata": ["strata", "stratum", "strat"],
    "econ_hours": ["econ_hours", "hours_econ", "work_hours", "cl3"],
    "chores_hours": ["chores_hours", "hours_chores", "chore_hours", "cl13"],
}


class MappingForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Variable mapping"),
        choices=[("mics6", _("MICS6 children's file (preset)")), ("custom", _("Custom mapping"))],
        widget=forms.RadioSelect,
    )
    age = forms.ChoiceField(label=_("Age (years)"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), required=False)
    weight = forms.ChoiceField(label=_("Sampling weight"), required=False)
    psu = forms.ChoiceField(label=_("Primary sampling unit (cluster)"), required=False)
    strata = forms.ChoiceField(label=_("Stratum"), required=False)
    econ_any = forms.MultipleChoiceField(
        label=_("Economic activity (yes/no items)"), required=False,
        help_text=_("If given, hours count only for a child with a yes in one of them."))
    econ_hours = forms.MultipleChoiceField(label=_("Hours of economic activity"),
                                           required=False,
                                           help_text=_("Several columns are added up."))
    chores_any = forms.MultipleChoiceField(label=_("Household chores (yes/no items)"),
                                           required=False)
    chores_hours = forms.MultipleChoiceField(label=_("Hours of household chores"),
                                             required=False,
                                             help_text=_("Several columns are added up."))
    hazard = forms.MultipleChoiceField(label=_("Hazardous conditions (yes/no items)"),
                                       required=False)
    yes_codes = forms.CharField(label=_("Codes meaning yes"), initial="1", required=False)
    hours_codes = forms.CharField(label=_("Codes in hours columns that are not hours"),
                                  initial="97, 98, 99", required=False)

    definition = forms.ChoiceField(label=_("Definition"))
    comparison = forms.ChoiceField(
        label=_("Threshold comparison"),
        choices=[(">=", _("≥ at or above the threshold (MICS syntax)")),
                 (">", _("> more than the threshold (SDG metadata wording)"))],
        initial=">=",
    )
    chores_threshold = forms.DecimalField(
        label=_("Household chores threshold (hours per week)"), required=False,
        min_value=0, max_value=168, decimal_places=1,
        help_text=_("Leave empty for the definition's own (21 hours; 28 in MICS3-5)."))
    include_hazard = forms.BooleanField(
        label=_("Count hazardous working conditions as child labour (earlier MICS6)"),
        required=False)
    hazardous_work = forms.BooleanField(
        label=_("Also estimate children in hazardous work (a separate indicator)"),
        required=False)
    basis = forms.ChoiceField(
        label=_("Production boundary"),
        choices=[("both", _("Both")), ("sna", _("SNA production boundary")),
                 ("general", _("General production boundary"))],
        initial="both",
    )
    ci = forms.ChoiceField(label=_("Confidence interval"),
                           choices=[("logit", _("Logit")), ("korn-graubard", _("Korn-Graubard"))],
                           initial="logit")
    lonely_psu = forms.ChoiceField(
        label=_("Stratum with a single PSU"),
        choices=[("error", _("Stop with an error")),
                 ("certainty", _("Certainty (contributes no variance)")),
                 ("adjust", _("Adjust (centre at the grand mean)")),
                 ("remove", _("Remove (no variance, as R's survey)"))],
        initial="error",
    )
    by = forms.MultipleChoiceField(label=_("Also estimate by"), required=False,
                                   help_text=_("For example area or region."))

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.file_columns = list(columns)
        self.notes: list[str] = []  # what was adjusted in the choices, for the page
        choices = [(c, c) for c in self.file_columns]
        for name in SINGLE:
            self.fields[name].choices = [("", "—")] + choices
        for name in (*MULTI, "by"):
            self.fields[name].choices = choices
            self.fields[name].widget.attrs["size"] = min(6, max(2, len(choices)))
        self.fields["definition"].choices = services.definition_presets()

    @classmethod
    def initial_for(cls, columns: list[str]) -> dict:
        lower = {c.lower(): c for c in columns}
        mics = all(c.lower() in lower for c in (MICS6.age, MICS6.weight, *MICS6.econ_hours))
        data = {"preset": "mics6" if mics else "custom", "definition": "sdg-8.7.1",
                "comparison": ">=", "basis": "both", "ci": "logit", "lonely_psu": "error",
                "yes_codes": "1", "hours_codes": "97, 98, 99"}
        for name, guesses in GUESSES.items():
            found = [lower[g] for g in guesses if g in lower]
            if found:
                data[name] = [found[0]] if name in MULTI else found[0]
        return data

    def _extra_groupings(self, mapping, by: list[str], custom: bool):
        """The extra groupings kept, and the mapping (with sex taken from them if it had
        none). Sex is always estimated: choosing its column again is accepted and said."""
        kept = []
        sex = (mapping.sex or "").lower()
        for column in by:
            name = column.lower()
            if sex and name == sex:
                self.notes.append(_("Column %(col)s is the sex variable: results by sex are "
                                    "always estimated, so it is already included.")
                                  % {"col": column})
            elif not sex and custom and name == "sex":
                mapping = dataclasses.replace(mapping, sex=column)
                sex = name
                self.notes.append(_("Results by sex are always estimated: column %(col)s is "
                                    "used as the sex variable.") % {"col": column})
            elif name in ("sex", "age_group", "basis"):
                self.add_error("by", _(
                    "Column %(col)s has the name of a result column (sex, age_group, basis) "
                    "and is not the mapped sex variable: choose it as the sex variable in a "
                    "custom mapping, or leave it out.") % {"col": column})
            else:
                kept.append(column)
        return mapping, kept

    def clean_yes_codes(self):
        return _csv_numbers(self.cleaned_data.get("yes_codes"), self.fields["yes_codes"].label)

    def clean_hours_codes(self):
        return _csv_numbers(self.cleaned_data.get("hours_codes"),
                            self.fields["hours_codes"].label)

    def clean(self):
        data = super().clean()
        custom = data.get("preset") == "custom"
        if custom:
            for name in ("age", "weight"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Choose the column."))
            if not data.get("econ_hours") and "econ_hours" not in self.errors:
                self.add_error("econ_hours", _("Choose at least one column."))
        if self.errors:
            return data
        if not custom:
            mapping = MICS6
        else:
            values = {k: data[k] for k in (*SINGLE, *MULTI) if data.get(k)}
            values["yes_codes"] = data.get("yes_codes") or [1.0]
            values["hours_codes"] = data.get("hours_codes") or []
            try:
                mapping = VariableMapping.from_dict(values)
            except ChildLabourInputError as exc:
                raise ValidationError(describe(exc)) from None
        mapping, data["by"] = self._extra_groupings(mapping, data.get("by") or [], custom)
        chores = data.get("chores_threshold")
        data["mapping_obj"] = mapping
        try:
            data["definition_obj"] = services.build_definition(
                data["definition"], data["comparison"],
                float(chores) if chores is not None else None, data.get("include_hazard", False))
        except ChildLabourInputError as exc:
            raise ValidationError(describe(exc)) from None
        if data.get("hazardous_work") and not mapping.hazard:
            self.add_error("hazard", _("Hazardous work is estimated from the hazardous "
                                       "conditions: choose their columns."))
        if data["definition_obj"].include_hazard and not mapping.hazard:
            self.add_error("hazard", _("The definition counts hazardous conditions: choose "
                                       "their columns."))
        return data


def _this_year() -> int:
    return datetime.date.today().year


class SaveObservationsForm(forms.Form):
    period = forms.IntegerField(label=_("Survey year"), min_value=1990, max_value=2100,
                                help_text=_("The year the survey's reference week falls in."))
    source = forms.CharField(label=_("Source"), max_length=300, required=False,
                             help_text=_("For example: Nepal MICS6 2019, children's file."))

    def clean_period(self):
        period = self.cleaned_data["period"]
        if period > _this_year():
            raise ValidationError(_("The survey year cannot be in the future."))
        return period


# --- hidden victims of trafficking (multiple systems estimation) ------------------------------


class OverlapOptionsForm(forms.Form):
    """The model and interval options of a multiple systems estimate."""

    model = forms.ChoiceField(label=_("Model"), initial="stepwise", choices=(), help_text=_(
        "Stepwise and BIC add an interaction between two lists only when the data support it; "
        "a model whose estimate does not exist is never chosen."))
    threshold = forms.FloatField(
        label=_("p-value threshold (stepwise)"), initial=0.05, min_value=0.0001,
        max_value=0.5, help_text=_("An interaction enters while its p-value is below this."))
    bootstrap = forms.IntegerField(
        label=_("Bootstrap replicates"), initial=0, min_value=0, max_value=2000,
        help_text=_("0 for the profile-likelihood interval only; for example 1000 for a "
                    "parametric-bootstrap interval as well."))
    seed = forms.IntegerField(label=_("Bootstrap seed"), initial=1, min_value=0,
                              max_value=2**31 - 1,
                              help_text=_("The same seed gives the same bootstrap interval."))

    def __init__(self, *args, **kwargs):
        from target87.surveys.overlap import MODELS, model_label

        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [(m, model_label(m)) for m in MODELS]


class OverlapUploadForm(OverlapOptionsForm):
    """A country's list-overlap table for one year, with the estimate's options."""

    country = CountryChoiceField(label=_("Country"), queryset=Country.objects.none())
    period = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100,
                                help_text=_("The year the lists' victims were identified in."))
    file = forms.FileField(
        label=_("List-overlap table"),
        help_text=_("CSV (UTF-8): one column per list with 0 or 1, and a column 'count' "
                    "with the number of people on that combination of lists."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
    description = forms.CharField(label=_("Source"), max_length=200, required=False,
                                  help_text=_("For example: National Rapporteur, lists of "
                                              "2021."))

    field_order = ["country", "period", "file", "description", "model", "threshold",
                   "bootstrap", "seed"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Country.objects.order_by("name_en")
        if not is_secretariat(user):
            qs = qs.filter(pk__in=focal_country_ids(user))
        self.fields["country"].queryset = qs
        if qs.count() == 1:
            self.fields["country"].initial = qs.first()

    def clean_period(self):
        period = self.cleaned_data["period"]
        if period > _this_year():
            raise ValidationError(_("The year cannot be in the future."))
        return period


class OverlapSaveForm(forms.Form):
    source = forms.CharField(label=_("Source"), max_length=300, required=False,
                             help_text=_("For example: National Rapporteur, lists of 2021."))


# --- forced labour (ICLS 2018) ----------------------------------------------------------------


class ForcedLabourForm(forms.Form):
    """Which of a file's yes/no questions indicate involuntary work and coercion, and its
    design columns."""

    involuntary = forms.MultipleChoiceField(
        label=_("Involuntary work"), choices=(),
        help_text=_("Yes/no questions indicating work without free and informed consent."))
    involuntary_rule = forms.ChoiceField(label=_("Involuntary work is"), initial="any",
                                         choices=())
    coercion = forms.MultipleChoiceField(
        label=_("Coercion"), choices=(),
        help_text=_("Yes/no questions indicating a threat or menace of a penalty by an "
                    "employer or a third party."))
    coercion_rule = forms.ChoiceField(label=_("Coercion is"), initial="any", choices=())
    child_rule = forms.ChoiceField(label=_("Children (under 18)"), initial="coercion",
                                   choices=())
    child_indicators = forms.MultipleChoiceField(
        label=_("Other questions on forced labour of children"), choices=(), required=False,
        help_text=_("Optional: parents in forced labour, worst forms of child labour."))
    age = forms.ChoiceField(label=_("Age"), choices=(), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=(), required=False)
    weight = forms.ChoiceField(label=_("Weight"), choices=(), required=False)
    strata = forms.ChoiceField(label=_("Stratum"), choices=(), required=False)
    psu = forms.ChoiceField(label=_("Primary sampling unit"), choices=(), required=False)
    by = forms.MultipleChoiceField(
        label=_("Also estimate by"), choices=(), required=False,
        help_text=_("For example economic sector or type of forced labour."))
    ci = forms.ChoiceField(label=_("Confidence interval"), initial="logit", choices=(
        ("logit", _("Logit")), ("korn-graubard", _("Korn-Graubard"))))
    lonely_psu = forms.ChoiceField(label=_("Strata with a single PSU"), initial="error",
                                   choices=(("error", _("Refuse (say which)")),
                                            ("certainty", _("Certainty")),
                                            ("adjust", _("Adjust")), ("remove", _("Remove"))))

    GUESS = {"age": GUESSES["age"], "sex": GUESSES["sex"], "weight": GUESSES["weight"],
             "psu": GUESSES["psu"], "strata": GUESSES["strata"]}

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        cols = [(c, c) for c in columns]
        optional = [("", _("(none)"))] + cols
        for name in ("involuntary", "coercion", "child_indicators", "by"):
            self.fields[name].choices = cols
            self.fields[name].widget.attrs["size"] = min(8, max(3, len(cols)))
        for name in ("age", "sex", "weight", "strata", "psu"):
            self.fields[name].choices = optional
        rules = [("any", _("any of the questions says yes")),
                 ("all", _("all of the questions say yes"))]
        self.fields["involuntary_rule"].choices = rules
        self.fields["coercion_rule"].choices = rules
        self.fields["child_rule"].choices = [
            ("coercion", _("coercion alone, as the ICLS 2018 guidelines define forced labour "
                           "of children")),
            ("adult", _("the same rule as adults"))]

    @classmethod
    def initial_for(cls, columns) -> dict:
        lower = {c.lower(): c for c in columns}
        data = {"involuntary_rule": "any", "coercion_rule": "any", "child_rule": "coercion",
                "ci": "logit", "lonely_psu": "error"}
        for key, names in cls.GUESS.items():
            data[key] = next((lower[n] for n in names if n in lower), "")
        data["involuntary"] = [c for c in columns if c.lower().startswith("invol")]
        data["coercion"] = [c for c in columns
                            if c.lower().startswith(("coerc", "threat", "penalt"))]
        return data

    def clean(self):
        from target87.surveys import forced

        data = super().clean()
        if self.errors:
            return data
        try:
            data["definition_obj"], data["design_obj"] = forced.build(
                data["involuntary"], data["coercion"],
                involuntary_rule=data["involuntary_rule"], coercion_rule=data["coercion_rule"],
                child_rule=data["child_rule"], child_indicators=data["child_indicators"],
                weight=data["weight"], strata=data["strata"], psu=data["psu"],
                age=data["age"], sex=data["sex"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return data
