from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from resilience.accounts.forms import PSEUDONYM_RE, clean_code


class JoinSessionForm(forms.Form):
    code = forms.CharField(label=_("Session code"), max_length=12,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "autocapitalize": "characters"}))
    name = forms.CharField(
        label=_("Your made-up name"), max_length=24, required=False,
        help_text=_("Only for open sessions at events. Do not use your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        return clean_code(self.cleaned_data["code"])

    def clean_name(self) -> str:
        value = " ".join(self.cleaned_data.get("name", "").split())
        if value and not PSEUDONYM_RE.match(value):
            raise forms.ValidationError(_("Use 3 to 24 letters, numbers, spaces or hyphens."))
        return value
