"""Impact pages: public headline figures, the staff dashboard, ED&I, carbon, targets."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resilience.accounts import audit
from resilience.accounts.access import can, public, requires
from resilience.impact import actions, edi, reports
from resilience.impact.carbon import (
    Trip,
    compare,
    in_person,
    load_factor_set,
    method_statement,
    vr_session,
)
from resilience.impact.carbon.calculator import assumptions_with
from resilience.impact.forms import EdiForm, FunderPackForm, TargetForm, WhatIfForm
from resilience.impact.kpis import REGISTRY, wired
from resilience.impact.models import FunderPack, Target


def _day(request: HttpRequest) -> dt.date:
    raw = request.GET.get("on", "")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _ctx(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    context["can_manage"] = can(request.user, "impact.manage")
    return context


@public
def public_page(request: HttpRequest) -> HttpResponse:
    fs = load_factor_set()
    comparison = _what_if(WhatIfForm.base_fields, fs)
    return render(request, "impact/public.html", {
        "headlines": reports.public_headlines(),
        "edi_groups": reports.edi_tables(reports.EdiResponse.objects.all())[0],
        "comparison": comparison,
    })


@requires("impact.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    return render(request, "impact/dashboard.html", _ctx(request, {
        "rows": reports.dashboard_rows(day), "day": day, "wired": wired(),
    }))


@requires("impact.view")
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kpis-{day.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(["kpi", "period_start", "period_end", "target", "target_is_default",
                     "value", "quarter", "in_quarter", "cumulative"])
    for row in reports.dashboard_rows(day):
        for label, in_q, cum in row.quarters:
            writer.writerow([row.kpi.key, row.start, row.end, row.target,
                             row.target_is_default, "" if row.value is None else row.value,
                             label, "" if in_q is None else in_q, "" if cum is None else cum])
    return response


@requires("impact.view")
def edi_report(request: HttpRequest) -> HttpResponse:
    responses = reports.visible_responses(request.user)
    return render(request, "impact/edi_report.html", _ctx(request, {
        "tables": reports.edi_tables(responses),
        "respondents": reports.respondents(responses),
    }))


@requires("impact.view")
def edi_report_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="equality-monitoring.csv"'
    writer = csv.writer(response)
    writer.writerow(["table", "category", "count_rounded", "percent", "denominator_rounded"])
    for table in reports.edi_tables(reports.visible_responses(request.user)):
        for row in table.rows:
            f = row.figure
            writer.writerow([table.title, row.label, f.value_text, f.percent_text,
                             f.denominator_text])
        t = table.total
        writer.writerow([table.title, "Total", t.value_text, t.percent_text,
                         t.denominator_text])
    return response


def _what_if(data: Any, fs: Any) -> Any:
    """Compare a VR class session with the same class at a real facility."""
    def get(name: str) -> Any:
        value = data[name]
        return value.initial if hasattr(value, "initial") else value

    a = assumptions_with({"gown_kg": Decimal(get("gown_kg")),
                          "glove_pair_kg": Decimal(get("glove_pair_kg")),
                          "car_occupancy": Decimal(get("car_occupancy"))})
    learners = int(get("learners"))
    vr = vr_session(fs, headsets=int(get("headsets")), assumptions=a,
                    staff_travel=[Trip(get("staff_mode"), Decimal(get("staff_km")))],
                    title=_("VR class session at school"))
    real = in_person(fs, learner_travel=[Trip(get("learner_mode"), Decimal(get("learner_km")),
                                              learners)],
                     gowns=learners * int(get("gowns_each")),
                     glove_pairs=learners * int(get("gloves_each")), assumptions=a,
                     title=_("Same class at a real facility"))
    return compare(vr, real)


@requires("impact.view")
def carbon(request: HttpRequest) -> HttpResponse:
    form = WhatIfForm(request.GET or None)
    comparison = None
    if form.is_bound and form.is_valid():
        fs = load_factor_set(form.cleaned_data["factor_set"])
        comparison = _what_if(form.cleaned_data, fs)
    elif not form.is_bound:
        comparison = _what_if(WhatIfForm.base_fields, load_factor_set())
    statement = (method_statement(comparison.vr, comparison.in_person)
                 if comparison else [])
    return render(request, "impact/carbon.html", _ctx(request, {
        "form": form, "comparison": comparison, "statement": statement,
        "estimates": [comparison.vr, comparison.in_person] if comparison else [],
    }))


@requires("impact.manage")
def targets(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_target(request.user, **{k: form.cleaned_data[k] for k in
                                                 ("kpi", "start", "end", "value", "note")})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect("impact:targets")
    rows = [(t, REGISTRY[t.kpi].label if t.kpi in REGISTRY else t.kpi)
            for t in Target.objects.all()]
    return render(request, "impact/targets.html", _ctx(request, {
        "form": form, "rows": rows, "registry": REGISTRY.values()}))


@requires("impact.manage")
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(Target, pk=pk)
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_target(request.user, target=target,
                                **{k: form.cleaned_data[k] for k in
                                   ("kpi", "start", "end", "value", "note")})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect("impact:targets")
    return render(request, "impact/target_form.html", {"form": form, "target": target})


@require_POST
@requires("impact.manage")
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_target(request.user, get_object_or_404(Target, pk=pk))
    messages.success(request, _("Target deleted."))
    return redirect("impact:targets")


@requires("impact.edi_own")
def my_answers(request: HttpRequest) -> HttpResponse:
    eligibility = edi.eligibility(request.user)
    if not eligibility.offered:
        # Someone who answered earlier (say, before their class's year group was changed)
        # can still see and delete what they gave.
        return render(request, "impact/edi_not_offered.html", {
            "eligibility": eligibility,
            "existing": _describe(actions.find_answers(request.user))})
    existing = actions.find_answers(request.user)
    form = EdiForm(request.POST or None, eligibility=eligibility)
    if request.method == "POST":
        if form.is_valid():
            actions.save_answers(request.user, form.cleaned_data)
            messages.success(request, _("Thank you. Your answers are saved, apart from your "
                                        "name. You can delete them here at any time."))
            return redirect("impact:my_answers")
        return render(request, "impact/edi_form.html", {
            "form": form, "existing": _describe(existing), "eligibility": eligibility},
            status=400)
    return render(request, "impact/edi_form.html", {
        "form": form, "existing": _describe(existing), "eligibility": eligibility})


def _describe(response: Any) -> list[tuple[str, str]] | None:
    """The person's own answers, in words, for them to check."""
    if response is None:
        return None
    lst = edi.LISTS[response.ethnicity_list]
    category = lst.category(response.ethnicity)
    out = [(_("Ethnic group"), category.label if category else str(edi.PREFER_NOT_LABEL)),
           (_("Sex"), dict(edi.SEX_CHOICES)[response.sex])]
    if response.gender_same:
        out.append((_("Gender the same as sex registered at birth"),
                    dict(edi.GENDER_SAME_CHOICES)[response.gender_same]))
    if response.condition:
        out.append((_("Long-term condition"), dict(edi.CONDITION_CHOICES)[response.condition]))
    if response.condition_impact:
        out.append((_("Reduces day-to-day activities"),
                    dict(edi.IMPACT_CHOICES)[response.condition_impact]))
    out.append((_("Age"), dict(edi.AGE_BANDS)[response.age_band]))
    return [(str(k), str(v)) for k, v in out]


@require_POST
@requires("impact.edi_own")
def delete_my_answers(request: HttpRequest) -> HttpResponse:
    if actions.delete_answers(request.user):
        messages.success(request, _("Your answers have been deleted."))
    else:
        messages.info(request, _("There were no answers to delete."))
    return redirect("impact:my_answers")


# --- The funder's quarterly pack ---------------------------------------------------------------


def _build_in_background(pack_id: int) -> None:
    import threading

    from django.conf import settings
    from django.db import close_old_connections, connections

    from resilience.impact import funder_pack

    def build() -> None:
        funder_pack.run(FunderPack.objects.get(pk=pack_id))

    def work() -> None:
        close_old_connections()
        try:
            build()
        finally:
            connections.close_all()  # this thread's connections end with it

    if getattr(settings, "IMPACT_PACKS_INLINE", False):
        build()
        return
    threading.Thread(target=work, name=f"funder-pack-{pack_id}", daemon=True).start()


@requires("impact.manage")
def packs(request: HttpRequest) -> HttpResponse:
    form = FunderPackForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        start, end = form.period()
        pack = FunderPack.objects.create(quarter_start=start, quarter_end=end,
                                         by=request.user)
        audit.record(request.user, "impact.funder_pack", pack, quarter=str(start))
        transaction.on_commit(lambda: _build_in_background(pack.pk))
        return redirect("impact:pack_detail", pk=pack.pk)
    return render(request, "impact/packs.html", _ctx(request, {
        "form": form, "packs": FunderPack.objects.defer("xlsx", "pdf")[:20]}))


@requires("impact.manage")
def pack_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_object_or_404(FunderPack.objects.defer("xlsx", "pdf"), pk=pk)
    return render(request, "impact/pack_detail.html", _ctx(request, {"pack": pack}))


@requires("impact.manage")
def pack_status(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_object_or_404(FunderPack.objects.defer("xlsx", "pdf"), pk=pk)
    return JsonResponse({"status": pack.status, "status_text": pack.get_status_display(),
                         "percent": pack.percent, "step": pack.step,
                         "message": pack.message, "done": pack.finished_or_failed})


@requires("impact.manage")
def pack_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    pack = get_object_or_404(FunderPack, pk=pk)
    content = pack.xlsx if fmt == "xlsx" else pack.pdf
    if pack.status != FunderPack.Status.DONE or content is None:
        raise Http404("The pack is not ready")
    kinds = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "pdf": "application/pdf"}
    response = HttpResponse(bytes(content), content_type=kinds[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="funder-pack-{pack.quarter_start:%Y-%m}.{fmt}"')
    return response
