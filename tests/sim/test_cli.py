"""``resilience sim …`` command line, driven in-process."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from resilience.sim.cli import main


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_it_lists_the_scenarios() -> None:
    code, out, _ = cli("list")
    assert code == 0
    for sid in ("grade-b-gowning", "tablet-line", "fed-batch-bioreactor"):
        assert sid in out


def test_it_shows_params_and_faults() -> None:
    code, out, _ = cli("show", "tablet-line")
    meta = json.loads(out)
    assert code == 0
    assert {p["name"] for p in meta["params"]} >= {"force_kn", "fill_depth_mm", "speed_rpm"}
    assert {f["id"] for f in meta["faults"]} == {"moisture-drift", "punch-wear", "low-hopper"}


def test_it_runs_an_actions_file_and_prints_json(tmp_path: Path) -> None:
    actions = tmp_path / "a.jsonl"
    lines = [
        {"t": 0, "node": "fill_depth", "verb": "set", "value": 10.17},
        {"t": 0.5, "node": "force", "verb": "set", "value": 20},
        {"t": 1, "node": "speed", "verb": "set", "value": 40},
        {"t": 2, "node": "start", "verb": "press"},
        {"t": 20, "fault": "low-hopper"},
        {"t": 30, "node": "refill", "verb": "press"},
    ]
    actions.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    code, out, err = cli("run", "tablet-line", "--seed", "3", "--params",
                         '{"batch_size": 6000}', "--actions", str(actions), "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["state"]["released"] is True
    assert res["assessment"]["criteria"][0]["id"] == "release"
    assert any(c["id"] == "fault-low-hopper" and c["passed"]
               for c in res["assessment"]["criteria"])
    # Same seed, same file: same answer.
    assert cli("run", "tablet-line", "--seed", "3", "--params", '{"batch_size": 6000}',
               "--actions", str(actions), "--json")[1] == out


def test_it_accepts_a_json_list_of_actions(tmp_path: Path) -> None:
    actions = tmp_path / "a.json"
    actions.write_text(json.dumps([{"t": 1, "node": "locker", "verb": "press"},
                                   {"t": 2, "head": [0, 1.6, 0]},
                                   {"t": 5, "finish": True}]))
    code, out, err = cli("run", "grade-b-gowning", "--seed", "1", "--actions", str(actions))
    assert code == 0, err
    assert "FAIL" in out and "Annex 1 gowning order" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["run", "nope", "--seed", "1"], "unknown scenario 'nope'; valid scenarios: grade-b-gowning"),
    (["run", "fed-batch-bioreactor", "--seed", "1", "--params", '{"ph": 15}'],
     "ph must be between 6.5 and 7.6, got 15"),
    (["run", "tablet-line", "--seed", "1", "--params", '{"force_kn": -5}'],
     "force_kn must be between 0 and 60 kN, got -5"),
    (["run", "tablet-line", "--seed", "1", "--params", "{force"], "--params is not valid JSON"),
    (["run", "tablet-line", "--seed", "x"], "invalid int value"),
    (["batches", "grade-b-gowning", "--n", "5", "--out", "x.csv"], "batches are available for"),
    (["batches", "tablet-line", "--n", "0", "--out", "x.csv"], "--n must be between 1"),
])
def test_bad_input_is_one_clear_line_and_exit_2(argv: list[str], message: str) -> None:
    code, out, err = cli(*argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


@pytest.mark.parametrize(("content", "message"), [
    ('{"t": 0, "node": "force", "verb": "set", "value": 20}\n{"t": 1, "node":\n',
     "line 2"),
    ('{"node": "force", "verb": "set", "value": 20}\n', "'t' must be a time in seconds"),
    ('{"t": 0, "node": "x", "verb": "press"}\n', "unknown node 'x'"),
    ('{"t": 0, "node": "force", "verb": "set", "value": 99}\n', "value 99 is outside 0–60 kN"),
    ('{"t": 5, "node": "start", "verb": "press"}\n{"t": 1, "node": "start", "verb": "press"}\n',
     "earlier than the entry before"),
    ('{"t": 0, "fault": "meteor"}\n', "valid faults: moisture-drift"),
])
def test_malformed_action_files_are_refused_before_running(
        tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(content)
    code, out, err = cli("run", "tablet-line", "--seed", "1", "--actions", str(f), "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_tablet_batches_have_realistic_release_rates(tmp_path: Path) -> None:
    out_csv = tmp_path / "tablets.csv"
    code, _, err = cli("batches", "tablet-line", "--n", "400", "--seed", "1", "--out",
                       str(out_csv))
    assert code == 0, err
    rows = list(csv.DictReader(out_csv.open()))
    assert len(rows) == 400
    released = sum(r["released"] == "True" for r in rows) / len(rows)
    assert 0.85 <= released < 1.0
    rejected = [r for r in rows if r["released"] == "False"]
    assert all(r["reject_reasons"] for r in rejected)
    masses = [float(r["ipc_mean_mass_mg"]) for r in rows]
    assert 565 < sum(masses) / len(masses) < 585
    faulty = sum(bool(r["faults"]) for r in rows) / len(rows)
    assert 0.05 < faulty < 0.25  # 4 % + 3 % + 6 % per batch


def test_bioreactor_batches_land_in_industry_ranges(tmp_path: Path) -> None:
    out_csv = tmp_path / "bio.csv"
    code, _, err = cli("batches", "fed-batch-bioreactor", "--n", "200", "--seed", "2",
                       "--out", str(out_csv))
    assert code == 0, err
    rows = list(csv.DictReader(out_csv.open()))
    harvested = [r for r in rows if r["outcome"] == "harvested"]
    assert len(harvested) >= 180
    titres = [float(r["titre_g_l"]) for r in harvested]
    assert sum(1.0 <= t <= 10.0 for t in titres) / len(titres) > 0.9
    assert all(12.9 <= float(r["harvest_day"]) <= 14.6 for r in harvested)
