"""The catalogue: find a simulation, read its teaching material, start it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from resilience.accounts.access import can, public, teachable_organisations
from resilience.accounts.models import SchoolClass
from resilience.catalogue.entries import (
    AUDIENCE_LABELS,
    FRAMEWORK_NATION,
    entries,
    get_entry,
    render_material,
)
from resilience.sim.engine import PRIORITY_AREAS

NATIONS = [("england", "England"), ("scotland", "Scotland"), ("wales", "Wales"),
           ("northern_ireland", "Northern Ireland")]


@public
def catalogue(request: HttpRequest) -> HttpResponse:
    everything = entries()
    audience = request.GET.get("audience", "")
    area = request.GET.get("area", "")
    nation = request.GET.get("nation", "")
    standard = request.GET.get("standard", "")
    query = request.GET.get("q", "").strip()
    shown = [e for e in everything if e.matches(audience, area, nation, standard, query)]
    standards = sorted({(a.code, a.title) for e in everything for a in e.meta.apprenticeships})
    return render(request, "catalogue/catalogue.html", {
        "entries": shown, "total": len(everything),
        "audiences": list(AUDIENCE_LABELS.items()), "areas": sorted(PRIORITY_AREAS),
        "nations": [n for n in NATIONS if n[0] in set(FRAMEWORK_NATION.values())],
        "standards": standards,
        "f": {"audience": audience, "area": area, "nation": nation, "standard": standard,
              "q": query},
    })


@public
def detail(request: HttpRequest, scenario_id: str) -> HttpResponse:
    entry = get_entry(scenario_id)
    if entry is None:
        raise Http404("No such simulation")
    classes = []
    if can(request.user, "live.host"):
        classes = SchoolClass.objects.filter(
            organisation__in=teachable_organisations(request.user), archived=False
        ).select_related("organisation")
    return render(request, "catalogue/detail.html", {
        "entry": entry, "meta": entry.meta, "can_host": can(request.user, "live.host"),
        "classes": classes,
    })


@public
def material(request: HttpRequest, scenario_id: str, slug: str) -> HttpResponse:
    entry = get_entry(scenario_id)
    rendered = render_material(scenario_id, slug) if entry is not None else None
    if entry is None or rendered is None:
        raise Http404("No such material")
    title, html = rendered
    return render(request, "catalogue/material.html",
                  {"entry": entry, "title": title, "html": html})
