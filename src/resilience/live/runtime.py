"""The live runtime: one tick task per worker process steps every run that process holds.

DESIGN.md's measurements on these machines drive the shape: one asyncio task per
learner costs too much at 1,000 learners, so a single task wakes 20 times a second, steps
every run, and sends a patch only when something visible changed, yielding to the event
loop every :data:`YIELD_EVERY` runs. A learner's run lives in the worker that holds their
socket; a reconnect that lands elsewhere rebuilds it from the input log in the database.
Nothing here touches the database on the tick path: logs are written in batches every
:data:`PERSIST_EVERY_S` seconds (and at once on disconnect and at the end), off the loop.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from resilience.live import protocol
from resilience.sim.engine import Event, Session
from resilience.sim.registry import get_scenario

log = logging.getLogger("resilience.live")

TICK_HZ = 20
DT = 1.0 / TICK_HZ
YIELD_EVERY = 200
PERSIST_EVERY_S = 5.0
ROSTER_EVERY_S = 1.0
EVICT_AFTER_S = 600.0
ALERT_KINDS = frozenset({"error", "excursion", "alert", "fault", "result", "done"})

Sender = Callable[[str], Awaitable[None]]


def instructor_group(session_id: int) -> str:
    return f"live-{session_id}-instructor"


def learners_group(session_id: int) -> str:
    return f"live-{session_id}-learners"


@dataclass(eq=False)
class LearnerRun:
    """One learner's simulation in this process."""

    participant_id: int
    session_id: int
    name: str
    sim: Session
    send: Sender | None = None
    paused: bool = False
    log_len_saved: int = 0
    chunk_seq: int = 0
    dirty: bool = False
    summary_sent: dict[str, Any] = field(default_factory=dict)
    alerts: int = 0
    errors: int = 0
    last_seen: float = field(default_factory=time.monotonic)

    def summary(self) -> dict[str, Any]:
        state = self.sim.state
        return {
            "id": self.participant_id,
            "name": self.name,
            "connected": self.send is not None,
            "status": self.sim.scene().status if not state.finished else "finished",
            "t": round(state.t),
            "errors": self.errors,
            "alerts": self.alerts,
            "finished": bool(state.finished),
        }


class Runtime:
    """Holds this process's runs and the tick task that steps them."""

    def __init__(self) -> None:
        self.runs: dict[int, LearnerRun] = {}
        self._task: asyncio.Task[None] | None = None
        self._last_persist = time.monotonic()
        self._last_roster = time.monotonic()
        self.tick_seconds = 0.0  # time spent in the last tick, for the load test

    # -- runs -----------------------------------------------------------------------

    def ensure_started(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._loop(),
                                                                name="resilience-ticker")

    def get(self, participant_id: int) -> LearnerRun | None:
        return self.runs.get(participant_id)

    def build(self, participant_id: int, session_id: int, name: str, scenario_id: str,
              seed: int, params: dict[str, Any], stored_log: list[dict[str, Any]],
              chunks: int = 0) -> LearnerRun:
        """Create (or rebuild from its stored log) a learner's run. Pure CPU; no I/O."""
        existing = self.runs.get(participant_id)
        if existing is not None:
            return existing
        if stored_log:
            sim = Session.replay(stored_log)
        else:
            sim = Session(get_scenario(scenario_id), seed, params)
        run = LearnerRun(participant_id, session_id, name, sim,
                         log_len_saved=len(stored_log), chunk_seq=chunks)
        self.runs[participant_id] = run
        return run

    def evict_idle(self) -> None:
        now = time.monotonic()
        for pid, run in list(self.runs.items()):
            if run.send is None and not run.dirty and now - run.last_seen > EVICT_AFTER_S:
                del self.runs[pid]

    # -- events ---------------------------------------------------------------------

    async def deliver(self, run: LearnerRun, events: list[Event]) -> None:
        """Send captions to the learner and alerts to the session's instructors."""
        if not events:
            return
        layer = get_channel_layer()
        for event in events:
            if event.kind == "error":
                run.errors += 1
            if event.kind in ALERT_KINDS:
                run.alerts += event.kind in ("excursion", "alert", "error")
                if layer is not None:
                    await layer.group_send(instructor_group(run.session_id), {
                        "type": "instructor.alert",
                        "alert": {"learner": run.participant_id, "name": run.name,
                                  "kind": event.kind, "code": event.code,
                                  "text": event.message, "t": round(event.t, 1)},
                    })
            await self.send(run, protocol.dumps(protocol.caption(event)))

    async def send(self, run: LearnerRun, text: str) -> None:
        """Send to the learner; a socket that has gone away detaches the run, so one
        disconnect can never stop the tick for everyone else."""
        sender = run.send
        if sender is None:
            return
        try:
            await sender(text)
        except Exception:  # the client went away between ticks
            if run.send is sender:
                run.send = None
                run.dirty = True
                run.last_seen = time.monotonic()

    async def flush_patch(self, run: LearnerRun) -> None:
        if run.send is None:
            return
        message = run.sim.patch()
        if message is not None:
            await self.send(run, protocol.dumps(message))

    # -- the loop -------------------------------------------------------------------

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        next_tick = loop.time()
        while True:
            next_tick += DT
            started = loop.time()
            try:
                await self.tick_all()
            except Exception:  # a bug in one tick must not stop every learner's session
                log.exception("tick failed")
            self.tick_seconds = loop.time() - started
            delay = next_tick - loop.time()
            if delay < 0:  # overloaded: don't try to catch up, keep the rate honest
                next_tick = loop.time()
                delay = 0
            await asyncio.sleep(delay)

    async def tick_all(self) -> None:
        for index, run in enumerate(list(self.runs.values())):
            if run.send is None:
                continue
            if not run.paused and not run.sim.state.finished:
                events = run.sim.tick(DT)
                run.dirty = True
                if events:
                    await self.deliver(run, events)
            await self.flush_patch(run)
            if index % YIELD_EVERY == YIELD_EVERY - 1:
                await asyncio.sleep(0)
        now = time.monotonic()
        if now - self._last_roster >= ROSTER_EVERY_S:
            self._last_roster = now
            await self.send_rosters()
        if now - self._last_persist >= PERSIST_EVERY_S:
            self._last_persist = now
            await self.persist_dirty()
            self.evict_idle()

    async def send_rosters(self) -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        for run in list(self.runs.values()):
            summary = run.summary()
            if summary != run.summary_sent:
                run.summary_sent = summary
                await layer.group_send(instructor_group(run.session_id),
                                       {"type": "instructor.learner", "learner": summary})

    @staticmethod
    def _new_chunk(run: LearnerRun) -> tuple[int, int, list[dict[str, Any]]] | None:
        """Take what the run logged since its last save (closing the current tick entry,
        so saved entries never change) as the next chunk."""
        run.dirty = False
        entries = run.sim.log_from(run.log_len_saved)
        if not entries:
            return None
        run.log_len_saved += len(entries)
        run.chunk_seq += 1
        return (run.participant_id, run.chunk_seq, entries)

    async def persist_dirty(self) -> None:
        chunks = [c for run in self.runs.values() if run.dirty
                  if (c := self._new_chunk(run)) is not None]
        if chunks:
            await save_chunks(chunks)

    async def persist(self, run: LearnerRun) -> None:
        chunk = self._new_chunk(run)
        if chunk is not None:
            await save_chunks([chunk])


@database_sync_to_async
def save_chunks(chunks: list[tuple[int, int, list[dict[str, Any]]]]) -> None:
    from resilience.live.models import RunLogChunk

    RunLogChunk.objects.bulk_create(
        [RunLogChunk(participant_id=pid, seq=seq, entries=entries)
         for pid, seq, entries in chunks],
        ignore_conflicts=True,  # a finished run's chunks may already be gone
    )


#: The runtime of this worker process.
RUNTIME = Runtime()
