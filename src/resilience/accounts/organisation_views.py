"""Organisations, the audit log and a learner's own page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from resilience.accounts.access import get_organisation_for_user, requires, visible_organisations
from resilience.accounts.models import AuditEntry, Organisation


@requires("organisations.view")
def organisation_list(request: HttpRequest) -> HttpResponse:
    orgs = visible_organisations(request.user).select_related("partner")
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()
    if kind in Organisation.Kind.values:
        orgs = orgs.filter(kind=kind)
    if query:
        orgs = orgs.filter(Q(name__icontains=query) | Q(town__icontains=query)
                           | Q(postcode__icontains=query))
    page = Paginator(orgs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_list.html", {
        "page": page, "kinds": Organisation.Kind.choices, "kind": kind, "q": query,
    })


@requires("organisations.view")
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for_user(request.user, pk)
    classes = org.classes.filter(archived=False).annotate(pupils=Count("enrolments"))
    staff = org.memberships.exclude(role="learner").select_related("user")
    return render(request, "accounts/organisation_detail.html", {
        "org": org, "class_count": classes.count(),
        "pupil_count": sum(c.pupils for c in classes), "staff": staff,
    })


@requires("audit.view")
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("actor")
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"page": page, "action": action})


@requires("learner.own")
def my_work(request: HttpRequest) -> HttpResponse:
    from resilience.live.models import LiveSession

    enrolments = request.user.enrolments.select_related("school_class__organisation")
    live_now = LiveSession.objects.filter(
        school_class__in=[e.school_class_id for e in enrolments],
        status__in=[LiveSession.Status.RUNNING, LiveSession.Status.PAUSED],
    ).select_related("school_class")
    runs = request.user.live_runs.filter(finished__isnull=False).select_related("session")[:50]
    return render(request, "accounts/my_work.html",
                  {"enrolments": enrolments, "live_now": live_now, "runs": runs})
