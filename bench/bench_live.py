"""Load test of the live runtime: simulated learners over real WebSockets on loopback.

Starts ``resilience serve`` in a subprocess on a throw-away data folder, creates an open
session of the tablet-line scenario with N guest learners, connects N WebSocket clients
from this process, has every learner start the press and then turn the compression-force
dial about once a second, and measures, for each turn, the time from sending the action to
receiving the patch that shows the new value (action → patch). The line runs, so patches
also flow at up to 20 Hz per learner.

Usage::

    .venv/bin/python bench/bench_live.py             # 250, 500, 1000 learners, in-memory
    .venv/bin/python bench/bench_live.py --learners 1000 --redis --workers 2
    .venv/bin/python bench/bench_live.py --learners 100 --seconds 10   # quick check

Results go to stdout as a Markdown table row per level; see docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` and its children [s] (from /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            pass
    return total


def setup_session(data_dir: str, learners: int, redis: str | None) -> tuple[str, list[str]]:
    """Create an open session with ``learners`` guests; return its code and their cookies."""
    os.environ["RESILIENCE_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "resilience.config.settings"
    if redis:
        os.environ["REDIS_URL"] = redis
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore

    from resilience.live.consumers import GUEST_KEYS
    from resilience.live.models import LiveSession, Participant

    session = LiveSession.objects.create(scenario_id="tablet-line", mode="open")
    cookies = []
    for i in range(learners):
        p = Participant.objects.create(session=session, name=f"Learner {i}", seed=i + 1,
                                       guest_key=f"bench-{session.code}-{i}")
        store = SessionStore()
        store[GUEST_KEYS] = [p.guest_key]
        store.create()
        cookies.append(store.session_key)
    return session.code, cookies


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.patches = 0
        self.patch_bytes = 0
        self.max_patch_deflated = 0
        self.errors = 0
        self.connected = 0


async def learner(url: str, cookie: str, stats: Stats, until: float, measure_from: float) -> None:
    import websockets

    async with websockets.connect(url, additional_headers={"Cookie": f"sessionid={cookie}"},
                                  origin=url.replace("ws://", "http://").split("/ws/")[0],
                                  compression=None, max_size=2**22, open_timeout=60,
                                  ping_interval=None) as ws:
        scene = None
        while scene is None:
            message = json.loads(await ws.recv())
            if message["type"] == "scene":
                scene = message["scene"]
        stats.connected += 1
        force = next(a for a in scene["nodes"]["force"]["affordances"] if a["kind"] == "dial")
        values = [force["min"] + (force["max"] - force["min"]) * f for f in (0.45, 0.55)]
        await ws.send(json.dumps({"type": "action", "v": 1, "node": "start", "verb": "press"}))
        pending: tuple[float, float] | None = None
        next_action = time.monotonic() + random.uniform(0.5, 1.5)
        turn = 0
        while time.monotonic() < until:
            timeout = max(0.01, min(next_action, until) - time.monotonic())
            try:
                text = await asyncio.wait_for(ws.recv(), timeout)
            except TimeoutError:
                text = None
            now = time.monotonic()
            if text is not None:
                # Parse only what matters: the generator must not be the bottleneck.
                if text.startswith('{"type":"patch"'):
                    stats.patches += 1
                    if stats.patches % 97 == 0:
                        stats.max_patch_deflated = max(stats.max_patch_deflated,
                                                       len(zlib.compress(text.encode())))
                    if pending and '"force"' in text:
                        node = json.loads(text).get("nodes", {}).get("force")
                        if node and node.get("value") is not None \
                                and abs(node["value"] - pending[1]) < 1e-6:
                            if pending[0] >= measure_from:
                                stats.latencies.append(now - pending[0])
                            pending = None
                elif text.startswith('{"type":"error"'):
                    stats.errors += 1
            if pending is None and now >= next_action:
                turn += 1
                value = round(values[turn % 2], 1)
                pending = (time.monotonic(), value)
                await ws.send(json.dumps({"type": "action", "v": 1, "node": "force",
                                          "verb": "set", "value": value}))
                next_action = now + random.uniform(0.8, 1.2)


async def run_clients(base_ws: str, code: str, cookies: list[str], until: float,
                      measure_from: float) -> Stats:
    stats = Stats()
    tasks = []
    for index, cookie in enumerate(cookies):
        tasks.append(asyncio.create_task(learner(f"{base_ws}/ws/live/{code}/", cookie, stats,
                                                 until, measure_from)))
        if index % 25 == 24:
            await asyncio.sleep(0.25)  # ramp up: 100 connections a second per process
    results = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        print(f"  {len(failures)} learners failed, e.g. {failures[0]!r}", file=sys.stderr)
    return stats


def client_process(args: tuple[str, str, list[str], float, float]) -> dict[str, object]:
    """One load-generator process (several share the learners, so the generator is not
    the bottleneck); times are time.time() so processes agree."""
    base_ws, code, cookies, until_wall, from_wall = args
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    offset = time.monotonic() - time.time()
    stats = asyncio.run(run_clients(base_ws, code, cookies, until_wall + offset,
                                    from_wall + offset))
    return {"latencies": stats.latencies, "patches": stats.patches,
            "max_patch_deflated": stats.max_patch_deflated, "errors": stats.errors}


def run_level(base_ws: str, code: str, cookies: list[str], seconds: float, warmup: float,
              processes: int) -> Stats:
    from multiprocessing import get_context

    ramp = len(cookies) / (100 * processes)
    start = time.time()
    until, measure_from = start + ramp + warmup + seconds, start + ramp + warmup
    shares = [cookies[i::processes] for i in range(processes)]
    with get_context("spawn").Pool(processes) as pool:
        parts = pool.map(client_process, [(base_ws, code, share, until, measure_from)
                                          for share in shares])
    stats = Stats()
    for part in parts:
        stats.latencies += part["latencies"]  # type: ignore[operator]
        stats.patches += part["patches"]  # type: ignore[operator]
        stats.errors += part["errors"]  # type: ignore[operator]
        stats.max_patch_deflated = max(stats.max_patch_deflated,
                                       part["max_patch_deflated"])  # type: ignore[call-overload]
    return stats


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, nargs="*", default=[250, 500, 1000])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--redis", action="store_true", help="use the Redis channel layer")
    parser.add_argument("--clients", type=int, default=2,
                        help="load-generator processes (default 2)")
    args = parser.parse_args()
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14") if args.redis else None
    print("| layer | workers | learners | actions measured | p50 ms | p95 ms | p99 ms | "
          "patches/s | server CPU (cores) | max patch deflated (B) | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    # One data folder for the run: Django is configured once in this process.
    data_dir = tempfile.mkdtemp(prefix="resilience-bench-live-")
    for level in args.learners:
        port = free_port()
        env = {**os.environ, "RESILIENCE_DATA_DIR": data_dir, "WEB_WORKERS": str(args.workers)}
        if redis:
            env["REDIS_URL"] = redis
        server = subprocess.Popen([PY, "-m", "resilience", "serve", "--port", str(port)],
                                  env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            code, cookies = setup_session(data_dir, level, redis)
            cpu0, t0 = cpu_seconds(server.pid), time.monotonic()
            stats = run_level(f"ws://127.0.0.1:{port}", code, cookies, args.seconds,
                              args.warmup, args.clients)
            cpu = (cpu_seconds(server.pid) - cpu0) / (time.monotonic() - t0)
            elapsed = time.monotonic() - t0
            lat = [x * 1000 for x in stats.latencies]
            print(f"| {'redis' if redis else 'in-memory'} | {args.workers} | {level} | "
                  f"{len(lat)} | {percentile(lat, 50):.0f} | {percentile(lat, 95):.0f} | "
                  f"{percentile(lat, 99):.0f} | {stats.patches / elapsed:.0f} | {cpu:.2f} | "
                  f"{stats.max_patch_deflated} | {stats.errors} |", flush=True)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
