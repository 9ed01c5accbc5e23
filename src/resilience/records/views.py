"""Pages: a learner's progress, a class's results and skills gap, partner and programme
overviews, an affiliate's members, the competency framework and LRS credentials."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Avg, Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from resilience.accounts import access
from resilience.accounts.models import Enrolment, Membership, Organisation, Role
from resilience.records import competencies as framework
from resilience.records import credentials as creds
from resilience.records import progress
from resilience.records.models import SCOPES, Credential, Result
from resilience.records.results import results_for_learner


def _scenario_titles() -> dict[str, str]:
    try:
        from resilience.sim.registry import SCENARIO_IDS, get_scenario

        return {sid: str(get_scenario(sid).meta.title) for sid in SCENARIO_IDS}
    except Exception:
        return {}


@access.public
def competency_framework(request: HttpRequest) -> HttpResponse:
    return render(request, "records/competencies.html", {
        "framework": framework.FRAMEWORK, "titles": _scenario_titles(),
        "priority_areas": framework.PRIORITY_AREAS})


@access.requires("records.own")
def my_progress(request: HttpRequest) -> HttpResponse:
    user = request.user
    results = results_for_learner(user)
    titles = _scenario_titles()
    evidence = progress.evidence_for([user])[user.pk]
    rows = [progress.Cell(c, evidence.get(c.slug, progress.Evidence()))
            for c in framework.FRAMEWORK]
    earned: dict[str, Result] = {}
    for result in reversed(results):  # oldest first, so the first pass is kept
        if result.passed and result.scenario_id not in earned:
            earned[result.scenario_id] = result
    for r in results:
        r.title = titles.get(r.scenario_id, r.scenario_id)
    return render(request, "records/progress.html", {
        "results": results, "cells": rows, "next_steps": progress.practise_next(evidence),
        "credentials": [(titles.get(sid, sid), r) for sid, r in earned.items()],
    })


def _class_people(school_class: Any) -> list[tuple[Any, str]]:
    enrolments = Enrolment.objects.filter(school_class=school_class).select_related("pupil") \
        .order_by("pseudonym")
    return [(e.pupil, e.pseudonym) for e in enrolments]


@access.requires("classes.view")
def class_index(request: HttpRequest) -> HttpResponse:
    classes = access.visible_classes(request.user).annotate(
        pupils=Count("enrolments", distinct=True),
        runs=Count("sim_results", distinct=True)).order_by("organisation__name", "name")
    return render(request, "records/class_index.html", {"classes": classes})


@access.requires("classes.view")
def class_results(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = access.get_class_for_user(request.user, pk)
    people = _class_people(school_class)
    titles = _scenario_titles()
    rows = (Result.objects.filter(school_class=school_class)
            .values("learner_id", "scenario_id")
            .annotate(runs=Count("id"), best=Max("score"),
                      passes=Count("id", filter=Q(passed=True)), last=Max("ended")))
    scenario_ids = sorted({r["scenario_id"] for r in rows})
    by_person: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        by_person[r["learner_id"]][r["scenario_id"]] = r
    table = [{"name": name, "cells": [by_person[user.pk].get(sid) for sid in scenario_ids]}
             for user, name in people]
    return render(request, "records/class_results.html", {
        "school_class": school_class, "table": table,
        "scenarios": [(sid, titles.get(sid, sid)) for sid in scenario_ids],
    })


@access.requires("classes.view")
def class_skills(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = access.get_class_for_user(request.user, pk)
    rows = progress.heat_map(_class_people(school_class), _scenario_titles())
    return render(request, "records/skills_gap.html", {
        "title": _("Skills gap: %(name)s") % {"name": school_class.name},
        "school_class": school_class, "rows": rows, "framework": framework.FRAMEWORK,
        "summary": progress.cohort_summary(rows), "titles": _scenario_titles(),
    })


@access.requires("records.members")
def members_progress(request: HttpRequest) -> HttpResponse:
    orgs = access.org_ids(request.user, Role.AFFILIATE_ADMIN)
    memberships = (Membership.objects.filter(organisation_id__in=orgs)
                   .exclude(role=Role.AFFILIATE_ADMIN).select_related("user")
                   .order_by("user__display_name", "user__pk"))
    people = []
    seen = set()
    for m in memberships:
        if m.user_id not in seen:
            seen.add(m.user_id)
            people.append((m.user, str(m.user)))
    rows = progress.heat_map(people, _scenario_titles())
    return render(request, "records/skills_gap.html", {
        "title": _("Members' progress"), "rows": rows, "framework": framework.FRAMEWORK,
        "summary": progress.cohort_summary(rows), "titles": _scenario_titles(),
    })


@access.requires("records.aggregate")
def organisation_skills(request: HttpRequest, pk: int) -> HttpResponse:
    """Partner staff and programme admins see a cohort's levels as counts, not people."""
    organisation = access.get_organisation_for_user(request.user, pk)
    enrolled = {e.pupil_id: e.pseudonym for e in Enrolment.objects.filter(
        school_class__organisation=organisation).order_by("pk")}
    learners = (Membership.objects.filter(organisation=organisation, role=Role.LEARNER)
                .select_related("user"))
    people = [(m.user, enrolled.get(m.user_id, "")) for m in learners]
    rows = progress.heat_map(people)
    return render(request, "records/skills_gap.html", {
        "title": _("Skills across %(name)s") % {"name": organisation.name},
        "organisation": organisation, "rows": rows, "hide_people": True,
        "framework": framework.FRAMEWORK, "summary": progress.cohort_summary(rows),
    })


@access.requires("records.aggregate")
def aggregate(request: HttpRequest) -> HttpResponse:
    orgs = access.visible_organisations(request.user)
    is_admin = access.is_programme_admin(request.user)
    results = Result.objects.all() if is_admin else Result.objects.filter(
        school_class__organisation__in=orgs)
    by_org = list(results.values("school_class__organisation_id",
                                 "school_class__organisation__name")
                  .annotate(runs=Count("id"), learners=Count("learner_id", distinct=True),
                            passes=Count("id", filter=Q(passed=True)), mean=Avg("score"))
                  .order_by("school_class__organisation__name"))
    by_scenario = list(results.values("scenario_id")
                       .annotate(runs=Count("id"), learners=Count("learner_id", distinct=True),
                                 passes=Count("id", filter=Q(passed=True)), mean=Avg("score"))
                       .order_by("scenario_id"))
    competency_counts: dict[str, int] = defaultdict(int)
    for comps in results.filter(passed=True).values_list("competencies", flat=True):
        for slug in comps or []:
            competency_counts[slug] += 1
    titles = _scenario_titles()
    for row in by_scenario:
        row["title"] = titles.get(row["scenario_id"], row["scenario_id"])
    totals = results.aggregate(runs=Count("id"), learners=Count("learner_id", distinct=True),
                               passes=Count("id", filter=Q(passed=True)))
    return render(request, "records/aggregate.html", {
        "is_admin": is_admin, "by_org": by_org, "by_scenario": by_scenario,
        "totals": totals,
        "competencies": [(c, competency_counts.get(c.slug, 0)) for c in framework.FRAMEWORK],
    })


class CredentialForm(forms.Form):
    name = forms.CharField(label=_("Application name"), max_length=200)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=[(s, s) for s in SCOPES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the application may do. “all” includes every other scope."))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"),
        required=False, empty_label=_("All organisations (programme-wide)"),
        help_text=_("The application sees and writes only this organisation's records."))


@require_http_methods(["GET", "POST"])
@access.requires("lrs.credentials")
def credential_list(request: HttpRequest) -> HttpResponse:
    form = CredentialForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        credential, secret = creds.create_credential(
            form.cleaned_data["name"], form.cleaned_data["scopes"],
            organisation=form.cleaned_data["organisation"], created_by=request.user)
        issued = {"credential": credential, "secret": secret}
        form = CredentialForm()
    credentials = Credential.objects.select_related("organisation").order_by("-created")
    response = render(request, "records/credentials.html", {
        "form": form, "credentials": credentials, "issued": issued,
        "endpoint": request.build_absolute_uri("/xapi/")})
    response["Cache-Control"] = "no-store"  # the secret is on this page once
    return response


@require_POST
@access.requires("lrs.credentials")
def credential_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    credential = get_object_or_404(Credential, pk=pk, revoked__isnull=True)
    creds.revoke_credential(credential, by=request.user)
    messages.success(request, _("Revoked the key for %(name)s.") % {"name": credential.name})
    return redirect("records:credentials")
