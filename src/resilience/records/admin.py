"""Read-mostly admin for learning records (statements are immutable; keys are issued on
the LRS keys page or with ``resilience lrs credentials``, which show the secret once)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from resilience.records.models import Credential, Forward, ForwardTarget, Result, Statement


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Statement)
class StatementAdmin(ReadOnly):
    list_display = ("statement_id", "verb_id", "actor_key", "stored", "voided")
    list_filter = ("voided",)
    search_fields = ("=statement_id", "actor_key", "verb_id", "object_activity")
    date_hierarchy = "stored"
    show_full_result_count = False


@admin.register(Credential)
class CredentialAdmin(ReadOnly):
    list_display = ("name", "key", "organisation", "created", "revoked")
    exclude = ("secret_hash",)


@admin.register(Result)
class ResultAdmin(ReadOnly):
    list_display = ("scenario_id", "learner", "score", "passed", "ended")
    list_filter = ("scenario_id", "passed")


@admin.register(ForwardTarget)
class ForwardTargetAdmin(admin.ModelAdmin):
    list_display = ("name", "endpoint", "version", "active")
    exclude = ("password",)


@admin.register(Forward)
class ForwardAdmin(ReadOnly):
    list_display = ("statement", "target", "status", "attempts", "next_try")
    list_filter = ("status", "target")
