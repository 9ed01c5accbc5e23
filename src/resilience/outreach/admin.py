from typing import Any

from django.contrib import admin
from django.db import models

from resilience.outreach import models as m


class ComponentInline(admin.TabularInline):
    model = m.KitComponent
    extra = 0


@admin.register(m.Kit)
class KitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "partner", "status", "next_audit_due"]
    list_filter = ["status", "partner"]
    search_fields = ["code", "name", "components__serial"]
    inlines = [ComponentInline]


@admin.register(m.Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["kit", "institution", "start_date", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["kit__code", "institution__name", "contact_name"]
    autocomplete_fields = ["institution"]
    date_hierarchy = "start_date"


@admin.register(m.InstitutionProfile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "reference_scheme", "reference", "la_name", "phase",
                    "deprivation_decile"]
    list_filter = ["reference_scheme", "deprivation_index", "deprivation_decile"]
    search_fields = ["organisation__name", "reference", "la_name", "area_code"]
    autocomplete_fields = ["organisation"]


class RegistrationInline(admin.TabularInline):
    model = m.Registration
    extra = 0
    autocomplete_fields = ["institution"]


@admin.register(m.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts", "partner", "capacity"]
    list_filter = ["kind", "partner"]
    search_fields = ["title", "venue"]
    inlines = [RegistrationInline]

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class MemberInline(admin.TabularInline):
    model = m.CohortMember
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(m.Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "partner", "starts", "ends"]
    inlines = [MemberInline]


@admin.register(m.ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "kind", "status", "created_count", "updated_count",
                    "rejected_count", "created"]
    list_filter = ["kind", "status"]


for model in (m.DeprivationArea, m.Engagement, m.Partnership, m.KitAudit, m.DeviceStatus,
              m.Reminder, m.SurveyResponse, m.Placement, m.CohortSession,
              m.AffiliateMembership):
    admin.site.register(model)
