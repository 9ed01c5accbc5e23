"""Forms for outreach pages. Choices are limited to what the person may work on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resilience.outreach import scope
from resilience.outreach.models import (
    AffiliateMembership,
    Cohort,
    CohortMember,
    CohortSession,
    Condition,
    Engagement,
    Event,
    GatsbyBenchmark,
    ImportJob,
    Kit,
    KitComponent,
    Partnership,
    Placement,
    SurveyResponse,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ScopedForm(forms.ModelForm):
    """Limits partner and institution choices to the user's scope."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name, fld in self.fields.items():
            if isinstance(fld, forms.ModelChoiceField):
                model = fld.queryset.model
                if name == "partner":
                    fld.queryset = scope.partners(user)
                    if fld.queryset.count() == 1:
                        fld.initial = fld.queryset.first()
                elif name in ("institution", "host", "organisation"):
                    fld.queryset = scope.institutions(user)
                elif model is Kit:
                    fld.queryset = scope.scoped(Kit.objects.filter(
                        status=Kit.Status.IN_SERVICE), user)
            if isinstance(fld.widget, forms.DateInput) and not isinstance(
                    fld.widget, forms.DateTimeInput):
                fld.widget = DATE
            elif isinstance(fld.widget, forms.DateTimeInput):
                fld.widget = DATETIME
                fld.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file is"), choices=ImportJob.Kind.choices)
    file = forms.FileField(label=_("CSV file"))
    partner = forms.ModelChoiceField(
        label=_("Delivery partner for new institutions"), required=False, queryset=None,
        help_text=_("Optional. Institutions already on the register keep their partner."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = scope.partners(user)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload the CSV file (a .csv file)."))
        return upload


class InstitutionForm(ScopedForm):
    """An institution (an organisation) and, with :class:`ProfileForm`, its register data."""

    class Meta:
        from resilience.accounts.models import Organisation

        model = Organisation
        fields = ["name", "kind", "nation", "region", "town", "postcode", "partner"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from resilience.outreach.models import INSTITUTION_KINDS

        self.fields["kind"].choices = [(k, v) for k, v in self.fields["kind"].choices
                                       if k in INSTITUTION_KINDS]
        self.fields["partner"].required = scope.partner_ids(self.user) is not None
        self.fields["nation"].required = True


class ProfileForm(forms.ModelForm):
    class Meta:
        from resilience.outreach.models import InstitutionProfile

        model = InstitutionProfile
        fields = ["reference_scheme", "reference", "ukprn", "la_code", "la_name", "type_name",
                  "phase", "age_low", "age_high", "pupils", "fsm_percent", "urban_rural",
                  "area_code", "street", "easting", "northing"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="profile", **kwargs)
        self.fields["area_code"].help_text = _(
            "LSOA (England, Wales), data zone (Scotland) or super output area (Northern "
            "Ireland). The deprivation decile follows from it.")


class EngagementForm(ScopedForm):
    class Meta:
        model = Engagement
        fields = ["kind", "date", "partner", "note"]


class KitForm(ScopedForm):
    class Meta:
        model = Kit
        fields = ["code", "name", "partner", "home_location", "status", "next_audit_due",
                  "notes"]


class ComponentForm(forms.ModelForm):
    class Meta:
        model = KitComponent
        fields = ["kind", "serial", "model", "condition"]


class AuditForm(forms.Form):
    date = forms.DateField(label=_("Audit date"), widget=DATE, initial=timezone.localdate)
    all_present = forms.BooleanField(label=_("All components present"), required=False)
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))
    next_audit = forms.DateField(label=_("Next audit date"), widget=DATE)


class BookingForm(forms.Form):
    kit = forms.ModelChoiceField(label=_("Kit"), queryset=Kit.objects.none())
    institution = forms.ModelChoiceField(label=_("School or institution"), queryset=None)
    location = forms.CharField(label=_("Location"), max_length=200,
                               help_text=_("Site, building or room the kit goes to."))
    contact_name = forms.CharField(label=_("Named contact"), max_length=100)
    contact_email = forms.EmailField(label=_("Contact email"))
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Due back"), widget=DATE, required=False,
                          help_text=_("Leave empty to lend it until the day before its next "
                                      "booking (or for four weeks)."))
    term = forms.ChoiceField(label=_("Or book a whole term"), required=False, choices=[])
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kit"].queryset = scope.scoped(
            Kit.objects.filter(status=Kit.Status.IN_SERVICE), user)
        self.fields["institution"].queryset = scope.institutions(user)
        self.fields["term"].choices = [("", _("Use the dates above")), *[
            (key, label) for key, label, _s, _e in terms(timezone.localdate())]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        term = data.get("term")
        if term:
            for key, _label, start, end in terms(timezone.localdate()):
                if key == term:
                    data["start"], data["end"] = start, end
        elif not data.get("start") and "start" not in self.errors:
            self.add_error("start", _("Enter the date the kit goes out, or choose a term."))
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The kit must be due back on or after the day it goes "
                                    "out."))
        return data


def terms(today: dt.date) -> list[tuple[str, str, dt.date, dt.date]]:
    """This and next academic year's terms (England and Wales dates, approximately)."""
    start = today.year if today.month >= 9 else today.year - 1
    out = []
    for year in (start, start + 1):
        label = f"{year}/{str(year + 1)[-2:]}"
        out += [
            (f"{year}-autumn", _("Autumn term %(y)s") % {"y": label},
             dt.date(year, 9, 1), dt.date(year, 12, 19)),
            (f"{year}-spring", _("Spring term %(y)s") % {"y": label},
             dt.date(year + 1, 1, 5), dt.date(year + 1, 3, 31)),
            (f"{year}-summer", _("Summer term %(y)s") % {"y": label},
             dt.date(year + 1, 4, 20), dt.date(year + 1, 7, 20)),
        ]
    return [t for t in out if t[3] >= today]


class DueDateForm(forms.Form):
    end = forms.DateField(label=_("New due-back date"), widget=DATE)


class CheckOutForm(forms.Form):
    charged = forms.BooleanField(label=_("Headset and controllers charged"), required=False)
    content_installed = forms.BooleanField(label=_("Simulations installed and up to date"),
                                           required=False)
    kiosk_mode = forms.BooleanField(label=_("Offline and kiosk mode on"), required=False)
    accepted_by = forms.CharField(
        label=_("Accepted by (name of the person receiving the kit)"), max_length=100,
        required=False,
        help_text=_("They confirm they have read the loan terms and signed the printed "
                    "acceptance form."))


class CheckInForm(forms.Form):
    condition = forms.ChoiceField(label=_("Condition of the kit"), choices=Condition.choices)
    cleaned = forms.BooleanField(label=_("Face covers and controllers cleaned"), required=False)
    wiped = forms.BooleanField(label=_("User data and accounts wiped"), required=False)
    damage_notes = forms.CharField(label=_("Damage notes"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class EventForm(ScopedForm):
    gatsby = forms.TypedMultipleChoiceField(
        label=_("Gatsby Benchmarks"), choices=GatsbyBenchmark.choices, coerce=int,
        required=False, widget=forms.CheckboxSelectMultiple)
    scenario_ids = forms.CharField(label=_("Scenarios used"), required=False,
                                   help_text=_("Scenario ids, separated by commas."))
    online_url = forms.URLField(label=_("Joining link"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = ["title", "kind", "partner", "host", "starts", "ends", "online", "venue",
                  "online_url", "capacity", "description", "gatsby", "scenario_ids",
                  "public_registration"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].required = False
        if self.instance.pk:
            self.initial["scenario_ids"] = ", ".join(self.instance.scenario_ids)

    def clean_scenario_ids(self) -> list[str]:
        raw = self.cleaned_data.get("scenario_ids") or ""
        return [s.strip() for s in raw.split(",") if s.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The event must end after it starts."))
        if not data.get("online") and not data.get("venue"):
            self.add_error("venue", _("Enter a venue, or tick online."))
        return data


YEAR_GROUPS = range(7, 14)


class RegistrationForm(forms.Form):
    party = forms.ChoiceField(label=_("Who is registering"), widget=forms.RadioSelect,
                              choices=[("party", _("A school party")),
                                       ("individual", _("One person"))], initial="party")
    institution = forms.ModelChoiceField(label=_("School or institution"), required=False,
                                         queryset=None)
    contact_name = forms.CharField(label=_("Name (or party leader)"), max_length=100)
    contact_email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = scope.institutions(user)
        for year in YEAR_GROUPS:
            self.fields[f"year_{year}"] = forms.IntegerField(
                label=_("Year %(n)s") % {"n": year}, min_value=0, max_value=500, required=False)

    def year_hint(self) -> str:
        return str(_("Years as in England and Wales; in Scotland count S1–S6 as Years 8–13."))

    def year_fields(self) -> list[Any]:
        return [self[f"year_{y}"] for y in YEAR_GROUPS]

    def year_counts(self) -> dict[str, int] | None:
        if self.cleaned_data.get("party") != "party":
            return None
        return {str(y): self.cleaned_data.get(f"year_{y}") or 0 for y in YEAR_GROUPS}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("party") == "party":
            if not data.get("institution"):
                self.add_error("institution", _("Choose the party's school."))
            if not any(data.get(f"year_{y}") for y in YEAR_GROUPS):
                self.add_error(None, _("Enter how many pupils are coming in at least one "
                                       "year group."))
        return data


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("Your email address"),
                             help_text=_("We send your confirmation here."))
    organisation = forms.CharField(label=_("Your organisation (optional)"), max_length=200,
                                   required=False,
                                   help_text=_("For example your NHS trust, company, college "
                                               "or school."))
    agree = forms.BooleanField(
        label=_("I am 16 or over, and the programme team may email me about this event"))


class SurveyForm(forms.ModelForm):
    class Meta:
        model = SurveyResponse
        fields = ["stage", "interest", "confidence", "awareness", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(n, str(n)) for n in range(1, 6)]
        for name in ("interest", "confidence", "awareness"):
            self.fields[name] = forms.TypedChoiceField(
                label=SurveyResponse.QUESTIONS[name], choices=scale, coerce=int,
                help_text=_("1 = not at all, 5 = very"))


class PublicSurveyForm(SurveyForm):
    """The participant's own answers: the stage comes from the link they were given."""

    class Meta(SurveyForm.Meta):
        fields = ["interest", "confidence", "awareness", "comment"]
        labels = {"comment": _("Anything else you would like to tell us? (optional, no "
                               "names please)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("interest", "confidence", "awareness"):
            self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)


class PlacementForm(ScopedForm):
    class Meta:
        model = Placement
        fields = ["partner", "host", "institution", "student", "under_18", "starts", "ends",
                  "supervisor_name", "supervisor_email", "host_checks_done", "host_checks_on",
                  "parental_consent", "parental_consent_on", "status", "outcome"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from resilience.accounts.models import Organisation

        # A host may be any company, NHS trust or university the person can see.
        self.fields["host"].queryset = scope.institutions(self.user).filter(kind__in=[
            Organisation.Kind.COMPANY, Organisation.Kind.NHS_TRUST,
            Organisation.Kind.UNIVERSITY, Organisation.Kind.AFFILIATE])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") in ("confirmed", "completed"):
            if not data.get("host_checks_done"):
                self.add_error("host_checks_done", _(
                    "Record the host's safeguarding checks before confirming."))
            if data.get("under_18") and not data.get("parental_consent"):
                self.add_error("parental_consent", _(
                    "An under-18 needs parental consent before the placement is confirmed."))
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The last day must be on or after the first."))
        return data


class CohortForm(ScopedForm):
    class Meta:
        model = Cohort
        fields = ["name", "partner", "starts", "ends"]


class CohortMemberForm(ScopedForm):
    class Meta:
        model = CohortMember
        fields = ["name", "email", "organisation", "job_title", "coach", "coach_email",
                  "progress", "notes"]


class CohortSessionForm(ScopedForm):
    class Meta:
        model = CohortSession
        fields = ["title", "date"]


class AffiliateForm(ScopedForm):
    class Meta:
        model = AffiliateMembership
        fields = ["organisation", "partner", "tier", "starts", "renews", "catalogue_access",
                  "admins"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from resilience.accounts.models import User

        self.fields["admins"].queryset = User.objects.filter(
            is_pupil=False, memberships__organisation__in=scope.institutions(self.user)
        ).distinct()
        self.fields["admins"].widget = forms.CheckboxSelectMultiple()
        self.fields["admins"].choices = self.fields["admins"].choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts") and data.get("renews") and data["renews"] <= data["starts"]:
            self.add_error("renews", _("The renewal date must be after the start."))
        return data


class PartnershipForm(ScopedForm):
    class Meta:
        model = Partnership
        fields = ["institution", "partner", "academic_year", "contact_name", "contact_email",
                  "agreement", "agreement_signed_on", "received"]
        widgets = {"received": forms.Textarea(attrs={"rows": 3})}

    def clean_academic_year(self) -> str:
        import re

        value = self.cleaned_data["academic_year"].strip()
        if not re.fullmatch(r"\d{4}/\d{2}", value) or (int(value[:4]) + 1) % 100 != int(
                value[5:7]):
            raise forms.ValidationError(_("Write the academic year like 2025/26."))
        return value
