from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resilience.accounts.models import JOIN_CODE_LENGTH, Organisation, normalise_join_code

PSEUDONYM_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{1,22}[A-Za-z0-9]$")


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("Email address"),
                             widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def clean_code(raw: str) -> str:
    code = normalise_join_code(raw)
    if len(code) != JOIN_CODE_LENGTH:
        raise forms.ValidationError(
            _("A class code has %(n)d letters and numbers, for example KX7-M4P."),
            params={"n": JOIN_CODE_LENGTH},
        )
    return code


class JoinForm(forms.Form):
    class_code = forms.CharField(label=_("Class code"), max_length=12,
                                 widget=forms.TextInput(attrs={"autocomplete": "off",
                                                               "autocapitalize": "characters"}))
    pseudonym = forms.CharField(
        label=_("Your made-up name"), max_length=24,
        help_text=_("3 to 24 letters, numbers, spaces or hyphens. Do not use your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_class_code(self) -> str:
        return clean_code(self.cleaned_data["class_code"])

    def clean_pseudonym(self) -> str:
        value = " ".join(self.cleaned_data["pseudonym"].split())
        if not PSEUDONYM_RE.match(value):
            raise forms.ValidationError(
                _("Use 3 to 24 letters, numbers, spaces or hyphens, starting and ending "
                  "with a letter or number.")
            )
        return value


class PupilSignInForm(JoinForm):
    sign_in_code = forms.CharField(
        label=_("Your sign-in code"), max_length=40,
        help_text=_("The code you were given when you joined, like otter-4821."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pseudonym"].help_text = ""


class ClassForm(forms.Form):
    name = forms.CharField(label=_("Class name"), max_length=80)
    organisation = forms.ModelChoiceField(
        label=_("School or college"), queryset=Organisation.objects.none(),
        empty_label=None,
    )
    year_group = forms.TypedChoiceField(
        label=_("Year group"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Mixed or not applicable"))] + [(str(y), str(y)) for y in range(7, 14)],
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the class a name."))
        return name
