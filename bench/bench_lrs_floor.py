"""The floor under an xAPI write on this machine: what the parts cost with no LRS logic.

Three measures, each the same work an LRS cannot avoid, timed without ours around it:

1. **HTTP**: one keep-alive client and uvicorn answering a bare ASGI "hello" (no
   framework), then our server answering ``GET /xapi/about`` (Django's middleware and a
   view, no database), over loopback, as bench_lrs.py's client sends them.
2. **Storage**: the rows our LRS writes for a statement (the statement row and its eight
   lookup rows, in the schema ``resilience migrate`` creates) inserted with Python's
   ``sqlite3`` module alone, one statement per transaction and 100 per transaction, with
   ``synchronous`` FULL, NORMAL and OFF (OFF is not durable: it shows the cost of
   syncing).

    .venv/bin/python bench/bench_lrs_floor.py

Results and what they mean for the speed goals: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

from bench_lrs import _free_port
from machine import describe

RESILIENCE = str(Path(sys.executable).with_name("resilience"))
BIN = Path(sys.executable).parent


def _wait(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on port {port}")


def _round_trip(port: int, path: str, n: int = 3000) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(200):
        conn.request("GET", path)
        conn.getresponse().read()
    start = time.perf_counter()
    for _ in range(n):
        conn.request("GET", path)
        conn.getresponse().read()
    return (time.perf_counter() - start) / n * 1000


def http_floor() -> list[tuple[str, float]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    (folder / "hello.py").write_text(textwrap.dedent("""\
        async def app(scope, receive, send):
            if scope["type"] != "http":
                return
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"hello"})
        """))
    rows = []
    port = _free_port()
    proc = subprocess.Popen([str(BIN / "uvicorn"), "hello:app", "--port", str(port),
                             "--log-level", "warning", "--no-access-log"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port)
        rows.append(("uvicorn, bare ASGI hello: one GET round trip", _round_trip(port, "/")))
    finally:
        proc.terminate()
        proc.wait()
    env = {**os.environ, "RESILIENCE_DATA_DIR": str(folder / "data")}
    subprocess.run([RESILIENCE, "migrate", "-v0"], env=env, check=True)
    port = _free_port()
    proc = subprocess.Popen([RESILIENCE, "serve", "--port", str(port), "--workers", "1",
                             "--no-migrate"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait(port)
        rows.append(("Resilience, GET /xapi/about (Django, no database): round trip",
                     _round_trip(port, "/xapi/about")))
    finally:
        proc.terminate()
        proc.wait()
    return rows


def storage_floor() -> list[tuple[str, float]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-floor-db-"))
    env = {**os.environ, "RESILIENCE_DATA_DIR": str(folder)}
    env.pop("DATABASE_URL", None)
    subprocess.run([RESILIENCE, "migrate", "-v0"], env=env, check=True)
    template = (folder / "resilience.sqlite3").read_bytes()
    rows = []
    for sync in ("FULL", "NORMAL", "OFF"):
        path = folder / f"floor-{sync}.sqlite3"
        path.write_bytes(template)
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={sync}")
        db.execute("PRAGMA foreign_keys=ON")
        rng = random.Random(3)
        clock = [0]

        def store(n: int, db: sqlite3.Connection = db, rng: random.Random = rng,
                  clock: list[int] = clock) -> None:
            clock[0] += 1
            stored = f"2026-11-26 10:{clock[0] // 60000 % 60:02d}:{clock[0] // 1000 % 60:02d}" \
                     f".{clock[0] % 1000:03d}000"
            db.execute("BEGIN IMMEDIATE")
            for _ in range(n):
                sid = uuid.UUID(int=rng.getrandbits(128), version=4).hex
                actor = f"mbox:mailto:learner{rng.randrange(2000)}@example.org"
                act = f"https://w3id.org/xapi/resilience/scenarios/s{rng.randrange(20)}"
                verb = "http://adlnet.gov/expapi/verbs/completed"
                reg = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                data = json.dumps({"id": sid, "actor": actor, "verb": verb, "object": act,
                                   "pad": "x" * 600})
                pk = db.execute(
                    "INSERT INTO records_statement (statement_id, data, stored, verb_id, "
                    "actor_key, object_activity, registration, ref_target, voided, success, "
                    "competencies, has_attachments, organisation_id, credential_id, user_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 0, 1, 'gowning', 0, NULL, NULL, NULL) "
                    "RETURNING id", (sid, data, stored, verb, actor, act,
                                     reg.replace("-", ""))).fetchone()[0]
                db.executemany(
                    "INSERT INTO records_statement_lookup (value, kind, stored, statement_id) "
                    "VALUES (?, ?, ?, ?)",
                    [(v, k, stored, pk) for k, v in (
                        (5, verb), (1, actor), (2, actor), (3, act), (4, act),
                        (4, "https://w3id.org/xapi/resilience/competencies/gowning"),
                        (2, "account:https://resilience.example|bench"), (6, reg))])
            db.execute("COMMIT")

        for _ in range(20):
            store(100)  # warm up
        start = time.perf_counter()
        for _ in range(500):
            store(1)
        rows.append((f"1 statement a transaction, synchronous={sync}",
                     (time.perf_counter() - start) / 500 * 1000))
        start = time.perf_counter()
        for _ in range(60):
            store(100)
        rows.append((f"100 statements a transaction, synchronous={sync}",
                     (time.perf_counter() - start) / 60 * 1000))
        db.close()
    return rows


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    print(f"{describe()}\n")
    print("| floor | ms |\n|---|---|")
    for label, ms in http_floor() + storage_floor():
        print(f"| {label} | {ms:.3f} |")


if __name__ == "__main__":
    main()
