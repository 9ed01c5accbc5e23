from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from resilience.accounts.access import is_programme_admin
from resilience.accounts.models import (
    AuditEntry,
    Enrolment,
    Membership,
    Organisation,
    SchoolClass,
    User,
)


def _programme_admins_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and is_programme_admin(request.user))


admin.site.has_permission = _programme_admins_only  # type: ignore[method-assign]
admin.site.site_header = "Resilience administration"
admin.site.site_title = "Resilience admin"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "nation", "region", "partner"]
    list_filter = ["kind", "nation", "partner"]
    search_fields = ["name", "town", "postcode"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "display_name", "is_pupil", "is_active"]
    list_filter = ["is_pupil", "is_active", "memberships__role"]
    search_fields = ["username", "email", "display_name"]
    inlines = [MembershipInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Resilience", {"fields": ("display_name", "is_pupil")}),
    )


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "teacher", "year_group", "joining_open", "archived"]
    list_filter = ["archived", "joining_open", "year_group"]
    search_fields = ["name", "organisation__name"]
    readonly_fields = ["join_code"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["pseudonym", "school_class", "created"]
    search_fields = ["pseudonym", "school_class__name"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
