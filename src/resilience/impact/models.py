"""Impact data: ED&I answers (kept apart from identity) and programme targets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resilience.accounts.models import Organisation


class EdiResponse(models.Model):
    """One person's optional ED&I monitoring answers.

    There is deliberately **no foreign key to the user**: the only link is
    ``subject_key``, an HMAC of the user id under a key derived from the server secret
    (:func:`resilience.impact.edi.subject_key`). Reports never read or show it. Only the
    month of the answer is kept, so timestamps cannot be matched against sign-in logs.
    """

    class Respondent(models.TextChoices):
        ADULT = "adult", _("Adult")
        PUPIL = "pupil", _("Pupil")

    subject_key = models.CharField(max_length=64, unique=True, editable=False)
    respondent = models.CharField(max_length=5, choices=Respondent.choices)
    partner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The delivery partner the person's organisation works with, for "
                    "partner-level aggregate reports."),
    )
    ethnicity_list = models.CharField(max_length=10)
    ethnicity = models.CharField(max_length=40)
    sex = models.CharField(max_length=20)
    gender_same = models.CharField(max_length=20, blank=True,
                                   help_text=_("Blank when not asked (under 16)."))
    condition = models.CharField(max_length=20, blank=True,
                                 help_text=_("Blank when not asked (under 16)."))
    condition_impact = models.CharField(max_length=20, blank=True)
    age_band = models.CharField(max_length=20)
    consent_version = models.CharField(max_length=10, default="1")
    month = models.DateField(help_text=_("First day of the month of the latest answer."))

    class Meta:
        verbose_name = _("ED&I response")
        constraints = [
            models.CheckConstraint(
                condition=Q(condition="yes") | Q(condition_impact=""),
                name="impact_edi_step_two_only_after_yes",
            ),
        ]

    def __str__(self) -> str:
        return f"ED&I response {self.pk}"


class Target(models.Model):
    """A programme target for one KPI over one period. Periods of a KPI never overlap."""

    kpi = models.CharField(_("KPI"), max_length=40, db_index=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to (inclusive)"))
    value = models.PositiveIntegerField(_("target"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kpi", "start"]
        verbose_name = _("target")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")),
                                   name="impact_target_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.start}–{self.end}: {self.value}"

    def clean(self) -> None:
        """Refuse an overlapping period (the admin form calls this)."""
        from django.core.exceptions import ValidationError

        if self.start and self.end and self.end < self.start:
            raise ValidationError(_("The period must end on or after the day it starts."))
        if self.start and self.end and self.kpi:
            clash = (Target.objects.filter(kpi=self.kpi, start__lte=self.end,
                                           end__gte=self.start).exclude(pk=self.pk).first())
            if clash is not None:
                from resilience.impact.actions import overlap_message

                raise ValidationError(overlap_message(self.kpi, clash))


class FunderPack(models.Model):
    """The funder's quarterly pack (XLSX and PDF), built in the background with progress.

    The files are kept in the database so any app node can serve them.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    quarter_start = models.DateField()
    quarter_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    message = models.TextField(blank=True)
    xlsx = models.BinaryField(null=True, blank=True, editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("funder pack")

    def __str__(self) -> str:
        return f"Funder pack {self.quarter_start:%Y-%m-%d} to {self.quarter_end:%Y-%m-%d}"

    @property
    def finished_or_failed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
