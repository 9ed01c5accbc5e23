"""Benchmark the xAPI LRS over loopback, side by side with another LRS in the same run.

Measures statements/s for single-statement POSTs (one client, then four) and for batches
of 100, and GET latency (p50/p95) for the common queries: unfiltered, by agent, by
activity, by verb, since. Every request body is prepared before its phase is timed, so
the time is the LRS's; the same client code talks to both LRSs.

    .venv/bin/python bench/bench_lrs.py                            # ours alone (SQLite)
    .venv/bin/python bench/bench_lrs.py --peer http://127.0.0.1:8100/xAPI \\
        --peer-user USER --peer-password PASS --peer-name "Ralph 5.1.0" --rounds 3
    .venv/bin/python bench/bench_lrs.py --preload 1000000 --no-writes   # GETs at 1 M
    .venv/bin/python bench/bench_lrs.py --breakdown                # where the time goes

Our server is started on a throw-away SQLite data folder (one worker), or on the empty
database DATABASE_URL names. ``--preload N`` first stores N statements in every LRS
through its own API (batches of 500, not timed). Each phase stops after its request
count or ``--cap`` seconds, whichever comes first, so a slow LRS still finishes.
Each round is printed with the number of statements each LRS held at its start (an LRS
whose cost grows with its store shows it). Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from machine import describe

RESILIENCE = str(Path(sys.executable).with_name("resilience"))
LEARNERS = 2_000
ACTIVITIES = 20
VERBS = ["http://adlnet.gov/expapi/verbs/attempted", "http://adlnet.gov/expapi/verbs/completed",
         "http://adlnet.gov/expapi/verbs/passed", "http://adlnet.gov/expapi/verbs/failed"]


def statement(rng: random.Random) -> dict[str, Any]:
    """A realistic statement: one of 2,000 learners, 20 scenarios and 4 verbs."""
    learner, scenario, verb = (rng.randrange(LEARNERS), rng.randrange(ACTIVITIES),
                               rng.randrange(len(VERBS)))
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "actor": {"objectType": "Agent", "mbox": f"mailto:learner{learner}@example.org"},
        "verb": {"id": VERBS[verb], "display": {"en-GB": VERBS[verb].rsplit("/", 1)[1]}},
        "object": {"id": f"https://w3id.org/xapi/resilience/scenarios/s{scenario}",
                   "definition": {"name": {"en-GB": f"Scenario {scenario}"}}},
        "result": {"score": {"scaled": round(rng.random(), 2)}, "success": verb != 3,
                   "duration": f"PT{rng.randrange(60, 1800)}S"},
        "context": {"registration": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "contextActivities": {"category": [
                        {"id": "https://w3id.org/xapi/resilience/competencies/gowning"}]}},
        "timestamp": "2026-03-02T10:00:00Z",
    }


class Client:
    """One keep-alive HTTP connection to an LRS."""

    def __init__(self, endpoint: str, auth: str, version: str) -> None:
        url = urllib.parse.urlsplit(endpoint)
        self.host, self.port, self.base = url.hostname, url.port, url.path.rstrip("/")
        self.headers = {"Authorization": auth, "X-Experience-API-Version": version,
                        "Content-Type": "application/json"}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)

    def call(self, method: str, path: str, data: bytes | None = None) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.conn.request(method, self.base + path, body=data, headers=self.headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                if attempt == 2:
                    raise
                # the server closed an idle keep-alive connection: open a new one
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
        raise AssertionError("unreachable")

    def ok(self, method: str, path: str, data: bytes | None = None) -> bytes:
        status, body = self.call(method, path, data)
        if status != 200:
            raise SystemExit(f"{method} {path} answered {status}: {body[:300]!r}")
        return body


class LRS:
    def __init__(self, name: str, endpoint: str, auth: str, version: str) -> None:
        self.name, self.endpoint, self.auth, self.version = name, endpoint, auth, version

    def client(self) -> Client:
        return Client(self.endpoint, self.auth, self.version)


def _run_capped(bodies: list[Any], fn: Callable[[Any], None], cap: float) -> tuple[int, float,
                                                                                 list[float]]:
    """Call fn on each body until done or ``cap`` seconds; (count, seconds, latencies)."""
    latencies = []
    start = time.perf_counter()
    for body in bodies:
        t = time.perf_counter()
        fn(body)
        latencies.append(time.perf_counter() - t)
        if t - start > cap:
            break
    return len(latencies), time.perf_counter() - start, latencies


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]


def measure(lrs: LRS, rng: random.Random, args: argparse.Namespace) -> dict[str, float]:
    out: dict[str, float] = {"written": 1}
    client = lrs.client()
    client.ok("POST", "/statements", json.dumps(statement(rng)).encode())  # warm up
    if not args.no_writes:
        singles = [json.dumps(statement(rng)).encode() for _ in range(args.singles)]
        n, seconds, lat = _run_capped(singles, lambda b: client.ok("POST", "/statements", b),
                                      args.cap)
        out["single POST, 1 client: statements/s"] = n / seconds
        out["written"] += n
        out["single POST, 1 client: p50 ms"] = statistics.median(lat) * 1000

        per_thread = args.singles // args.threads
        bodies = [[json.dumps(statement(rng)).encode() for _ in range(per_thread)]
                  for _ in range(args.threads)]
        counts = [0] * args.threads

        def worker(k: int) -> None:
            c = lrs.client()
            counts[k] = _run_capped(bodies[k], lambda b: c.ok("POST", "/statements", b),
                                    args.cap)[0]

        t = time.perf_counter()
        pool = [threading.Thread(target=worker, args=(k,)) for k in range(args.threads)]
        for p in pool:
            p.start()
        for p in pool:
            p.join()
        out[f"single POST, {args.threads} clients: statements/s"] = (
            sum(counts) / (time.perf_counter() - t))
        out["written"] += sum(counts)

        batches = [json.dumps([statement(rng) for _ in range(100)]).encode()
                   for _ in range(args.batches)]
        n, seconds, lat = _run_capped(batches, lambda b: client.ok("POST", "/statements", b),
                                      args.cap)
        out["batch of 100: statements/s"] = n * 100 / seconds
        out["written"] += n * 100
        out["batch of 100: p50 ms"] = statistics.median(lat) * 1000

    since = urllib.parse.quote(args.since)
    queries: list[tuple[str, Callable[[int], str]]] = [
        ("GET ?limit=10", lambda i: "/statements?limit=10"),
        ("GET ?agent=…", lambda i: "/statements?limit=10&agent=" + urllib.parse.quote(
            json.dumps({"mbox": f"mailto:learner{(i * 7919) % LEARNERS}@example.org"}))),
        ("GET ?activity=…", lambda i: "/statements?limit=10&activity=" + urllib.parse.quote(
            f"https://w3id.org/xapi/resilience/scenarios/s{i % ACTIVITIES}")),
        ("GET ?verb=…", lambda i: "/statements?limit=10&verb="
         + urllib.parse.quote(VERBS[i % len(VERBS)])),
        ("GET ?since=…", lambda i: f"/statements?limit=10&since={since}"),
        ("GET ?agent=…&verb=…", lambda i: "/statements?limit=10&agent=" + urllib.parse.quote(
            json.dumps({"mbox": f"mailto:learner{(i * 7919) % LEARNERS}@example.org"}))
         + "&verb=" + urllib.parse.quote(VERBS[3])),
    ]
    for label, path in queries:
        paths = [path(i) for i in range(args.gets)]
        n, seconds, lat = _run_capped(paths, lambda p: client.ok("GET", p), args.cap)
        out[f"{label} p50 ms"] = statistics.median(lat) * 1000
        out[f"{label} p95 ms"] = _p95(lat) * 1000
    return out


def preload(lrs: LRS, n: int, rng: random.Random) -> float:
    """Store n statements through the LRS's API in batches of 500; statements/s."""
    client = lrs.client()
    start = time.perf_counter()
    done = 0
    while done < n:
        size = min(500, n - done)
        client.ok("POST", "/statements", json.dumps([statement(rng) for _ in range(size)])
                  .encode())
        done += size
        if done % 50_000 == 0:
            print(f"  {lrs.name}: {done:,} of {n:,} stored "
                  f"({done / (time.perf_counter() - start):,.0f}/s)", file=sys.stderr)
    return n / (time.perf_counter() - start) if n else 0.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def analyse_ours() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load, as autovacuum would in
    production (it is switched off on some machines; stale statistics made the planner
    hash 250,000 rows for a two-filter query: 650 ms instead of 6 ms)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        subprocess.run([RESILIENCE, "shell", "-c", "from django.db import connection\n"
                        "connection.cursor().execute('ANALYZE')"],
                       env={**os.environ, "RESILIENCE_DATA_DIR": tempfile.mkdtemp()},
                       check=True)


def start_ours(version: str) -> tuple[subprocess.Popen[bytes], LRS]:
    data = tempfile.mkdtemp(prefix="bench-lrs-")
    env = {**os.environ, "RESILIENCE_DATA_DIR": data}
    subprocess.run([RESILIENCE, "migrate", "-v0"], env=env, check=True)
    out = subprocess.run([RESILIENCE, "lrs", "credentials", "create", "--name", "bench",
                          "--scopes", "all"], env=env, check=True, capture_output=True,
                         text=True).stdout
    key, secret = out.split("key: ")[1].split()[0], out.split("secret: ")[1].split()[0]
    port = _free_port()
    proc = subprocess.Popen([RESILIENCE, "serve", "--port", str(port), "--workers", "1",
                             "--no-migrate"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
    return proc, LRS("Resilience", f"http://127.0.0.1:{port}/xapi", auth, version)


def breakdown() -> None:
    """Time the parts of storing statements in-process (SQLite in a temporary folder)."""
    os.environ["RESILIENCE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-lrs-parts-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from resilience.records.xapi import validate
    from resilience.records.xapi.store import Principal, store_statements

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    who = Principal(authority={"objectType": "Agent", "mbox": "mailto:bench@example.org"},
                    scopes=frozenset({"all"}))
    rows = []

    def timed(label: str, fn: Callable[[], Any], n: int, per: int = 1) -> None:
        fn()
        t = time.perf_counter()
        for _ in range(n):
            fn()
        ms = (time.perf_counter() - t) / n * 1000
        rows.append((label, ms, ms / per))

    single = statement(rng)
    batch = [statement(rng) for _ in range(100)]
    text_single, text_batch = json.dumps(single), json.dumps(batch)
    timed("decode the JSON body, 1 statement", lambda: json.loads(text_single), 2000)
    timed("decode the JSON body, 100 statements", lambda: json.loads(text_batch), 200, 100)
    timed("validate, 1 statement", lambda: validate.statement(single, False), 2000)
    timed("validate, 100 statements",
          lambda: [validate.statement(s, False) for s in batch], 200, 100)

    def fresh(k: int) -> list[dict[str, Any]]:
        return [statement(rng) for _ in range(k)]

    pending = [fresh(1) for _ in range(501)]
    timed("store 1 statement (one transaction, synced to disk)",
          lambda: store_statements(pending.pop(), who, version="1.0.3"), 500)
    pending = [fresh(100) for _ in range(51)]
    timed("store 100 statements (one transaction, synced to disk)",
          lambda: store_statements(pending.pop(), who, version="1.0.3"), 50, 100)

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_scratch (n integer)")

    def tiny_commit() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_scratch (n) VALUES (1)")

    timed("a one-row write transaction (mostly the commit's sync to disk)", tiny_commit, 500)
    print("| part | ms | ms per statement |\n|---|---|---|")
    for label, ms, each in rows:
        print(f"| {label} | {ms:.3f} | {each:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer", help="another LRS's endpoint, measured in the same run")
    parser.add_argument("--peer-user")
    parser.add_argument("--peer-password")
    parser.add_argument("--peer-name", default="peer")
    parser.add_argument("--xapi-version", default="1.0.3")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--preload", type=int, default=0)
    parser.add_argument("--singles", type=int, default=400)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--gets", type=int, default=200)
    parser.add_argument("--cap", type=float, default=30.0, help="seconds per phase at most")
    parser.add_argument("--no-writes", action="store_true", help="measure the GETs only")
    parser.add_argument("--breakdown", action="store_true",
                        help="time the parts of a store in-process instead")
    args = parser.parse_args()
    if args.breakdown:
        breakdown()
        return
    proc, ours = start_ours(args.xapi_version)
    lrss = [ours]
    if args.peer:
        auth = "Basic " + base64.b64encode(
            f"{args.peer_user}:{args.peer_password}".encode()).decode()
        lrss.append(LRS(args.peer_name, args.peer, auth, args.xapi_version))
    results: dict[str, list[dict[str, float]]] = {lrs.name: [] for lrs in lrss}
    try:
        rng = random.Random(1)
        # an hour ago: every statement of the run (and any preloaded) is newer
        args.since = (datetime.now(UTC) - timedelta(hours=1)).isoformat(
            timespec="milliseconds").replace("+00:00", "Z")
        for lrs in lrss:
            rate = preload(lrs, args.preload, random.Random(2))
            if args.preload:
                print(f"{lrs.name}: preloaded {args.preload:,} statements at {rate:,.0f}/s",
                      file=sys.stderr)
        if args.preload:
            analyse_ours()
        for r in range(args.rounds):
            for lrs in lrss:
                results[lrs.name].append(measure(lrs, rng, args))
                print(f"round {r + 1}: {lrs.name} measured", file=sys.stderr)
    finally:
        proc.terminate()
        proc.wait()
    names = list(results)
    print(f"\n{describe()}; {args.preload:,} statements preloaded")
    stored = dict.fromkeys(names, args.preload)
    for r in range(args.rounds):
        before = " / ".join(f"{stored[n]:,}" for n in names)
        print(f"\nRound {r + 1}: statements stored at its start: {before}\n")
        header = "| measure | " + " | ".join(names) + (" | ratio |" if len(names) == 2
                                                       else " |")
        print(header + "\n|" + "---|" * (header.count("|") - 1))
        for label in results[names[0]][r]:
            if label == "written":
                continue
            values = [results[n][r][label] for n in names]
            cells = " | ".join(f"{v:,.1f}" for v in values)
            ratio = ""
            if len(values) == 2 and min(values) > 0:
                faster = (values[0] / values[1] if "statements/s" in label
                          else values[1] / values[0])
                ratio = f" | {faster:.1f}×"
            print(f"| {label} | {cells}{ratio} |")
        for n in names:
            stored[n] += int(results[n][r]["written"])

if __name__ == "__main__":
    main()
