"""Targets in the admin. ED&I responses are deliberately not registered: nobody looks at
one person's answers; reports are aggregates through the disclosure function."""

from django.contrib import admin

from resilience.impact.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("kpi", "start", "end", "value", "note")
    list_filter = ("kpi",)
