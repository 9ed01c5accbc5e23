"""The landing page, the signed-in home page and the health check."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from resilience import __version__
from resilience.accounts.access import can, is_programme_admin, public, requires
from resilience.accounts.models import Nation, Organisation, Role


@public
def landing(request: HttpRequest) -> HttpResponse:
    # Counts of organisations, never of people: safe to show anyone.
    educational = Organisation.objects.filter(
        kind__in=[Organisation.Kind.SCHOOL, Organisation.Kind.COLLEGE]
    )
    nations = (educational.exclude(nation="").values("nation").annotate(n=Count("id"))
               .order_by("nation"))
    nation_labels = dict(Nation.choices)
    return render(request, "core/landing.html", {
        "school_count": educational.count(),
        "partner_count": Organisation.objects.filter(kind=Organisation.Kind.PARTNER).count(),
        "nations": [{"name": nation_labels[row["nation"]], "count": row["n"]} for row in nations],
    })


@requires("home")
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "core/home.html", {
        "roles": sorted({m.get_role_display() for m in user.memberships.all()}),
        "is_programme_admin": is_programme_admin(user),
        "can_classes": can(user, "classes.view"),
        "can_manage_classes": can(user, "classes.manage"),
        "can_orgs": can(user, "organisations.view"),
        "is_learner": can(user, "learner.own"),
        "taught": user.classes_taught.filter(archived=False).count()
        if can(user, "classes.manage") else 0,
        "role_names": dict(Role.choices),
    })


@public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok", "version": __version__})
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)


set_language = public(django_set_language)
