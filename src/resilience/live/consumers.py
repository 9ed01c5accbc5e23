"""WebSocket consumers: a learner's run, and the instructor's live view.

Consumers stay thin: the runtime steps the simulations; a consumer parses frames, applies
them to its learner's run, and relays group messages. Frames that do no database work skip
Channels' per-frame database clean-up (DESIGN.md measured it at a quarter of the CPU);
database work goes through ``database_sync_to_async``.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from resilience.live import protocol
from resilience.live.runtime import (
    RUNTIME,
    LearnerRun,
    instructor_group,
    learners_group,
)
from resilience.sim.engine import SimError
from resilience.sim.scene import PROTOCOL_VERSION

log = logging.getLogger("resilience.live")

GUEST_KEYS = "live_guest_keys"
MAX_MESSAGES_PER_S = 30
#: Poses closer together than this are dropped: 5 a second is plenty for the walking-speed
#: models and halves the log of a learner who walks the whole run.
MIN_POSE_INTERVAL_S = 0.19
CLOSE_UNKNOWN = 4404
CLOSE_FORBIDDEN = 4403


class FastDispatchMixin:
    """Dispatch without Channels' per-frame database clean-up (see module docstring)."""

    async def dispatch(self, message: dict[str, Any]) -> None:
        handler = getattr(self, message["type"].replace(".", "_"), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)


@database_sync_to_async
def _load_learner(user: Any, guest_keys: list[str], code: str) -> dict[str, Any] | None:
    from resilience.live.access import participant_for

    participant = participant_for(user, guest_keys, code)
    if participant is None:
        return None
    session = participant.session
    from resilience.sim.registry import get_scenario

    return {
        "participant_id": participant.pk, "session_id": session.pk, "name": participant.name,
        "scenario_id": session.scenario_id, "seed": participant.seed,
        "params": session.params, "log": participant.full_log(),
        "chunks": participant.chunks.count(), "status": session.status,
        "mode": session.mode, "code": session.code,
        "title": get_scenario(session.scenario_id).meta.title,
        "finished": participant.finished is not None, "assessment": participant.assessment,
    }


@database_sync_to_async
def _store_result(participant_id: int, log_entries: list[dict[str, Any]],
                  assessment: dict[str, Any]) -> bool:
    from resilience.live.actions import store_result

    return store_result(participant_id, log_entries, assessment)


class LearnerConsumer(FastDispatchMixin, AsyncWebsocketConsumer):
    run: LearnerRun | None = None

    async def connect(self) -> None:
        self.code = str(self.scope["url_route"]["kwargs"]["code"]).upper()
        session = self.scope.get("session")
        guest_keys = list(session.get(GUEST_KEYS, [])) if session is not None else []
        info = await _load_learner(self.scope["user"], guest_keys, self.code)
        await self.accept()
        if info is None:
            await self.close(code=CLOSE_UNKNOWN)
            return
        self.info = info
        self.window_start = time.monotonic()
        self.window_count = 0
        self.refused_at = 0.0
        self.last_pose = 0.0
        try:
            run = RUNTIME.build(info["participant_id"], info["session_id"], info["name"],
                                info["scenario_id"], info["seed"], info["params"], info["log"],
                                info["chunks"])
        except SimError:
            log.exception("could not rebuild run %s", info["participant_id"])
            await self.send(protocol.error("Your run could not be restored. Ask your teacher."))
            await self.close(code=1011)
            return
        if run.send is not None:  # the same learner on a second device: the newer wins
            await RUNTIME.send(run, protocol.status("ended",
                                                    "You opened this run somewhere else."))
        self.run = run
        run.send = self._send_text
        run.paused = info["status"] == "paused"
        await self.channel_layer.group_add(learners_group(info["session_id"]), self.channel_name)
        RUNTIME.ensure_started()
        await self._send_text(protocol.dumps({
            "type": "welcome", "v": PROTOCOL_VERSION,
            "session": {"code": info["code"], "scenario": info["scenario_id"],
                        "title": info["title"], "mode": info["mode"],
                        "status": info["status"]},
            "participant": {"name": info["name"]},
        }))
        await self._send_text(protocol.dumps(run.sim.full()))
        if info["status"] == "paused":
            await self._send_text(protocol.status("paused", "Your teacher has paused the "
                                                  "session."))
        if info["status"] == "ended" or run.sim.state.finished:
            await self._finish(reason="The session has ended.")

    async def _send_text(self, text: str) -> None:
        await self.send(text_data=text)

    async def disconnect(self, code: int) -> None:
        run = self.run
        if run is None:
            return
        await self.channel_layer.group_discard(learners_group(run.session_id), self.channel_name)
        if run.send == self._send_text:
            run.send = None
            run.last_seen = time.monotonic()
            await RUNTIME.persist(run)

    def _over_limit(self) -> bool:
        now = time.monotonic()
        if now - self.window_start >= 1.0:
            self.window_start, self.window_count = now, 0
        self.window_count += 1
        return self.window_count > MAX_MESSAGES_PER_S

    async def websocket_receive(self, message: dict[str, Any]) -> None:
        run = self.run
        if run is None:
            return
        if self._over_limit():
            now = time.monotonic()
            if now - self.refused_at >= 1.0:
                self.refused_at = now
                log.warning("rate limit: participant %s", run.participant_id)
                await self._send_text(protocol.error("too many messages; slow down",
                                                     "rate-limited"))
            return
        try:
            msg = protocol.parse(message.get("text"))
        except protocol.ProtocolError as exc:
            log.info("refused frame from participant %s: %s", run.participant_id, exc)
            await self._send_text(protocol.error(str(exc)))
            return
        if msg.type == "ping":
            await self._send_text(protocol.dumps({"type": "pong", "v": PROTOCOL_VERSION,
                                                  "t": msg.t, "server_time": time.time()}))
        elif msg.type == "resync":
            await self._send_text(protocol.dumps(run.sim.full()))
        elif msg.type == "finish":
            await self._finish(reason="")
        elif run.paused and msg.type == "action":
            await self._send_text(protocol.error("the session is paused", "paused"))
        elif msg.type == "pose" and (
                run.paused or time.monotonic() - self.last_pose < MIN_POSE_INTERVAL_S):
            return
        else:
            try:
                events = run.sim.apply(msg.action if msg.action is not None else msg.pose)
            except SimError as exc:
                await self._send_text(protocol.error(str(exc), "refused-action"))
                return
            run.dirty = True
            if msg.type == "pose":
                self.last_pose = time.monotonic()
            await RUNTIME.deliver(run, events)
            if msg.type == "action":
                await RUNTIME.flush_patch(run)

    async def _finish(self, reason: str) -> None:
        run = self.run
        if run is None:
            return
        events = run.sim.finish()
        await RUNTIME.deliver(run, events)
        await RUNTIME.flush_patch(run)
        assessment = run.sim.assess().to_json()
        run.dirty = False
        stored = await _store_result(run.participant_id, run.sim.log, assessment)
        if not stored:
            assessment = await _stored_assessment(run.participant_id) or assessment
        await self._send_text(protocol.dumps({"type": "result", "v": PROTOCOL_VERSION,
                                              "assessment": assessment}))
        if reason:
            await self._send_text(protocol.status("ended", reason))

    # Group messages from the instructor ------------------------------------------

    async def live_command(self, event: dict[str, Any]) -> None:
        run = self.run
        if run is None:
            return
        command = event["command"]
        if command == "fault":
            if event.get("learner") in (None, run.participant_id):
                events = run.sim.inject_fault(event["fault"])
                run.dirty = True
                await RUNTIME.deliver(run, events)
        elif command in ("pause", "resume"):
            run.paused = command == "pause"
            await self._send_text(protocol.status(
                "paused" if run.paused else "running",
                "Your teacher has paused the session." if run.paused else "Carry on."))
        elif command == "end":
            await self._finish(reason="Your teacher has ended the session.")


@database_sync_to_async
def _stored_assessment(participant_id: int) -> dict[str, Any] | None:
    from resilience.live.models import Participant

    return Participant.objects.filter(pk=participant_id).values_list(
        "assessment", flat=True).first()


@database_sync_to_async
def _instructor_session(user: Any, code: str) -> dict[str, Any] | None:
    from django.http import Http404

    from resilience.live.access import get_session_for_instructor

    if not user.is_authenticated:
        return None
    try:
        session = get_session_for_instructor(user, code)
    except Http404:
        return None
    return {"id": session.pk, "roster": [
        {"id": p.pk, "name": p.name, "connected": False, "status": "finished" if p.finished
         else "not connected", "t": 0, "errors": 0, "alerts": 0,
         "finished": p.finished is not None, "score": p.score}
        for p in session.participants.all()
    ]}


class InstructorConsumer(FastDispatchMixin, AsyncWebsocketConsumer):
    """Read-only feed for the instructor view: the roster and alerts."""

    session_id: int | None = None

    async def connect(self) -> None:
        code = str(self.scope["url_route"]["kwargs"]["code"]).upper()
        info = await _instructor_session(self.scope["user"], code)
        await self.accept()
        if info is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.session_id = info["id"]
        await self.channel_layer.group_add(instructor_group(info["id"]), self.channel_name)
        await self.send(text_data=json.dumps({"type": "roster", "learners": info["roster"]}))
        for run in RUNTIME.runs.values():
            if run.session_id == info["id"]:
                await self.send(text_data=json.dumps({"type": "learner",
                                                      "learner": run.summary()}))

    async def disconnect(self, code: int) -> None:
        if self.session_id is not None:
            await self.channel_layer.group_discard(instructor_group(self.session_id),
                                                   self.channel_name)

    async def websocket_receive(self, message: dict[str, Any]) -> None:
        await self.send(text_data=protocol.error("this feed is read-only; use the page's "
                                                 "buttons", "read-only"))

    async def instructor_alert(self, event: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps({"type": "alert", **event["alert"]}))

    async def instructor_learner(self, event: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps({"type": "learner", "learner": event["learner"]}))
