from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_sqlite_clash_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """SQLite drops triggers when a later migration rebuilds the table: put them back."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    import importlib

    migration = importlib.import_module(
        "resilience.outreach.migrations.0002_reservation_no_clash")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' "
                       "AND name='outreach_reservation'")
        if cursor.fetchone() is None:
            return
        for op in ("insert", "update"):
            cursor.execute(migration.SQLITE_TRIGGER.format(op=op, OP=op.upper(),
                                                           holding=migration.HOLDING))


class OutreachConfig(AppConfig):
    name = "resilience.outreach"
    label = "outreach"
    verbose_name = "Outreach operations"

    def ready(self) -> None:
        post_migrate.connect(_ensure_sqlite_clash_triggers, sender=self)
