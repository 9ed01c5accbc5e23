"""The client's scene store mirrors Python's ``apply_patch`` exactly: real scenes and
patches from all three scenarios, replayed by the client's own module under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from resilience.sim.engine import Action, Session
from resilience.sim.registry import get_scenario
from resilience.sim.scene import apply_patch

CLIENT = Path(__file__).resolve().parents[2] / "client"

SCRIPTS: dict[str, list[tuple[str, str, object]]] = {
    "grade-b-gowning": [("locker", "press", None), ("sink", "press", None),
                        ("facility_garments", "grab", "inside"),
                        ("facility_garments", "place", "body"), ("door_b", "press", None)],
    "tablet-line": [("fill_depth", "set", 10.2), ("force", "set", 20.0), ("start", "press", None)],
    "fed-batch-bioreactor": [("feed", "set", 3.0), ("sample", "press", None),
                             ("temperature", "set", 32.0)],
}


def record(scenario: str) -> dict[str, object]:
    s = Session(get_scenario(scenario), 3)
    full = s.full()
    patches = []
    for node, verb, value in SCRIPTS[scenario]:
        s.apply(Action(node, verb, value))  # type: ignore[arg-type]
        for _ in range(40):
            s.tick(0.05)
            p = s.patch()
            if p is not None:
                patches.append(p)
    expected = full["scene"]
    for p in patches:
        expected = apply_patch(expected, p)
    assert patches, "the script changed nothing"
    return {"scene": full["scene"], "patches": patches, "expected": expected}


@pytest.mark.parametrize("scenario", sorted(SCRIPTS))
def test_the_client_applies_real_patches_exactly_like_python(scenario: str,
                                                             tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the client's tests (it also builds the client)")
    fixture = tmp_path / "patches.json"
    fixture.write_text(json.dumps(record(scenario)))
    out = subprocess.run([node, "--test", "test/store.test.mjs"], cwd=CLIENT,
                         env={"PATCH_FIXTURE": str(fixture), "PATH": str(Path(node).parent)},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "# fail 0" in out.stdout


def test_the_production_bundle_has_no_emulator_and_fits_the_budget() -> None:
    out = CLIENT.parent / "src" / "resilience" / "static" / "client"
    if not (out / "manifest.json").exists():
        pytest.fail("The client is not built: run `make client`")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["minified"]
    assert manifest["first_load"]["gzip"] <= 250 * 1024
    app = (out / "app.js").read_text()
    assert "installRuntime" not in app and "metaQuest3" not in app  # IWER is test-only
    assert "installRuntime" in (out / "emulate.js").read_text()
    for profile in ("generic-trigger", "meta-quest-touch-plus", "oculus-touch-v3", "pico-4"):
        assert (out / "assets" / "input-profiles" / profile / "profile.json").exists()
