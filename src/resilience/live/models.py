"""Live class sessions, open event sessions and solo practice, and each learner's run.

A learner's run is kept as the simulation's input log (:attr:`Participant.log`): the
``sim`` library rebuilds the run exactly from it, for a reconnect on another worker and for
the debrief replay.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resilience.accounts.models import Organisation, SchoolClass, new_join_code


class LiveSession(models.Model):
    class Mode(models.TextChoices):
        SOLO = "solo", _("Solo practice")
        CLASS = "class", _("Class session")
        OPEN = "open", _("Open session (event)")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    code = models.CharField(max_length=6, unique=True, default=new_join_code)
    scenario_id = models.CharField(max_length=64)
    params = models.JSONField(default=dict, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    host = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="hosted_sessions")
    school_class = models.ForeignKey(SchoolClass, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="live_sessions")
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="live_sessions")
    seed = models.PositiveIntegerField(default=0, help_text=_("Base seed; 0 means draw one."))
    created = models.DateTimeField(auto_now_add=True)
    ended = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True,
                                   help_text=_("Open sessions stop accepting joins after this."))

    class Meta:
        ordering = ["-created"]
        verbose_name = _("live session")

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.code} ({self.get_mode_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.seed:
            self.seed = secrets.randbelow(2**31 - 1) + 1
        super().save(*args, **kwargs)

    @property
    def display_code(self) -> str:
        return f"{self.code[:3]}-{self.code[3:]}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ENDED


class Participant(models.Model):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE,
                                related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="live_runs")
    guest_key = models.CharField(max_length=64, blank=True, db_index=True,
                                 help_text=_("Identifies a guest in an open or taster session."))
    name = models.CharField(max_length=40)
    seed = models.PositiveIntegerField()
    log = models.JSONField(default=list, blank=True)
    joined = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True, db_index=True)
    score = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    assessment = models.JSONField(null=True, blank=True)
    faults = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"],
                                    condition=models.Q(user__isnull=False),
                                    name="one_run_per_user_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.name} in {self.session.code}"

    def full_log(self) -> list[dict[str, Any]]:
        """The run's whole input log: the final log once finished, else the saved chunks."""
        if self.log:
            return list(self.log)
        return [entry for chunk in self.chunks.order_by("seq") for entry in chunk.entries]


class RunLogChunk(models.Model):
    """Entries appended to a running learner's input log since the last save.

    While a run goes on its log is saved in appended chunks, so a save costs as much as
    what is new, not as much as the whole run (a long walking run logs ten poses a
    second). The finished run's log is stored whole on :class:`Participant`.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE,
                                    related_name="chunks")
    seq = models.PositiveIntegerField()
    entries = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "seq"],
                                               name="one_chunk_per_seq")]

    def __str__(self) -> str:
        return f"log chunk {self.seq} of run {self.participant_id}"
