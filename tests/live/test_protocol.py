"""The server's fast message checks agree with the published JSON Schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resilience.live import protocol
from resilience.sim.engine import Session
from resilience.sim.registry import SCENARIO_IDS, get_scenario

SCHEMA = protocol.schema()


def validator(definition: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs":
                                            SCHEMA["$defs"]})


CLIENT = {kind: validator(f"client.{kind}") for kind in protocol.CLIENT_TYPES}

GOOD = [
    {"type": "action", "v": 1, "node": "press-force", "verb": "set", "value": 12.5},
    {"type": "action", "v": 1, "node": "door", "verb": "press", "value": None, "id": 3},
    {"type": "action", "v": 1, "node": "gown", "verb": "place", "value": "bench"},
    {"type": "pose", "v": 1, "t": 1.25, "head": [0, 1.6, 0], "left": None,
     "right": [0.2, 1.1, -0.3]},
    {"type": "ping", "v": 1, "t": 3.0},
    {"type": "resync", "v": 1},
    {"type": "finish", "v": 1},
]
BAD = [
    ({"type": "action", "v": 2, "node": "x", "verb": "press"}, "protocol version"),
    ({"type": "action", "v": 1, "verb": "press"}, "needs 'node'"),
    ({"type": "action", "v": 1, "node": "x", "verb": "smash"}, "verb must be"),
    ({"type": "action", "v": 1, "node": "x", "verb": "set", "value": [1]}, "value must be"),
    ({"type": "action", "v": 1, "node": "x", "verb": "press", "extra": 1}, "unexpected"),
    ({"type": "pose", "v": 1, "t": 1, "head": [0, 1]}, "three numbers"),
    ({"type": "pose", "v": 1, "head": [0, 1, 2]}, "needs 't'"),
    ({"type": "launch", "v": 1}, "unknown message type"),
    ({"type": "ping", "v": 1, "t": "soon"}, "'t' must be a number"),
]


@pytest.mark.parametrize("message", GOOD)
def test_it_accepts_what_the_schema_accepts(message: dict[str, Any]) -> None:
    CLIENT[message["type"]].validate(message)
    assert protocol.parse(json.dumps(message)).type == message["type"]


@pytest.mark.parametrize(("message", "words"), BAD)
def test_it_refuses_what_the_schema_refuses_with_a_reason(message: dict[str, Any],
                                                          words: str) -> None:
    kind = message.get("type")
    if kind in CLIENT:
        assert not CLIENT[kind].is_valid(message)
    with pytest.raises(protocol.ProtocolError, match=words):
        protocol.parse(json.dumps(message))


def test_it_refuses_oversized_and_non_json_frames() -> None:
    with pytest.raises(protocol.ProtocolError, match="too large"):
        protocol.parse(json.dumps({"type": "ping", "v": 1, "pad": "x" * 5000}))
    with pytest.raises(protocol.ProtocolError, match="not valid JSON"):
        protocol.parse("{nope")
    with pytest.raises(protocol.ProtocolError, match="JSON object"):
        protocol.parse("[1, 2]")


scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(-2, 2),
                    st.text(max_size=4))
messages = st.fixed_dictionaries(
    {"type": st.sampled_from(sorted(protocol.CLIENT_TYPES)), "v": st.sampled_from([1, 1, 2])},
    optional={"node": st.one_of(st.text(min_size=1, max_size=5), scalars),
              "verb": st.one_of(st.sampled_from(sorted(protocol.VERBS)), scalars),
              "value": scalars, "t": scalars,
              "head": st.one_of(st.lists(st.floats(-3, 3), min_size=2, max_size=4), scalars)},
)


@settings(max_examples=300, deadline=None)
@given(messages)
def test_the_fast_checks_agree_with_the_schema(message: dict[str, Any]) -> None:
    schema_ok = CLIENT[message["type"]].is_valid(message)
    try:
        protocol.parse(json.dumps(message))
        parsed_ok = True
    except protocol.ProtocolError:
        parsed_ok = False
    assert parsed_ok == schema_ok, message


def act_somehow(session: Session) -> None:
    """Make one valid learner action: the first control the scene offers that takes it."""
    from resilience.sim.engine import SimError

    for node_id, node in session.full()["scene"]["nodes"].items():
        for affordance in node.get("affordances", []):
            kind = affordance["kind"]
            action = ({"node": node_id, "verb": "press"} if kind == "press" else
                      {"node": node_id, "verb": "set", "value": affordance["max"]}
                      if kind in ("dial", "slider") else None)
            if action is None or node.get("visible") is False:
                continue
            try:
                session.apply(action)
                return
            except SimError:
                continue
    raise AssertionError("the scene offers no action a learner can take")


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_scene_and_patch_the_server_sends_matches_the_schema(scenario_id: str) -> None:
    scene_v, patch_v = validator("server.scene"), validator("server.patch")
    session = Session(get_scenario(scenario_id), 7)
    scene_v.validate(session.full())
    act_somehow(session)
    sent = 0
    for _ in range(100):
        session.tick(0.05)
        message = session.patch()
        if message is not None:
            patch_v.validate(message)
            sent += 1
    assert sent >= 1  # acting changed something visible
