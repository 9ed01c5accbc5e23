from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete


def _forget_deleted_person(sender: Any, instance: Any, **kwargs: Any) -> None:
    """When an account is deleted, its ED&I answers go too (they would otherwise stay in
    the aggregates with nobody able to see or delete them)."""
    from resilience.impact import edi
    from resilience.impact.models import EdiResponse

    if instance.pk is not None:
        EdiResponse.objects.filter(subject_key__in=edi.subject_keys(instance.pk)).delete()


class ImpactConfig(AppConfig):
    name = "resilience.impact"
    label = "impact"
    verbose_name = "Impact reporting"

    def ready(self) -> None:
        post_delete.connect(_forget_deleted_person, sender=settings.AUTH_USER_MODEL,
                            dispatch_uid="impact-forget-deleted-person")
