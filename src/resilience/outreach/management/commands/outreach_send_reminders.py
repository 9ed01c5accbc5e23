"""Send the loan reminders that are due: run it daily (cron or a systemd timer).

Reminders are claimed with one UPDATE before sending, so two copies running at once on
two app nodes never send one reminder twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from resilience.outreach import actions


class Command(BaseCommand):
    help = "Email loan reminders due today: before the due date, overdue, and escalation."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = actions.send_due_reminders()
        self.stdout.write(f"Sent {sent} reminder(s).")
