from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from target87.groups.models import ItemStatus, WorkplanItem


class ProgressUpdateForm(forms.Form):
    item = forms.ChoiceField(label=_("Item"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status of the item"), choices=ItemStatus.choices)
    achieved_value = forms.DecimalField(label=_("Achieved so far"), required=False,
                                        max_digits=14, decimal_places=2, min_value=0)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000)
    link = forms.URLField(label=_("Link to evidence"), required=False, max_length=500,
                          assume_scheme="https")
    evidence = forms.FileField(label=_("Evidence file"), required=False,
                               help_text=_("PDF, Word, Excel or image; at most 10 MB."))

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if plan is not None:
            self.fields["item"].choices = [
                (item.pk, f"{item.code}. {item.title[:90]}") for item in plan.items.all()]

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload and upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file %(name)s is larger than 10 MB."),
                                        params={"name": upload.name})
        return upload


class ItemForm(forms.ModelForm):
    """A chair adds or edits a goal, outcome, output or activity of their group's workplan."""

    class Meta:
        model = WorkplanItem
        fields = ["parent", "level", "code", "order", "title", "indicator", "baseline",
                  "target_value", "target_unit", "milestone", "due_date", "lead",
                  "lead_partners", "contributing_partners", "status", "achieved_value"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "lead_partners": forms.SelectMultiple(attrs={"size": 6}),
            "contributing_partners": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        parents = plan.items.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda i: f"{i.code}. {i.title[:80]}"

    def clean(self):
        from target87.groups.services import GroupError, check_item

        data = super().clean()
        self.instance.workplan = self.plan
        for name in ("parent", "level", "code", "due_date"):
            if name in data:
                setattr(self.instance, name, data[name])
        if not self.errors:
            try:
                check_item(self.instance)
            except GroupError as exc:
                field = "due_date" if "period" in str(exc) and data.get("due_date") else None
                self.add_error(field, str(exc))
        return data
