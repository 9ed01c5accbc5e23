"""The scenario catalogue: ids, metadata and teaching material."""

from __future__ import annotations

from pathlib import Path

import pytest

from resilience.sim import registry
from resilience.sim.engine import AUDIENCES, PRIORITY_AREAS, Session
from resilience.sim.registry import UnknownScenarioError, get_scenario

SLUG = "abcdefghijklmnopqrstuvwxyz0123456789-"


def test_unknown_scenario_lists_the_valid_ids() -> None:
    with pytest.raises(UnknownScenarioError, match=(
            "unknown scenario 'nope'; valid scenarios: grade-b-gowning, tablet-line, "
            "fed-batch-bioreactor")):
        get_scenario("nope")


@pytest.mark.parametrize("sid", registry.SCENARIO_IDS)
def test_metadata_is_complete(sid: str) -> None:
    sc = get_scenario(sid)
    m = sc.meta
    assert m.id == sid and m.title and m.summary and m.duration_min > 0
    assert set(m.audiences) <= AUDIENCES and m.audiences
    assert set(m.priority_areas) <= PRIORITY_AREAS and m.priority_areas
    assert m.curriculum and m.apprenticeships and m.comfort_notes
    assert all(a.code.startswith("ST") and a.version for a in m.apprenticeships)
    assert all(set(c) <= set(SLUG) for c in m.competencies)
    assert {"vr", "desktop", "screen-reader"} <= set(m.devices)
    assert len(m.faults) >= 3 and all(f.description for f in m.faults)
    for p in m.params:
        assert p.description and p.validate(p.default) == p.default
    s = Session(sc, 1)
    assert s.scene().caption
    assert m.to_json()["id"] == sid


@pytest.mark.parametrize("package", ["gowning", "tablet_line", "bioreactor"])
def test_each_scenario_ships_teaching_material(package: str) -> None:
    import resilience.sim.scenarios as pkg

    root = Path(pkg.__path__[0]) / package
    for name in ("objectives.md", "teacher_guide.md", "worksheet.md"):
        text = (root / name).read_text(encoding="utf-8")
        assert len(text) > 400, f"{package}/{name} is too thin"
