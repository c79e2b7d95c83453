from django import forms
from django.utils.translation import gettext_lazy as _

from target87.countries.models import Country
from target87.knowledge.models import GoodPractice
from target87.knowledge.services import check_attachment


class PracticeForm(forms.ModelForm):
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty for a global or regional practice."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, Word, Excel, OpenDocument, PNG or JPEG; at most 10 MB."),
    )
    attachment_title = forms.CharField(label=_("Attachment title"), required=False, max_length=200)

    class Meta:
        model = GoodPractice
        fields = [
            "title",
            "summary",
            "sector",
            "theme",
            "level",
            "countries",
            "actors",
            "results",
            "lessons",
            "contacts",
            "links",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 4})
            for f in ["summary", "actors", "results", "lessons", "contacts", "links"]
        }

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_attachment(upload)
        return upload

    def clean_links(self):
        validator = forms.URLField(assume_scheme="https")
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            try:
                validator.clean(line)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("Line %(number)d (%(line)s) is not a web address.")
                    % {"number": number, "line": line[:80]}
                ) from exc
        return "\n".join(lines)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("return", _("Return to the author"))],
    )
    review_note = forms.CharField(
        label=_("Note to the author"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
