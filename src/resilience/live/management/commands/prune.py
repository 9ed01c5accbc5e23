"""`resilience prune`: delete guests' old solo practice runs (data minimisation)."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from resilience.config import options
from resilience.live.models import LiveSession


class Command(BaseCommand):
    help = "Delete solo practice sessions by guests older than SOLO_RUN_RETENTION_DAYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args: Any, **opts: Any) -> None:
        days = opts["days"] if opts["days"] is not None else options.get("SOLO_RUN_RETENTION_DAYS")
        cutoff = timezone.now() - timedelta(days=days)
        old = LiveSession.objects.filter(mode=LiveSession.Mode.SOLO, host__isnull=True,
                                         created__lt=cutoff)
        count = old.count()
        old.delete()
        self.stdout.write(f"Deleted {count} guest practice session{'s' if count != 1 else ''} "
                          f"older than {days} days.")
