"""Parsing and checking of client messages (scene protocol v1, see docs/protocol.md).

These are fast hand-written checks on the hot path (every action and pose passes
through them). ``tests/live/test_protocol.py`` checks that they accept and refuse exactly
what the JSON Schema in ``protocol/schema.json`` does.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from resilience.sim.engine import Action, Event, Pose
from resilience.sim.scene import PROTOCOL_VERSION

MAX_FRAME_CHARS = 4096
CLIENT_TYPES = frozenset({"action", "pose", "ping", "resync", "finish"})
VERBS = frozenset({"press", "grab", "place", "set", "enter", "leave"})
_ACTION_KEYS = frozenset({"type", "v", "node", "verb", "value", "id"})
_POSE_KEYS = frozenset({"type", "v", "t", "head", "left", "right"})
_BARE_KEYS = {"ping": frozenset({"type", "v", "t"}), "resync": frozenset({"type", "v"}),
              "finish": frozenset({"type", "v"})}


class ProtocolError(ValueError):
    """A client message we refuse; the text is sent back to that client."""


@dataclass(frozen=True, slots=True)
class ClientMessage:
    type: str
    action: Action | None = None
    pose: Pose | None = None
    t: float | None = None
    id: int | None = None


def schema() -> dict[str, Any]:
    text = resources.files("resilience.live").joinpath("protocol/schema.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _vec3(x: Any) -> bool:
    return isinstance(x, list) and len(x) == 3 and all(_number(c) for c in x)


def parse(text: str | None) -> ClientMessage:
    """Parse one text frame from a learner's client.

    Raises
    ------
    ProtocolError
        With a message in plain words naming what is wrong.
    """
    if text is None:
        raise ProtocolError("send text frames containing JSON")
    if len(text) > MAX_FRAME_CHARS:
        raise ProtocolError(f"message too large ({len(text)} characters; limit "
                            f"{MAX_FRAME_CHARS})")
    try:
        msg = json.loads(text)
    except ValueError:
        raise ProtocolError("message is not valid JSON") from None
    if not isinstance(msg, dict):
        raise ProtocolError("message must be a JSON object")
    kind = msg.get("type")
    if kind not in CLIENT_TYPES:
        raise ProtocolError(f"unknown message type {kind!r}; expected one of "
                            f"{', '.join(sorted(CLIENT_TYPES))}")
    if msg.get("v") != PROTOCOL_VERSION:
        raise ProtocolError(f"protocol version must be {PROTOCOL_VERSION}, got {msg.get('v')!r}")
    if kind == "action":
        extra = set(msg) - _ACTION_KEYS
        if extra:
            raise ProtocolError(f"unexpected field(s) in action: {', '.join(sorted(extra))}")
        node, verb, value = msg.get("node"), msg.get("verb"), msg.get("value")
        if not isinstance(node, str) or not 1 <= len(node) <= 64:
            raise ProtocolError("action needs 'node', a node id")
        if verb not in VERBS:
            raise ProtocolError(f"action verb must be one of {', '.join(sorted(VERBS))}")
        if value is not None and not (_number(value) or isinstance(value, str)):
            raise ProtocolError("action value must be a number, a string or null")
        ident = msg.get("id")
        if ident is not None and (not isinstance(ident, int) or isinstance(ident, bool)):
            raise ProtocolError("action id must be a whole number")
        return ClientMessage("action", action=Action(node, verb, value), id=ident)
    if kind == "pose":
        extra = set(msg) - _POSE_KEYS
        if extra:
            raise ProtocolError(f"unexpected field(s) in pose: {', '.join(sorted(extra))}")
        if not _number(msg.get("t")):
            raise ProtocolError("pose needs 't', a time in seconds")
        if not _vec3(msg.get("head")):
            raise ProtocolError("pose needs 'head', three numbers in metres")
        for hand in ("left", "right"):
            if msg.get(hand) is not None and not _vec3(msg[hand]):
                raise ProtocolError(f"pose '{hand}' must be three numbers in metres or null")
        pose = Pose(float(msg["t"]), tuple(msg["head"]),  # type: ignore[arg-type]
                    tuple(msg["left"]) if msg.get("left") else None,  # type: ignore[arg-type]
                    tuple(msg["right"]) if msg.get("right") else None)  # type: ignore[arg-type]
        return ClientMessage("pose", pose=pose)
    extra = set(msg) - _BARE_KEYS[kind]
    if extra:
        raise ProtocolError(f"unexpected field(s) in {kind}: {', '.join(sorted(extra))}")
    t = msg.get("t")
    if "t" in msg and not _number(t):
        raise ProtocolError("'t' must be a number")
    return ClientMessage(kind, t=float(t) if t is not None else None)


def dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False)


def error(text: str, code: str = "bad-message") -> str:
    return dumps({"type": "error", "v": PROTOCOL_VERSION, "error": text, "code": code})


def caption(event: Event) -> dict[str, Any]:
    return {"type": "caption", "v": PROTOCOL_VERSION, "kind": event.kind, "code": event.code,
            "text": event.message, "t": round(event.t, 2)}


def status(state: str, message: str = "") -> str:
    return dumps({"type": "status", "v": PROTOCOL_VERSION, "status": state, "message": message})
