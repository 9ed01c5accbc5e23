"""Starting, joining, steering and ending live sessions. Each saves, then notifies."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import IntegrityError, transaction
from django.utils import timezone

from resilience.accounts.models import SchoolClass, User
from resilience.core.unique_codes import save_with_fresh_code
from resilience.live.models import LiveSession, Participant, RunLogChunk
from resilience.live.runtime import learners_group
from resilience.sim.engine import Session
from resilience.sim.registry import get_scenario

OPEN_SESSION_HOURS = 8


def _create(**fields: Any) -> LiveSession:
    return save_with_fresh_code(lambda: LiveSession.objects.create(**fields),
                                what="a session code")


def start_session(host: User, scenario_id: str, *, school_class: SchoolClass | None,
                  params: dict[str, Any] | None = None) -> LiveSession:
    scenario = get_scenario(scenario_id)
    clean = scenario.params(params)  # raises ParamError with a clear message
    if school_class is not None:
        return _create(scenario_id=scenario_id, params=clean, mode=LiveSession.Mode.CLASS,
                       host=host, school_class=school_class,
                       organisation=school_class.organisation)
    return _create(scenario_id=scenario_id, params=clean, mode=LiveSession.Mode.OPEN,
                   host=host, expires=timezone.now() + timedelta(hours=OPEN_SESSION_HOURS))


def start_solo(user: User | None, scenario_id: str) -> tuple[LiveSession, Participant]:
    get_scenario(scenario_id)
    with transaction.atomic():
        session = _create(scenario_id=scenario_id, params={}, mode=LiveSession.Mode.SOLO,
                          host=user if user is not None and user.is_authenticated else None)
        participant = _add(session, user, name=_name_for(user) or "Guest")
    return session, participant


def _name_for(user: User | None) -> str:
    if user is None or not user.is_authenticated:
        return ""
    enrolment = user.enrolments.first() if user.is_pupil else None
    return enrolment.pseudonym if enrolment else str(user)


def _add(session: LiveSession, user: User | None, name: str) -> Participant:
    authenticated = user is not None and user.is_authenticated
    return Participant.objects.create(
        session=session, user=user if authenticated else None,
        guest_key="" if authenticated else secrets.token_urlsafe(24),
        name=name[:40],
        seed=(session.seed + session.participants.count() * 7919) % (2**31 - 1) + 1,
    )


def join(session: LiveSession, user: User | None, name: str | None = None) -> Participant:
    """Add the caller to ``session`` (or return their existing run)."""
    if user is not None and user.is_authenticated:
        existing = session.participants.filter(user=user).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return _add(session, user, name or _name_for(user))
        except IntegrityError:  # joined twice at once
            return session.participants.get(user=user)
    return _add(session, None, name or "Guest")


def _notify(session: LiveSession, command: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(learners_group(session.pk),
                                        {"type": "live.command", **command})


def inject_fault(session: LiveSession, fault_id: str, participant_id: int | None) -> None:
    get_scenario(session.scenario_id).meta.fault(fault_id)  # raises for an unknown fault
    _notify(session, {"command": "fault", "fault": fault_id, "learner": participant_id})


def set_paused(session: LiveSession, paused: bool) -> None:
    if session.status == LiveSession.Status.ENDED:
        return
    session.status = LiveSession.Status.PAUSED if paused else LiveSession.Status.RUNNING
    session.save(update_fields=["status"])
    _notify(session, {"command": "pause" if paused else "resume"})


def end_session(session: LiveSession) -> None:
    """End the session: connected learners finish at once (their consumers store the
    result); runs with no connected learner are finished here from their stored logs."""
    if session.status == LiveSession.Status.ENDED:
        return
    session.status = LiveSession.Status.ENDED
    session.ended = timezone.now()
    session.save(update_fields=["status", "ended"])
    _notify(session, {"command": "end"})


def finalise_unfinished(session: LiveSession) -> int:
    """Finish every run of an ended session that has no stored result (e.g. the learner
    was offline at the end) by replaying its log. Returns how many were finished."""
    done = 0
    for participant in session.participants.filter(finished__isnull=True):
        log = participant.full_log()
        if not log:
            sim = Session(get_scenario(session.scenario_id), participant.seed, session.params)
        else:
            sim = Session.replay(log)
        sim.finish()
        if store_result(participant.pk, sim.log, sim.assess().to_json()):
            done += 1
    return done


def store_result(participant_id: int, log: list[dict[str, Any]],
                 assessment: dict[str, Any]) -> bool:
    """Store a finished run once (the first writer wins) and pass it to the learning
    records. Returns False if the run already had a result."""
    from resilience.records.results import record_result

    now = timezone.now()
    updated = Participant.objects.filter(pk=participant_id, finished__isnull=True).update(
        log=log, finished=now, score=assessment["score"], passed=assessment["passed"],
        assessment=assessment,
    )
    if not updated:
        return False
    RunLogChunk.objects.filter(participant_id=participant_id).delete()  # the whole log is kept
    participant = Participant.objects.select_related("session", "user").get(pk=participant_id)
    if participant.user is not None:
        # The run's result is already safe above; a failure here is logged, not lost.
        try:
            with transaction.atomic():
                record_result(
                    participant.user, participant.session.scenario_id, assessment,
                    session_id=participant.session.code,
                    school_class=participant.session.school_class,
                    started=participant.joined, ended=now,
                )
        except Exception:
            logging.getLogger("resilience.live").exception(
                "could not pass run %s to the learning records", participant_id)
    return True
