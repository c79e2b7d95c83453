from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from target87.groups.models import ItemStatus


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
