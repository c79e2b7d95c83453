"""The choice of method and years on the trends page (a GET form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from target87.measure.projections import METHODS
from target87.trends import services


class YearField(forms.CharField):
    """A year among the published ones; blank means the method's default years."""

    def __init__(self, *, years: list[int], **kwargs):
        self.years = years
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget = forms.Select(choices=[("", _("default"))] + [(y, y) for y in years])

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            year = int(value)
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a year; choose one of %(years)s."),
                code="invalid",
                params={"value": value[:20], "years": ", ".join(map(str, self.years))},
            ) from None
        if year not in self.years:
            raise forms.ValidationError(
                _("No published figure for %(value)s; choose one of %(years)s."),
                code="invalid_choice",
                params={"value": year, "years": ", ".join(map(str, self.years))},
            )
        return year


class TrendsForm(forms.Form):
    """``method`` for every chart; ``<group>_from`` / ``<group>_to`` per group of series."""

    method = forms.ChoiceField(
        label=_("Method"),
        required=False,
        choices=[(m, services.METHOD_LABELS[m]) for m in METHODS],
        error_messages={
            "invalid_choice": _(
                "Unknown method “%(value)s”; choose geometric, linear or loglinear."
            )
        },
    )

    def __init__(self, data=None, *, groups=None, **kwargs):
        super().__init__(data, **kwargs)
        self.groups = list(groups or services.GROUPS)
        for key in self.groups:
            years = services.group_years(key)
            self.fields[f"{key}_from"] = YearField(years=years, label=_("From"))
            self.fields[f"{key}_to"] = YearField(years=years, label=_("To"))

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("method") or services.DEFAULT_METHOD
        for key in self.groups:
            if f"{key}_from" in self.errors or f"{key}_to" in self.errors:
                continue
            start, end = services.resolve_years(
                method, services.group_years(key), cleaned.get(f"{key}_from"),
                cleaned.get(f"{key}_to"),
            )
            if start >= end:
                given_to = cleaned.get(f"{key}_to") is not None
                self.add_error(f"{key}_to" if given_to else f"{key}_from", forms.ValidationError(
                    _("The to year (%(to)s) must be after the from year (%(from)s)."),
                    code="order",
                    params={"to": end, "from": start},
                ))
        return cleaned

    def choice(self) -> dict:
        """The valid part of the choice; invalid fields fall back to their defaults."""
        cleaned = getattr(self, "cleaned_data", {}) or {}
        method = cleaned.get("method") or services.DEFAULT_METHOD
        out = {"method": method}
        for key in self.groups:
            start, end = cleaned.get(f"{key}_from"), cleaned.get(f"{key}_to")
            if f"{key}_to" in self.errors or f"{key}_from" in self.errors:
                start = end = None
            out[key] = (start, end)
        return out
