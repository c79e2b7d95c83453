"""Site forms for a meeting and its agenda, participants and decisions (the rules on them
are checked by ``services.save_meeting``)."""

from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from target87.meetings import services
from target87.meetings.models import AgendaItem, Decision, Meeting, Participant

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["number", "title", "start_date", "end_date", "time", "place", "virtual",
                  "status", "chair", "objectives", "report", "attendance_note",
                  "is_published", "source"]
        widgets = {"start_date": DATE, "end_date": DATE,
                   "objectives": forms.Textarea(attrs={"rows": 3}),
                   "report": forms.Textarea(attrs={"rows": 8})}

    def clean(self):
        """The service's rules, as messages on their fields; a field with a message is left
        out of the table constraints' own (field-less) check."""
        data = super().clean()
        candidate = copy.copy(self.instance)
        for name, value in data.items():
            setattr(candidate, name, value)
        try:
            services.check_meeting(candidate)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(field if field in self.fields else None, error)
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "objective", "presenter", "duration_minutes", "points"]
        widgets = {"objective": forms.Textarea(attrs={"rows": 2}),
                   "points": forms.Textarea(attrs={"rows": 2})}

    def clean_duration_minutes(self):
        minutes = self.cleaned_data.get("duration_minutes")
        if minutes is not None and minutes <= 0:
            raise forms.ValidationError(_("A duration is a number of minutes above zero."))
        return minutes


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["person", "organisation", "country", "constituency", "region", "role",
                  "remote"]

    def clean(self):
        data = super().clean()
        if not (data.get("person") or "").strip() and not (
                data.get("organisation") or "").strip():
            self.add_error("person", _("Name the person or their organisation."))
        return data


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["order", "text", "agenda_item"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}



class MeetingPartsFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if "agenda_item" in form.fields:
            # A decision refers to an agenda item of its own meeting only.
            form.fields["agenda_item"].queryset = (
                self.instance.agenda.all() if self.instance.pk else AgendaItem.objects.none())
        return form


def _formset(model, form):
    return forms.inlineformset_factory(Meeting, model, form=form, formset=MeetingPartsFormSet,
                                       extra=1, can_delete=True)


AgendaFormSet = _formset(AgendaItem, AgendaItemForm)
ParticipantFormSet = _formset(Participant, ParticipantForm)
DecisionFormSet = _formset(Decision, DecisionForm)


class DocumentForm(forms.Form):
    """A document of an agenda item: its citation and its file (or a link)."""

    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    author = forms.CharField(label=_("Author"), max_length=200, required=False)
    date_text = forms.CharField(label=_("Date"), max_length=60, required=False,
                                help_text=_("As the document gives it, e.g. “May 2020”."))
    file = forms.FileField(label=_("File"), required=False, max_length=200,
                           help_text=_("PDF, PNG, JPEG, DOCX, DOC or ODT."))
    url = forms.URLField(label=_("Link"), max_length=500, required=False,
                         assume_scheme="https")
