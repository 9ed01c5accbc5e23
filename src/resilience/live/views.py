"""Pages for live sessions: start, join, play, the instructor view, debrief and export."""

from __future__ import annotations

import csv
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resilience.accounts.access import (
    public,
    requires,
    teachable_organisations,
)
from resilience.accounts.models import SchoolClass
from resilience.accounts.ratelimit import client_address, count_failure, too_many
from resilience.config import options
from resilience.live import access, actions
from resilience.live.consumers import GUEST_KEYS
from resilience.live.models import LiveSession, Participant
from resilience.live.replay import timeline
from resilience.sim.engine import SimError
from resilience.sim.registry import get_scenario


def _remember_guest(request: HttpRequest, participant: Participant) -> None:
    if participant.guest_key:
        keys = list(request.session.get(GUEST_KEYS, []))[-19:]
        request.session[GUEST_KEYS] = [*keys, participant.guest_key]


@requires("live.host")
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    scenario_id = request.POST.get("scenario", "")
    try:
        get_scenario(scenario_id)
    except SimError:
        raise Http404("No such simulation") from None
    school_class = None
    if request.POST.get("school_class"):
        school_class = get_object_or_404(
            SchoolClass.objects.filter(organisation__in=teachable_organisations(request.user),
                                       archived=False),
            pk=request.POST["school_class"],
        )
    session = actions.start_session(request.user, scenario_id, school_class=school_class)
    return redirect("live:instructor", code=session.code)


@public
@require_POST
def solo(request: HttpRequest, scenario_id: str) -> HttpResponse:
    try:
        get_scenario(scenario_id)
    except SimError:
        raise Http404("No such simulation") from None
    if not request.user.is_authenticated:
        if too_many("solo", client_address(request), options.get("GUEST_PRACTICE_PER_HOUR")):
            return render(request, "live/too_many.html", status=429)
        count_failure("solo", client_address(request))
    session, participant = actions.start_solo(request.user, scenario_id)
    _remember_guest(request, participant)
    return redirect("live:play", code=session.code)


def _qr(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=4, omitsize=True))


@requires("live.watch")
def instructor(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_instructor(request.user, code)
    meta = get_scenario(session.scenario_id).meta
    join_url = request.build_absolute_uri(reverse("live:join")) + f"?code={session.code}"
    return render(request, "live/instructor.html", {
        "session": session, "meta": meta, "participants": session.participants.all(),
        "join_url": join_url,
        "qr_svg": mark_safe(_qr(join_url)),  # noqa: S308 - segno SVG of our own URL
    })


@requires("live.watch")
@require_POST
def fault(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_instructor(request.user, code)
    fault_id = request.POST.get("fault", "")
    target = request.POST.get("learner", "all")
    learner: int | None = None
    if target != "all":
        learner = get_object_or_404(session.participants, pk=target).pk
    if session.status == LiveSession.Status.ENDED:
        messages.error(request, _("The session has ended; faults can no longer be injected."))
        return redirect("live:instructor", code=code)
    try:
        actions.inject_fault(session, fault_id, learner)
    except SimError:
        messages.error(request, _("Choose one of the listed faults."))
    else:
        messages.success(request, _("Fault injected."))
    return redirect("live:instructor", code=code)


@requires("live.watch")
@require_POST
def pause(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_instructor(request.user, code)
    actions.set_paused(session, request.POST.get("paused") == "1")
    return redirect("live:instructor", code=code)


@requires("live.watch")
@require_POST
def end(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_instructor(request.user, code)
    actions.end_session(session)
    messages.success(request, _("The session has ended. Results are below."))
    return redirect("live:debrief", code=code)


@requires("live.watch")
def debrief(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_instructor(request.user, code)
    if session.status == LiveSession.Status.ENDED:
        actions.finalise_unfinished(session)
    scenario = get_scenario(session.scenario_id)
    participants = list(session.participants.all())
    criteria = _criteria_columns(participants)
    rows = []
    for p in participants:
        by_id = {c["id"]: c for c in (p.assessment or {}).get("criteria", [])}
        rows.append({"p": p, "cells": [by_id.get(cid) for cid, _title in criteria]})
    return render(request, "live/debrief.html", {
        "session": session, "meta": scenario.meta, "rows": rows, "criteria": criteria,
    })


def _criteria_columns(participants: list[Participant]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for p in participants:
        for c in (p.assessment or {}).get("criteria", []):
            seen.setdefault(c["id"], c["title"])
    return list(seen.items())


@requires("live.watch")
def replay(request: HttpRequest, code: str, participant_id: int) -> HttpResponse:
    session = access.get_session_for_instructor(request.user, code)
    participant = get_object_or_404(session.participants, pk=participant_id)
    try:
        at = float(request.GET.get("t", "") or "inf")
    except ValueError:
        at = float("inf")
    view = timeline(participant.full_log(), participant.seed, session.scenario_id,
                    session.params, at)
    return render(request, "live/replay.html", {
        "session": session, "participant": participant, "view": view,
        "meta": get_scenario(session.scenario_id).meta,
    })


@requires("live.watch")
def export(request: HttpRequest, code: str) -> HttpResponse:
    session = access.get_session_for_instructor(request.user, code)
    participants = list(session.participants.all())
    criteria = _criteria_columns(participants)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="resilience-{session.scenario_id}-{session.code}.csv"')
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(["learner", "finished", "score", "passed", "time_taken_s",
                     *[title for _cid, title in criteria]])
    for p in participants:
        a = p.assessment or {}
        by_id = {c["id"]: c for c in a.get("criteria", [])}
        writer.writerow([
            _csv_safe(p.name), p.finished.isoformat() if p.finished else "",
            "" if p.score is None else round(p.score), "" if p.passed is None else
            ("yes" if p.passed else "no"), a.get("time_taken_s", ""),
            *[("passed" if by_id[cid]["passed"] else "not passed") if cid in by_id else ""
              for cid, _title in criteria],
        ])
    return response


def _csv_safe(text: str) -> str:
    """Stop a spreadsheet treating a learner's chosen name as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@public
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Join a live session with its code (open sessions also ask for a made-up name)."""
    from resilience.live.forms import JoinSessionForm

    form = JoinSessionForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST":
        address = client_address(request)
        if too_many("join", address, settings.JOIN_CODE_ATTEMPTS_PER_HOUR):
            form.add_error(None, _("Too many wrong codes have been tried from this device. "
                                   "Wait an hour, or ask your teacher for help."))
            return render(request, "live/join.html", {"form": form}, status=429)
        if form.is_valid():
            session = LiveSession.objects.filter(code=form.cleaned_data["code"]).exclude(
                status=LiveSession.Status.ENDED).exclude(mode=LiveSession.Mode.SOLO).first()
            usable = session is not None and (session.expires is None
                                              or session.expires > timezone.now())
            if not usable:
                count_failure("join", address)
                form.add_error("code", _("That code does not match a session that is running. "
                                         "Check it with your teacher."))
            elif not access.may_join(request.user, session):
                form.add_error("code", _("This session is for a class. Sign in with your "
                                         "class code first, then join."))
            elif (session.mode == LiveSession.Mode.OPEN and not request.user.is_authenticated
                  and not form.cleaned_data.get("name")):
                form.add_error("name", _("Make up a name to use in this session."))
            else:
                participant = actions.join(session, request.user, form.cleaned_data.get("name"))
                _remember_guest(request, participant)
                return redirect("live:play", code=session.code)
    return render(request, "live/join.html", {"form": form}, status=400 if form.errors else 200)


@public
def play(request: HttpRequest, code: str) -> HttpResponse:
    code = code.upper()
    participant = access.participant_for(request.user, list(request.session.get(GUEST_KEYS, [])),
                                         code)
    if participant is None:
        return redirect(f"{reverse('live:join')}?code={code}")
    session = participant.session
    meta = get_scenario(session.scenario_id).meta
    context: dict[str, Any] = {
        "session": session, "participant": participant, "meta": meta,
        "ws_path": f"/ws/live/{session.code}/",
        "emulate": settings.XR_EMULATION_ALLOWED and request.GET.get("emulate") == "1",
    }
    return render(request, "live/play.html", context)
