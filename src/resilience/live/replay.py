"""Replay a learner's run from its input log, for the debrief."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from resilience.sim.engine import Session
from resilience.sim.registry import get_scenario


@dataclass
class ReplayView:
    at: float
    end: float
    scene: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    assessment: dict[str, Any] | None = None


def timeline(log: list[dict[str, Any]], seed: int, scenario_id: str,
             params: dict[str, Any], at: float = math.inf) -> ReplayView:
    """Rebuild the run; return its events, and the scene as it was at time ``at`` [s]."""
    full = Session.replay(log) if log else Session(get_scenario(scenario_id), seed, params)
    end = full.t
    events = [{"t": round(e.t, 1), "kind": e.kind, "code": e.code, "text": e.message}
              for e in full.events]
    if at >= end:
        scene = full.scene().to_json()
        at = end
    else:
        scene = _scene_at(log, at)
    return ReplayView(at=round(at, 1), end=round(end, 1), scene=scene, events=events,
                      assessment=full.assess().to_json() if full.state.finished else None)


def _scene_at(log: list[dict[str, Any]], at: float) -> dict[str, Any]:
    partial: list[dict[str, Any]] = [log[0]]
    t = 0.0
    for entry in log[1:]:
        if entry.get("k") == "tick":
            dt, n = float(entry["dt"]), int(entry.get("n", 1))
            take = min(n, max(0, math.floor((at - t) / dt + 1e-9)))
            if take:
                partial.append({**entry, "n": take})
            t += take * dt
            if take < n:
                break
        else:
            partial.append(entry)
    return Session.replay(partial).scene().to_json()
