"""The audit log of staff changes to people, organisations and classes.

Changes made through our own pages call :func:`record` from ``actions.py``; changes made
in the Django admin are copied from the admin's ``LogEntry`` by a signal handler, so both
end up in one list at ``/audit/``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models import Model
from django.db.models.signals import post_save
from django.dispatch import receiver

from resilience.accounts.models import AuditEntry, User

_ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


def record(actor: User | None, action: str, target: Model, **detail: Any) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        detail=detail,
    )


@receiver(post_save, sender=LogEntry)
def copy_admin_change(sender: type[LogEntry], instance: LogEntry, created: bool,
                      **kwargs: Any) -> None:
    if not created:
        return
    AuditEntry.objects.create(
        actor_id=instance.user_id,
        action=_ADMIN_ACTIONS.get(instance.action_flag, "admin.other"),
        target_type=(instance.content_type.model_class()._meta.label
                     if instance.content_type and instance.content_type.model_class()
                     else "unknown"),
        target_id=str(instance.object_id or ""),
        target_repr=instance.object_repr[:200],
        detail={"change": instance.get_change_message()},
    )
