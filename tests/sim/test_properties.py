"""Property tests: parsers refuse junk cleanly; patches always rebuild the scene."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from resilience.sim.engine import Action, ParamSpec, Pose, SimError
from resilience.sim.scene import apply_patch, diff_nodes

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=10,
)


@given(st.dictionaries(st.sampled_from(["node", "verb", "value", "t", "head", "left", "x"]),
                       json_values, max_size=5))
def test_action_and_pose_parsers_raise_only_sim_errors(d: dict[str, Any]) -> None:
    for parse in (Action.from_json, Pose.from_json):
        with contextlib.suppress(SimError):
            parse(d)


@given(json_values)
def test_param_validation_raises_only_param_errors_naming_the_field(v: Any) -> None:
    spec = ParamSpec("force_kn", "float", 10.0, 0.0, 60.0, "kN")
    try:
        out = spec.validate(v)
    except SimError as exc:
        assert str(exc).startswith("force_kn must be")
    else:
        assert 0.0 <= out <= 60.0  # type: ignore[operator]


node_fields = st.dictionaries(
    st.sampled_from(["label", "text", "value", "colour", "position", "series"]),
    st.integers(-3, 3) | st.text(max_size=3) | st.lists(st.integers(0, 3), max_size=3),
    max_size=6,
)
node_maps = st.dictionaries(st.sampled_from(list("abcdef")), node_fields, max_size=6)


@settings(max_examples=200)
@given(node_maps, node_maps)
def test_a_patch_turns_any_old_scene_into_the_new_one(old: dict[str, Any],
                                                       new: dict[str, Any]) -> None:
    changed, removed = diff_nodes(old, new)
    patch = {"nodes": changed, "removed": removed}
    patch = json.loads(json.dumps(patch))  # it goes over the wire
    rebuilt = apply_patch({"nodes": old}, patch)
    assert rebuilt["nodes"] == new
