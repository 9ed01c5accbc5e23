"""Engine contract: parameters, actions, patches, the event log, replay and determinism."""

from __future__ import annotations

import json
import zlib
from typing import Any

import pytest

from resilience.sim.engine import (
    Action,
    ActionError,
    Assessment,
    Criterion,
    ParamError,
    ParamSpec,
    Pose,
    Session,
    SimError,
    validate_params,
)
from resilience.sim.registry import get_scenario
from resilience.sim.scene import Affordance, Node, Scene, apply_patch, quantise


def tablet_session(seed: int = 7) -> Session:
    s = Session(get_scenario("tablet-line"), seed, {"batch_size": 4000})
    s.apply(Action("fill_depth", "set", 10.17))
    s.apply(Action("force", "set", 20.0))
    s.apply(Action("speed", "set", 40.0))
    s.apply(Action("start", "press"))
    return s


def scripted(seed: int) -> Session:
    s = tablet_session(seed)
    s.run_for(5)
    s.inject_fault("low-hopper")
    s.run_for(10)
    s.apply(Action("refill", "press"))
    s.run_for(20)
    s.finish()
    return s


# Parameters --------------------------------------------------------------------------


def test_param_errors_name_the_field_and_the_valid_range() -> None:
    ph = ParamSpec("ph", "float", 7.0, 6.5, 7.6)
    with pytest.raises(ParamError, match=r"^ph must be between 6.5 and 7.6, got 15$"):
        ph.validate(15)
    force = ParamSpec("force_kn", "float", 10.0, 0.0, 60.0, "kN")
    with pytest.raises(ParamError, match=r"force_kn must be between 0 and 60 kN, got -5"):
        force.validate(-5)
    with pytest.raises(ParamError, match="must be a number"):
        force.validate("lots")
    with pytest.raises(ParamError, match="whole number"):
        ParamSpec("n", "int", 1, 1, 10).validate(2.5)
    with pytest.raises(ParamError, match="unknown parameter 'colour'; valid parameters: ph"):
        validate_params([ph], {"colour": "red"})
    assert validate_params([ph], None) == {"ph": 7.0}


def test_every_scenario_rejects_out_of_range_params_before_starting() -> None:
    with pytest.raises(ParamError, match=r"ph must be between 6\.5 and 7\.6, got 15"):
        Session(get_scenario("fed-batch-bioreactor"), 1, {"ph": 15})
    with pytest.raises(ParamError, match="force_kn must be between 0 and 60 kN, got -3"):
        Session(get_scenario("tablet-line"), 1, {"force_kn": -3})


# Actions ----------------------------------------------------------------------------


def test_actions_are_checked_against_the_node_affordances() -> None:
    s = tablet_session()
    n_log = len(s.log)
    with pytest.raises(ActionError, match=r"^unknown node 'x'$"):
        s.apply(Action("x", "press"))
    with pytest.raises(ActionError, match=r"value 99 is outside 0–60 kN"):
        s.apply(Action("force", "set", 99))
    with pytest.raises(ActionError, match="does not accept 'press'"):
        s.apply(Action("force", "press"))
    with pytest.raises(ActionError, match="verb must be one of"):
        s.apply({"node": "force", "verb": "smash"})
    assert len(s.log) == n_log  # refused input changes nothing


def test_poses_are_quantised_to_a_millimetre_and_validated() -> None:
    p = Pose(1.23456, (0.1234567, 1.6, 0.0))
    assert p.head == (0.123, 1.6, 0.0) and p.t == 1.235
    with pytest.raises(ActionError, match="three finite numbers"):
        Pose(0.0, (0.0, float("nan"), 0.0))


# Patches ----------------------------------------------------------------------------


def test_no_patch_when_nothing_changed() -> None:
    s = Session(get_scenario("tablet-line"), 1)
    first = s.patch()
    assert first is not None and first["type"] == "scene"
    s.run_for(1)
    assert s.patch() is None  # press stopped at set-up: nothing to send


def test_a_patch_carries_only_what_changed_with_a_sequence_number() -> None:
    s = Session(get_scenario("tablet-line"), 1)
    full = s.full()
    s.apply(Action("force", "set", 20.0))
    p = s.patch()
    assert p is not None and p["type"] == "patch" and p["seq"] == full["seq"] + 1
    assert set(p["nodes"]) == {"force"}
    assert set(p["nodes"]["force"]) == {"value", "text"}
    assert p["nodes"]["force"]["value"] == 20


def busy(scenario: str) -> tuple[Session, list[Action], str]:
    """A session about to do something visible, the actions to start it and a fault."""
    s = Session(get_scenario(scenario), 3)
    if scenario == "grade-b-gowning":
        return s, [Action("door_b", "press")], "door-open"
    if scenario == "tablet-line":
        return s, [Action("fill_depth", "set", 10.17), Action("force", "set", 20.0),
                   Action("start", "press")], "low-hopper"
    return s, [Action("feed", "set", 3.0)], "foaming"


@pytest.mark.parametrize("scenario", ["grade-b-gowning", "tablet-line", "fed-batch-bioreactor"])
def test_old_scene_plus_patches_equals_a_fresh_scene_at_every_tick(scenario: str) -> None:
    s, actions, fault = busy(scenario)
    scene: dict[str, Any] = s.full()["scene"]
    sizes = []
    for a in actions:
        s.apply(a)
    for i in range(1200):
        if i == 300:
            s.inject_fault(fault)
        if i % 2 == 0:
            s.pose(s.t, (0.8 * ((i // 40) % 2), 1.6, 0.0))  # walks to and fro
        s.tick(0.05)
        p = s.patch()
        if p is not None:
            sizes.append(len(zlib.compress(json.dumps(p).encode())))
            scene = apply_patch(scene, p)
        fresh = s.scene().to_json()
        assert scene["nodes"] == fresh["nodes"], f"stale scene after tick {i}"
        assert scene["caption"] == fresh["caption"]
    assert sizes and max(sizes) <= 2048
    assert len(sizes) < 1200 / 2  # most ticks send nothing


def test_scene_json_is_plain_and_quantised() -> None:
    s = tablet_session()
    s.run_for(10)
    d = s.scene().to_json()
    text = json.dumps(d)
    assert json.loads(text) == d
    assert quantise(352_123.7) == 352_100
    for n in d["nodes"].values():
        assert n["label"]
        if n["colour"] in ("vermillion", "bluish_green"):
            assert n.get("text"), f"{n['id']} shows state by colour only"


def test_scene_types_reject_bad_values() -> None:
    with pytest.raises(ValueError, match="colour must be one of"):
        Node("a", "box", "A", colour="red")
    with pytest.raises(ValueError, match="primitive must be one of"):
        Node("a", "teapot", "A")
    with pytest.raises(ValueError, match="needs min and max"):
        Affordance("dial")
    with pytest.raises(ValueError, match="duplicate node id"):
        Scene("x", [Node("a", "box", "A"), Node("a", "box", "A")]).to_json()


# Log, replay, determinism -----------------------------------------------------------


def test_ticks_are_logged_compactly() -> None:
    s = Session(get_scenario("tablet-line"), 1)
    s.run_for(50)
    assert s.log[1:] == [{"k": "tick", "dt": 0.05, "n": 1000}]


def test_same_seed_and_actions_give_identical_log_and_assessment() -> None:
    a, b = scripted(11), scripted(11)
    assert a.log == b.log
    assert a.assess().to_json() == b.assess().to_json()
    assert [e.to_json() for e in a.events] == [e.to_json() for e in b.events]
    c = scripted(12)
    assert c.assess().details["mean_mass_mg"] != a.assess().details["mean_mass_mg"]


@pytest.mark.parametrize("scenario", ["grade-b-gowning", "tablet-line", "fed-batch-bioreactor"])
def test_replay_of_the_log_rebuilds_the_session_exactly(scenario: str) -> None:
    sc = get_scenario(scenario)
    s = Session(sc, 5)
    first = {"grade-b-gowning": Action("locker", "press"),
             "tablet-line": Action("start", "press"),
             "fed-batch-bioreactor": Action("feed", "set", 3.0)}[scenario]
    s.apply(first)
    s.run_for(3)
    s.pose(s.t, (0.0, 1.6, 0.0))
    s.run_for(0.5, dt=0.1)
    s.pose(s.t, (0.5, 1.6, 0.1))
    s.inject_fault(sc.meta.faults[0].id)
    s.run_for(5)
    s.finish()
    log = json.loads(s.log_json())
    r = Session.replay(log)
    assert r.log == s.log
    assert r.assess().to_json() == s.assess().to_json()
    assert r.snapshot() == s.snapshot()
    assert r.scene().to_json() == s.scene().to_json()


def test_replay_refuses_a_log_without_a_start() -> None:
    with pytest.raises(SimError, match="must begin with a start entry"):
        Session.replay([{"k": "tick", "dt": 0.05, "n": 1}])


def test_faults_are_declared_and_unknown_faults_list_the_valid_ones() -> None:
    s = Session(get_scenario("tablet-line"), 1)
    with pytest.raises(SimError, match="valid faults: moisture-drift, punch-wear, low-hopper"):
        s.inject_fault("meteor")
    ev = s.inject_fault("punch-wear")
    assert ev[0].kind == "fault" and s.log[-1] == {"k": "fault", "id": "punch-wear"}


def test_ended_runs_refuse_actions() -> None:
    s = Session(get_scenario("tablet-line"), 1)
    s.finish()
    with pytest.raises(ActionError, match="the run has ended"):
        s.apply(Action("start", "press"))


def test_assessment_scores_weights_and_critical_criteria() -> None:
    a = Assessment.from_criteria("x", [
        Criterion("a", "A", True, "fine", weight=3, competencies=("gowning",)),
        Criterion("b", "B", False, "not done", weight=1, critical=True,
                  competencies=("aseptic-technique",)),
    ], 12.0)
    assert a.score == 75 and not a.passed
    assert a.improvements == ("B: not done",) and a.strengths == ("A: fine",)
    assert a.competencies == ("gowning",)
    assert json.loads(json.dumps(a.to_json()))["score"] == 75


def test_a_still_learner_does_not_grow_the_log() -> None:
    s = Session(get_scenario("grade-b-gowning"), 1)
    for i in range(600):  # 60 s of 10 Hz poses with 2 mm of head jitter
        s.tick(0.05)
        s.tick(0.05)
        s.pose(s.t, (0.002 * (i % 2), 1.6, 0.0))
    poses = [e for e in s.log if e["k"] == "pose"]
    assert len(poses) <= 61  # one a second keeps the speed estimate honest
    walking = Session(get_scenario("grade-b-gowning"), 1)
    for i in range(100):
        walking.tick(0.1)
        walking.pose(walking.t, (0.1 * i, 1.6, 0.0))  # 1 m/s: every sample matters
    assert len([e for e in walking.log if e["k"] == "pose"]) == 100


def test_the_log_can_be_read_incrementally() -> None:
    s = Session(get_scenario("grade-b-gowning"), 1)
    for i in range(50):
        s.tick(0.05)
        s.pose(s.t, (0.05 * i, 1.6, 0.0), right=(0.05 * i, 1.0, 0.3))
    s.apply(Action("locker", "press"))
    full = s.log
    assert s.log_size == len(full)
    for k in (0, 1, 7, len(full) - 1, len(full), len(full) + 5):
        assert s.log_from(k) == full[k:]
    assert "left" not in full[2] and full[2]["right"] == [0.0, 1.0, 0.3]
