"""Forms: the ED&I monitoring form, targets and the carbon what-if."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resilience.impact import edi
from resilience.impact.carbon import available_sets
from resilience.impact.carbon.calculator import DEFAULT_ASSUMPTIONS, MODES
from resilience.impact.kpis import REGISTRY
from resilience.impact.models import Target


class EdiForm(forms.Form):
    """The optional monitoring questions. Questions for 16+ are removed for younger pupils;
    every answer must come from its list (anything else is an error and nothing is
    stored)."""

    consent = forms.BooleanField(
        label=_("I choose to answer these optional questions and agree that my answers are "
                "used, without my name, to check the programme reaches everyone fairly."),
        required=True,
        error_messages={"required": _("Tick the box to say you choose to answer, or leave "
                                      "this page: answering is optional.")},
    )
    ethnicity = forms.ChoiceField(label=_("What is your ethnic group?"),
                                  widget=forms.RadioSelect)
    sex = forms.ChoiceField(label=_("What is your sex?"), choices=edi.SEX_CHOICES,
                            widget=forms.RadioSelect)
    gender_same = forms.ChoiceField(
        label=_("Is the gender you identify with the same as your sex registered at birth?"),
        choices=edi.GENDER_SAME_CHOICES, widget=forms.RadioSelect)
    condition = forms.ChoiceField(
        label=_("Do you have any physical or mental health conditions or illnesses lasting "
                "or expected to last 12 months or more?"),
        choices=edi.CONDITION_CHOICES, widget=forms.RadioSelect)
    condition_impact = forms.ChoiceField(
        label=_("If yes: do any of your conditions or illnesses reduce your ability to carry "
                "out day-to-day activities?"),
        choices=edi.IMPACT_CHOICES, widget=forms.RadioSelect, required=False,
        help_text=_("Answer only if you answered yes above."))
    age_band = forms.ChoiceField(label=_("What is your age?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, eligibility: edi.Eligibility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.eligibility = eligibility
        self.ethnicity_list = edi.LISTS[eligibility.list_id]
        self.fields["ethnicity"].choices = self.ethnicity_list.choices()
        if eligibility.is_pupil:
            bands = ["16-17", "18-24"] if eligibility.sixteen_plus else ["13-15", "16-17"]
        else:
            bands = [code for code, _label in edi.AGE_BANDS if code != "13-15"]
        self.fields["age_band"].choices = [c for c in edi.AGE_BANDS
                                           if c[0] in bands or c[0] == edi.PREFER_NOT]
        if not eligibility.sixteen_plus:
            for name in ("gender_same", "condition", "condition_impact"):
                del self.fields[name]

    def ethnicity_radios(self) -> list[tuple[str | None, Any]]:
        """The ethnicity radios, each with its group's heading before the first of a group."""
        starts = self.ethnicity_list.group_starts()
        return [(starts.get(str(radio.data["value"])), radio) for radio in self["ethnicity"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "condition" in self.fields:
            condition, impact = data.get("condition"), data.get("condition_impact")
            if condition == "yes" and not impact:
                self.add_error("condition_impact", _("Choose an answer, or "
                                                     "“Prefer not to say”."))
            elif condition and condition != "yes" and impact:
                self.add_error("condition_impact", _(
                    "Leave this blank unless you answered yes to the question before."))
        data["ethnicity_list"] = self.ethnicity_list.id
        return data


class TargetForm(forms.ModelForm):
    kpi = forms.ChoiceField(label=_("KPI"), choices=[])

    class Meta:
        model = Target
        fields = ["kpi", "start", "end", "value", "note"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}),
                   "end": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = [(k.key, k.label) for k in REGISTRY.values()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period must end on or after the day it starts."))
        return data


MODE_CHOICES = [
    ("car_average", _("Car (fuel unknown)")), ("car_petrol", _("Car, petrol")),
    ("car_diesel", _("Car, diesel")), ("car_electric", _("Car, battery electric")),
    ("bus_local", _("Local bus")), ("coach", _("Coach")), ("rail_national", _("National rail")),
]
assert {m for m, _l in MODE_CHOICES} == set(MODES)


class WhatIfForm(forms.Form):
    """Compare a VR class session with taking the same class to a real facility."""

    factor_set = forms.ChoiceField(label=_("Conversion factors"), initial="desnz-2025")
    learners = forms.IntegerField(label=_("Learners"), min_value=1, max_value=10_000,
                                  initial=30)
    headsets = forms.IntegerField(label=_("Headsets charged"), min_value=0,
                                  max_value=10_000, initial=15)
    staff_km = forms.DecimalField(label=_("Staff travel to the school, km there and back"),
                                  min_value=0, max_value=10_000, initial=Decimal(40),
                                  decimal_places=1)
    staff_mode = forms.ChoiceField(label=_("Staff travel by"), choices=MODE_CHOICES,
                                   initial="car_average")
    learner_km = forms.DecimalField(label=_("In person: each learner's travel to the "
                                            "facility, km there and back"),
                                    min_value=0, max_value=10_000, initial=Decimal(60),
                                    decimal_places=1)
    learner_mode = forms.ChoiceField(label=_("In person: learners travel by"),
                                     choices=MODE_CHOICES, initial="coach")
    gowns_each = forms.IntegerField(label=_("In person: gowns used per learner"),
                                    min_value=0, max_value=20, initial=1)
    gloves_each = forms.IntegerField(label=_("In person: pairs of gloves per learner"),
                                     min_value=0, max_value=20, initial=2)
    gown_kg = forms.DecimalField(
        label=_("Assumption: kg CO2e per gown"), min_value=0, max_value=100,
        initial=DEFAULT_ASSUMPTIONS["gown_kg"].value, decimal_places=4)
    glove_pair_kg = forms.DecimalField(
        label=_("Assumption: kg CO2e per pair of gloves"), min_value=0, max_value=100,
        initial=DEFAULT_ASSUMPTIONS["glove_pair_kg"].value, decimal_places=4)
    car_occupancy = forms.DecimalField(
        label=_("Assumption: people per car"), min_value=Decimal(1), max_value=8,
        initial=DEFAULT_ASSUMPTIONS["car_occupancy"].value, decimal_places=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["factor_set"].choices = [(s, s.upper().replace("-", " "))
                                             for s in available_sets()]


def recent_quarters(today: Any, count: int = 8) -> list[tuple[str, str]]:
    """Financial-year quarters (April–June = Q1), the current one first."""
    import datetime as dt

    month = ((today.month - 4) // 3) * 3 + 4
    year = today.year
    if month < 1:
        month += 12
        year -= 1
    start = dt.date(year, month, 1)
    out = []
    for _i in range(count):
        fy = start.year if start.month >= 4 else start.year - 1
        q = (start.month - 4) % 12 // 3 + 1
        end_month = start.month + 2
        end = (dt.date(start.year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
               + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        out.append((start.isoformat(),
                    f"Q{q} {fy}/{str(fy + 1)[2:]} ({start:%b %Y} to {end:%b %Y})"))
        prev = start.month - 3
        start = dt.date(start.year - (prev < 1), (prev - 1) % 12 + 1, 1)
    return out


class FunderPackForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Quarter"))

    def __init__(self, *args: Any, today: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = recent_quarters(today)

    def period(self) -> tuple[Any, Any]:
        import datetime as dt

        start = dt.date.fromisoformat(self.cleaned_data["quarter"])
        end_month = start.month + 2
        end = (dt.date(start.year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
               + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return start, end
