"""Benchmarks of the simulation library (budgets in docs/benchmarks-sim.md).

Run::

    .venv/bin/python bench/bench_sim.py            # full run, prints a Markdown table
    .venv/bin/python bench/bench_sim.py --quick    # fewer steps, fewer batches

Measures, pinned to one core where the OS allows it:

* median (and p95) time of one ``Scenario.step`` at 20 Hz (dt = 0.05 s) per scenario, in
  a busy state (learner in the grade B room with 10 Hz poses; press running; culture on
  day 5);
* median time of one ``Session.patch`` (scene build + diff) per scenario;
* memory held by one Session after 60 s of activity (tracemalloc);
* time to generate 10 000 batches with ``resilience sim batches``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from resilience.sim.engine import Action, Session
from resilience.sim.registry import get_scenario

BUDGET_STEP_US = 50.0
BUDGET_SESSION_KB = 100.0


def _pin_one_core() -> str:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    except (AttributeError, OSError):
        return "not pinned"


def busy_session(scenario: str, seed: int = 1) -> Session:
    """A session in the state where its step does the most work."""
    sc = get_scenario(scenario)
    params = {"batch_size": 500_000} if scenario == "tablet-line" else None
    s = Session(sc, seed, params)
    if scenario == "grade-b-gowning":
        for node in ("locker", "sink"):
            s.apply(Action(node, "press"))
        for g in ("facility_garments",):
            s.apply(Action(g, "grab", "inside"))
            s.apply(Action(g, "place", "body"))
        s.apply(Action("hand_rub", "press"))
        for g in ("inner_gloves", "mask", "hood", "coverall", "boots", "goggles",
                  "outer_gloves"):
            s.apply(Action(g, "grab", "inside"))
            s.apply(Action(g, "place", "body"))
        s.apply(Action("mirror", "press"))
        s.apply(Action("glove_spray", "press"))
        s.apply(Action("door_b", "press"))
    elif scenario == "tablet-line":
        s.apply(Action("fill_depth", "set", 10.17))
        s.apply(Action("force", "set", 20.0))
        s.apply(Action("speed", "set", 40.0))
        s.apply(Action("start", "press"))
    else:
        s.apply(Action("feed", "set", 3.0))
        while s.state.culture.time_h < 5 * 24:  # type: ignore[attr-defined]
            s.tick(0.5)
    return s


def _activity(s: Session, i: int) -> None:
    if s.scenario.meta.id == "grade-b-gowning" and i % 2 == 0:
        x = 1.0 + 0.8 * ((i // 2) % 40) / 40.0
        s.pose(s.t, (x, 1.6, 0.0))


def time_steps(scenario: str, n: int) -> dict[str, float]:
    s = busy_session(scenario)
    sc, st = s.scenario, s.state
    step = sc.step
    times: list[int] = []
    clock = time.perf_counter_ns
    restarts = 0
    for i in range(n):
        if st.finished:  # keep measuring a live run, never a finished one
            restarts += 1
            s = busy_session(scenario, seed=restarts + 1)
            st = s.state
        _activity(s, i)
        t0 = clock()
        step(st, 0.05)
        times.append(clock() - t0)
    times.sort()
    return {"median_us": statistics.median(times) / 1000,
            "p95_us": times[int(0.95 * len(times))] / 1000,
            "mean_us": sum(times) / len(times) / 1000, "restarts": restarts}


def time_patches(scenario: str, n: int) -> dict[str, float]:
    s = busy_session(scenario)
    s.full()
    times: list[int] = []
    sizes: list[int] = []
    sent = 0
    clock = time.perf_counter_ns
    import zlib

    for i in range(n):
        if s.state.finished:
            s = busy_session(scenario, seed=i)
            s.full()
        _activity(s, i)
        s.tick(0.05)
        t0 = clock()
        p = s.patch()
        times.append(clock() - t0)
        if p is not None:
            sent += 1
            sizes.append(len(zlib.compress(json.dumps(p, separators=(",", ":")).encode())))
    return {"median_us": statistics.median(times) / 1000,
            "patches_per_s": sent / (n * 0.05),
            "median_patch_bytes_deflated": statistics.median(sizes) if sizes else 0,
            "max_patch_bytes_deflated": max(sizes) if sizes else 0}


def session_memory(scenario: str, seconds: float = 60.0) -> dict[str, float]:
    tracemalloc.start()
    get_scenario(scenario)  # import and build the shared scenario object outside the count
    base = tracemalloc.take_snapshot()
    s = busy_session(scenario)
    for i in range(round(seconds / 0.05)):
        _activity(s, i)
        s.tick(0.05)
    snap = tracemalloc.take_snapshot()
    tracemalloc.stop()
    diff = sum(st.size_diff for st in snap.compare_to(base, "filename"))
    return {"kb_after_60s": diff / 1024, "log_entries": len(s.log), "seconds": seconds}


def time_batches(scenario: str, n: int) -> float:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "b.csv"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "resilience.sim.cli", "batches", scenario,
                        "--n", str(n), "--seed", "1", "--out", str(out)], check=True,
                       capture_output=True)
        return time.perf_counter() - t0


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model or platform.processor(),
            "python": platform.python_version(), "platform": platform.platform()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    pin = _pin_one_core()
    steps = 5_000 if args.quick else 40_000
    n_batches = 1_000 if args.quick else 10_000
    ids = ("grade-b-gowning", "tablet-line", "fed-batch-bioreactor")
    res: dict[str, Any] = {"machine": machine(), "pinning": pin, "steps": steps}
    for sid in ids:
        full_s = get_scenario(sid).meta.duration_min * 60.0
        res[sid] = {"step": time_steps(sid, steps), "patch": time_patches(sid, steps // 4),
                    "memory": session_memory(sid),
                    "memory_full": session_memory(sid, full_s)}
    for sid in ("tablet-line", "fed-batch-bioreactor"):
        res[sid]["batches_s"] = time_batches(sid, n_batches)
    res["n_batches"] = n_batches
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    m = res["machine"]
    print(f"Machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']} ({pin})\n")
    print("| scenario | step median µs | step mean µs | step p95 µs | patch median µs | "
          "patches/s | "
          "patch median B (deflated) | patch max B | session KB after 60 s | "
          "session KB after the full duration | "
          f"{n_batches:,} batches s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    for sid in ids:
        r = res[sid]
        b = r.get("batches_s")
        ok &= r["step"]["median_us"] <= BUDGET_STEP_US
        ok &= r["memory"]["kb_after_60s"] <= BUDGET_SESSION_KB
        print(f"| {sid} | {r['step']['median_us']:.1f} | {r['step']['mean_us']:.1f} | "
              f"{r['step']['p95_us']:.1f} | "
              f"{r['patch']['median_us']:.0f} | {r['patch']['patches_per_s']:.1f} | "
              f"{r['patch']['median_patch_bytes_deflated']:.0f} | "
              f"{r['patch']['max_patch_bytes_deflated']:.0f} | "
              f"{r['memory']['kb_after_60s']:.1f} | {r['memory_full']['kb_after_60s']:.1f} | "
              f"{'' if b is None else f'{b:.1f}'} |")
    print(f"\nBudgets: step ≤ {BUDGET_STEP_US:.0f} µs median, session ≤ "
          f"{BUDGET_SESSION_KB:.0f} KB: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
