"""Navigation by role, for the base template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resilience.accounts.access import can, is_programme_admin

#: (label, url name, capability) in the order shown.
NAV: list[tuple[Any, str, str]] = [
    (_("Home"), "core:home", "home"),
    (_("My work"), "accounts:my_work", "learner.own"),
    (_("Classes"), "accounts:class_list", "classes.view"),
    (_("Organisations"), "accounts:organisation_list", "organisations.view"),
    (_("Outreach"), "outreach:dashboard", "outreach.view"),
    (_("Impact"), "impact:dashboard", "impact.view"),
    (_("About you (optional)"), "impact:my_answers", "impact.edi_own"),
    (_("Progress"), "records:progress", "records.own"),
    (_("Class results"), "records:class_index", "classes.view"),
    (_("Learning overview"), "records:aggregate", "records.aggregate"),
    (_("Members' progress"), "records:members", "records.members"),
    (_("LRS keys"), "records:credentials", "lrs.credentials"),
    (_("Audit log"), "accounts:audit_log", "audit.view"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for label, name, capability in NAV:
            if can(user, capability):
                url = reverse(name)
                items.append({"label": label, "url": url,
                              "current": request.path == url})
        if is_programme_admin(user):
            items.append({"label": _("Admin"), "url": reverse("admin:index"),
                          "current": request.path.startswith(reverse("admin:index"))})
    return {"nav_items": items}
