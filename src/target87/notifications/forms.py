from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from target87.notifications import audiences, kinds
from target87.notifications.models import Announcement, Delivery


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of notifications and emails"),
                                 choices=settings.LANGUAGES)
    email_enabled = forms.BooleanField(label=_("Receive emails"), required=False)

    def __init__(self, *args, deliveries=None, **kwargs):
        super().__init__(*args, **kwargs)
        deliveries = deliveries or {}
        self.kind_fields = []
        for key, label in kinds.choosable():
            name = f"kind__{key}"
            self.fields[name] = forms.ChoiceField(
                label=label, choices=Delivery.choices,
                initial=deliveries.get(key, Delivery.IMMEDIATE),
            )
            self.kind_fields.append(name)

    def deliveries(self) -> dict[str, str]:
        return {name.removeprefix("kind__"): self.cleaned_data[name] for name in self.kind_fields}

    def kind_rows(self):
        return [self[name] for name in self.kind_fields]


class AnnouncementForm(forms.ModelForm):
    audience = forms.ChoiceField(label=_("Audience"))

    class Meta:
        model = Announcement
        fields = ["audience", "title_en", "body_en", "title_fr", "body_fr", "title_es", "body_es",
                  "title_ar", "body_ar", "title_zh", "body_zh", "title_ru", "body_ru"]
        widgets = {name: forms.Textarea(attrs={"rows": 5})
                   for name in ["body_en", "body_fr", "body_es", "body_ar", "body_zh", "body_ru"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [(a.key, a.label) for a in audiences.audiences()]
        self.fields["title_en"].help_text = _(
            "English is required: readers whose language is missing get the English text "
            "with a note saying so.")
        for suffix in ("ar",):
            for name in (f"title_{suffix}", f"body_{suffix}"):
                self.fields[name].widget.attrs["dir"] = "rtl"

    def clean(self):
        data = super().clean()
        for suffix in ("fr", "es", "ar", "zh", "ru"):
            title, body = data.get(f"title_{suffix}"), data.get(f"body_{suffix}")
            if bool(title) != bool(body):
                missing = f"body_{suffix}" if title else f"title_{suffix}"
                self.add_error(missing, _("Give both the title and the text in this language, "
                                          "or neither."))
        return data
