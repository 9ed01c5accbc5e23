"""``resilience sim …``: list, show and run scenarios headless; generate batch histories.

Usage::

    python -m resilience.sim.cli list
    python -m resilience.sim.cli show tablet-line
    python -m resilience.sim.cli run tablet-line --seed 1 --params '{"force_kn": 20}' \\
        --actions actions.jsonl --json
    python -m resilience.sim.cli batches tablet-line --n 10000 --seed 1 --out batches.csv

An actions file is JSON lines or one JSON list. Each entry has a time ``t`` [s] and one of:
``{"node": id, "verb": verb, "value": v}`` (an action), ``{"head": [x, y, z], "left":
[...], "right": [...]}`` (a pose; its ``t`` is used as the pose time), ``{"fault": id}``
or ``{"finish": true}``. Entries must be in time order.

Bad input (unknown scenario, a parameter out of range, a malformed actions file) prints
one line ``error: …`` on stderr naming the field and its valid range, exits with 2 and
runs nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from resilience.sim.engine import Action, ActionError, Pose, SimError, validate_action
from resilience.sim.registry import SCENARIO_IDS, get_scenario

__all__ = ["main"]

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise SimError(message)


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="resilience sim", description="Run Resilience simulations headless.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("list", help="list the scenarios")
    show = sub.add_parser("show", help="show a scenario's metadata, parameters and faults")
    show.add_argument("scenario")
    run = sub.add_parser("run", help="run a scenario headless and print the assessment")
    run.add_argument("scenario")
    run.add_argument("--seed", type=int, required=True)
    run.add_argument("--params", default=None, help="parameters as a JSON object")
    run.add_argument("--actions", default=None, help="JSON lines or JSON list of actions")
    run.add_argument("--dt", type=float, default=0.05, help="tick length [s] (default 0.05)")
    run.add_argument("--until", type=float, default=None,
                     help="simulation time to run to [s] (default: twice the duration)")
    run.add_argument("--json", action="store_true", help="print JSON")
    bat = sub.add_parser("batches", help="write a CSV history of N batches")
    bat.add_argument("scenario")
    bat.add_argument("--n", type=int, required=True)
    bat.add_argument("--seed", type=int, default=0)
    bat.add_argument("--out", required=True)
    return p


BatchGenerator = Callable[[int, int], Iterator[dict[str, object]]]


def _batch_generators() -> dict[str, tuple[Sequence[str], BatchGenerator]]:
    from resilience.sim.scenarios.bioreactor import batches as bio
    from resilience.sim.scenarios.tablet_line import batches as tab

    return {"tablet-line": (tab.COLUMNS, tab.generate),
            "fed-batch-bioreactor": (bio.COLUMNS, bio.generate)}


def _parse_params(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        params = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SimError(f"--params is not valid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(params, dict):
        raise SimError("--params must be a JSON object such as {\"force_kn\": 20}")
    return params


Entry = tuple[float, str, Any]


def _parse_actions(path: str) -> list[Entry]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SimError(f"cannot read actions file {path}: {exc.strerror}") from None
    raw: list[tuple[int, Any]] = []
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SimError(f"actions file {path} line {exc.lineno}: {exc.msg}") from None
        raw = [(i + 1, x) for i, x in enumerate(items)]
        where = "entry"
    else:
        where = "line"
        for i, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw.append((i, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise SimError(f"actions file {path} line {i}: {exc.msg}") from None
    out: list[Entry] = []
    last_t = 0.0
    for i, item in raw:
        at = f"actions file {path} {where} {i}"
        if not isinstance(item, dict):
            raise SimError(f"{at}: each entry must be a JSON object")
        t = item.get("t")
        if isinstance(t, bool) or not isinstance(t, int | float) or t < 0:
            raise SimError(f"{at}: 't' must be a time in seconds, at least 0, got {t!r}")
        if t < last_t:
            raise SimError(f"{at}: 't' = {t} is earlier than the entry before ({last_t})")
        last_t = float(t)
        try:
            if "fault" in item:
                if not isinstance(item["fault"], str):
                    raise SimError("'fault' must be a fault id")
                out.append((float(t), "fault", item["fault"]))
            elif item.get("finish"):
                out.append((float(t), "finish", None))
            elif "head" in item:
                out.append((float(t), "pose", Pose.from_json(item)))
            else:
                out.append((float(t), "action", Action.from_json(item)))
        except SimError as exc:
            raise SimError(f"{at}: {exc}") from None
    return out


def _check_against_scene(scenario_id: str, seed: int, params: dict[str, Any],
                         entries: list[Entry]) -> None:
    """Reject unknown nodes, faults and out-of-range values before anything runs."""
    sc = get_scenario(scenario_id)
    scene = sc.scene(sc.start(seed, params))
    for t, kind, obj in entries:
        if kind == "fault":
            sc.meta.fault(str(obj))
        elif kind == "action":
            a: Action = obj
            node = scene.node(a.node_id)
            if node is None:
                raise ActionError(f"action at t={t:g} s: unknown node {a.node_id!r}")
            if node.affordances:
                try:
                    validate_action(scene, a)
                except ActionError as exc:
                    raise ActionError(f"action at t={t:g} s: {exc}") from None


def _cmd_list(out: TextIO) -> int:
    for sid in SCENARIO_IDS:
        m = get_scenario(sid).meta
        out.write(f"{m.id:<22} {m.duration_min:>3} min  {m.title}  "
                  f"[{', '.join(m.audiences)}]\n")
    return 0


def _cmd_show(scenario_id: str, out: TextIO) -> int:
    out.write(json.dumps(get_scenario(scenario_id).meta.to_json(), indent=2,
                         ensure_ascii=False) + "\n")
    return 0


def _cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    from resilience.sim.engine import Session

    sc = get_scenario(args.scenario)
    params = sc.params(_parse_params(args.params))
    if not 0 < args.dt <= 10:
        raise SimError(f"--dt must be between 0 and 10 s, got {args.dt:g}")
    entries = _parse_actions(args.actions) if args.actions else []
    _check_against_scene(args.scenario, args.seed, params, entries)
    until = args.until if args.until is not None else sc.meta.duration_min * 120.0
    if until < 0:
        raise SimError(f"--until must be at least 0 s, got {until:g}")
    s = Session(sc, args.seed, params)
    for t, kind, obj in entries:
        while s.t + args.dt / 2 < t and not s.state.finished:
            s.tick(args.dt)
        try:
            if kind == "fault":
                s.inject_fault(str(obj))
            elif kind == "finish":
                s.finish()
            elif not s.state.finished or kind == "pose":
                s.apply(obj)
        except ActionError as exc:
            raise ActionError(f"action at t={t:g} s: {exc}") from None
    while s.t + args.dt / 2 < until and not s.state.finished:
        s.tick(args.dt)
    s.finish()
    a = s.assess()
    if args.json:
        keep = ("error", "excursion", "alert", "fault", "result")
        out.write(json.dumps({
            "scenario": sc.meta.id, "seed": args.seed, "params": params,
            "assessment": a.to_json(), "state": s.snapshot(),
            "events": [e.to_json() for e in s.events if e.kind in keep],
        }, ensure_ascii=False) + "\n")
    else:
        out.write(f"{sc.meta.title}: score {a.score}/100, "
                  f"{'PASS' if a.passed else 'FAIL'} ({a.time_taken_s:.0f} s)\n")
        for c in a.criteria:
            out.write(f"  [{'x' if c.passed else ' '}] {c.title}: {c.reason}\n")
    return 0


def _cmd_batches(args: argparse.Namespace, out: TextIO) -> int:
    gens = _batch_generators()
    if args.scenario not in gens:
        get_scenario(args.scenario)  # unknown id -> listing error
        raise SimError(f"batches are available for {', '.join(gens)}, not {args.scenario}")
    if not 1 <= args.n <= 1_000_000:
        raise SimError(f"--n must be between 1 and 1000000, got {args.n}")
    columns, generate = gens[args.scenario]
    path = Path(args.out)
    if not path.parent.exists():
        raise SimError(f"--out directory {path.parent} does not exist")
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(columns))
        w.writeheader()
        for row in generate(args.n, args.seed):
            w.writerow(row)
    out.write(f"wrote {args.n} batches to {path}\n")
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 2 bad input).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments after ``sim`` (default ``sys.argv[1:]``).
    out, err : text streams, optional
        Where to write output and errors (default stdout and stderr).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = _build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.command == "list":
            return _cmd_list(out)
        if args.command == "show":
            return _cmd_show(args.scenario, out)
        if args.command == "run":
            return _cmd_run(args, out)
        return _cmd_batches(args, out)
    except SimError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
