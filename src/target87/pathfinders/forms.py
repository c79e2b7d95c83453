from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

# Transition documents are checked as every document is (type, first bytes, size).
from target87.core.documents import check_document
from target87.core.translations import CONTENT_LANGUAGES
from target87.pathfinders import services
from target87.pathfinders.models import (
    ActionTranslation,
    AnnualReview,
    Benchmark,
    NationalPriority,
    NextStep,
    NextStepTranslation,
    Participation,
    PathfinderCountry,
    PreparatoryTask,
    PriorityTranslation,
    ProgressNote,
    ProgressNoteTranslation,
    RoadmapAction,
    Workshop,
    WorkshopStatus,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    document = forms.FileField(
        label=_("Document"), required=False,
        help_text=_("Letter, report or the Chair's confirmation letter (required for the award)."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)

    def __init__(self, *args, pathfinder: PathfinderCountry, **kwargs):
        super().__init__(*args, **kwargs)
        self.pathfinder = pathfinder
        from target87.pathfinders.models import PathfinderStatus

        labels = dict(PathfinderStatus.choices)
        # every status is offered so that a wrong choice is explained rather than hidden
        self.fields["to_status"].choices = [
            (s, labels[s]) for s in pathfinder.allowed_next()
        ] + [(s, labels[s]) for s in PathfinderStatus.values if s not in pathfinder.allowed_next()
             and s != pathfinder.status]

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            check_document(document)
        return document

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services.check_transition(self.pathfinder, data["to_status"], data["date"],
                                      data.get("document"))
        except services.TransitionError as exc:
            raise ValidationError(exc.messages) from exc
        return data


class PathfinderForm(forms.ModelForm):
    focal_point_username = forms.CharField(
        label=_("Focal point's account (user name)"), required=False,
        help_text=_("The account receives the focal-point role for this country."),
    )

    class Meta:
        model = PathfinderCountry
        fields = ["responsible_ministry", "minister", "focal_point_name", "focal_point_title",
                  "focal_point_contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.focal_point_user_id:
            self.fields["focal_point_username"].initial = self.instance.focal_point_user.username

    def clean_focal_point_username(self):
        name = self.cleaned_data["focal_point_username"].strip()
        if not name:
            return None
        try:
            return get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist as exc:
            raise ValidationError(_("No account has the user name “%(name)s”."),
                                  params={"name": name}) from exc


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "status", "start_date", "end_date", "postponed_to", "region", "virtual",
                  "venue", "executive_summary", "context", "what_is_there", "what_is_missing",
                  "way_forward"]
        widgets = {"start_date": DATE, "end_date": DATE, "postponed_to": DATE,
                   **{f: forms.Textarea(attrs={"rows": 3}) for f in
                      ["executive_summary", "context", "what_is_there", "what_is_missing",
                       "way_forward"]}}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        status, new_date = data.get("status"), data.get("postponed_to")
        if start and end and end < start:
            self.add_error("end_date", _("The end date (%(end)s) is before the start date "
                                         "(%(start)s).") % {"end": end, "start": start})
        if status == WorkshopStatus.HELD and not start:
            self.add_error("start_date", _("A workshop that was held needs its start date."))
        if new_date and status != WorkshopStatus.POSTPONED:
            self.add_error("postponed_to", _("A new date is given only for a postponed workshop."))
        if new_date and start and new_date <= start:
            self.add_error("postponed_to", _("The new date must be after the original date."))
        return data


ParticipationFormSet = inlineformset_factory(
    Workshop, Participation, fields=["group", "organisations", "women", "men", "other"],
    extra=0, can_delete=True, widgets={"organisations": forms.Textarea(attrs={"rows": 2})},
)
PreparationFormSet = inlineformset_factory(
    Workshop, PreparatoryTask, fields=["item", "done", "done_by", "note"], extra=0,
    can_delete=False, widgets={"note": forms.TextInput()},
)


class PriorityForm(forms.ModelForm):
    class Meta:
        model = NationalPriority
        fields = ["title", "heading", "theme", "area_of_focus", "workshop", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, country, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(country=country)


class RoadmapActionForm(forms.ModelForm):
    class Meta:
        model = RoadmapAction
        fields = ["priority", "title", "lead", "partners", "target_date", "indicator", "status",
                  "resources_required", "resources_available", "currency"]
        widgets = {"target_date": DATE, "title": forms.Textarea(attrs={"rows": 2}),
                   "partners": forms.Textarea(attrs={"rows": 2}),
                   "indicator": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, country, **kwargs):
        super().__init__(*args, **kwargs)
        # a focal point can only attach actions to the priorities of the country in hand
        self.fields["priority"].queryset = NationalPriority.objects.filter(country=country)

    def clean_currency(self):
        return services.validate_currency(self.cleaned_data.get("currency", ""))

    def _not_negative(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and value < 0:
            raise ValidationError(_("Enter an amount of zero or more (got %(value)s)."),
                                  params={"value": value})
        return value

    def clean_resources_required(self):
        return self._not_negative("resources_required")

    def clean_resources_available(self):
        return self._not_negative("resources_available")

    def clean(self):
        data = super().clean()
        amounts = [data.get("resources_required"), data.get("resources_available")]
        if any(a is not None for a in amounts) and not data.get("currency") \
                and "currency" not in self.errors:
            self.add_error("currency", _("Give the currency of the amounts (ISO 4217 code)."))
        return data


BenchmarkFormSet = inlineformset_factory(
    RoadmapAction, Benchmark, fields=["year", "description", "achieved"], extra=2,
    can_delete=True, widgets={"description": forms.TextInput()},
)


class ProgressNoteForm(forms.ModelForm):
    class Meta:
        model = ProgressNote
        fields = ["date", "text"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 2})}


class NextStepForm(forms.ModelForm):
    class Meta:
        model = NextStep
        fields = ["text", "done", "workshop", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, country, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(country=country)


class AnnualReviewForm(forms.ModelForm):
    class Meta:
        model = AnnualReview
        fields = ["year", "date", "substantial_progress", "reasonable_justification", "evidence",
                  "questionnaire_id"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4}),
                   "date": forms.DateInput(attrs={"type": "date"}),
                   "questionnaire_id": forms.HiddenInput()}


# --- translations of the roadmap's text ---------------------------------------------------
# English is the text on the record; each other language is a row, edited beside the
# record by whoever may change the record (the views ask the permission service).

TRANSLATED_TEXT = {
    PriorityTranslation: (NationalPriority, ["title", "heading"]),
    ActionTranslation: (RoadmapAction, ["title", "indicator"]),
    NextStepTranslation: (NextStep, ["text"]),
    ProgressNoteTranslation: (ProgressNote, ["text"]),
}


def translation_formset(model, parent, data=None, prefix="translations"):
    """The record's translations, one row per language on record, then a blank row for
    each content language not yet translated (left blank, it writes nothing)."""
    parent_model, fields = TRANSLATED_TEXT[model]
    done = set(parent.translations.values_list("language", flat=True)) if parent.pk else set()
    missing = [code for code, _label in CONTENT_LANGUAGES if code not in done]
    formset_class = inlineformset_factory(
        parent_model, model, fields=["language", *fields], extra=len(missing),
        max_num=len(CONTENT_LANGUAGES), validate_max=True, can_delete=True,
        widgets={name: forms.Textarea(attrs={"rows": 2}) for name in fields
                 if parent_model._meta.get_field(name).get_internal_type() == "TextField"},
    )
    if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
        data = None  # a form sent without the translation rows changes no translation
    return formset_class(data, instance=parent, prefix=prefix,
                         initial=[{"language": code} for code in missing])


def translations_valid(formset) -> bool:
    """Valid, or not sent at all (then nothing is saved)."""
    return not formset.is_bound or formset.is_valid()


def save_translations(formset, parent) -> None:
    if formset.is_bound:
        formset.instance = parent
        formset.save()
