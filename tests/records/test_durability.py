"""Nothing acknowledged is lost: a real server is killed with SIGKILL in the middle of a
batch load, restarted, and every statement it acknowledged is still there; every batch is
stored whole or not at all."""

from __future__ import annotations

import base64
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

RESILIENCE = str(Path(sys.executable).with_name("resilience"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {**os.environ, "RESILIENCE_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    url = os.environ.get("DATABASE_URL")
    name = f"lrs_durability_{os.getpid()}"
    if url:  # a database of its own on the same server, dropped afterwards
        import psycopg

        admin = url.replace("postgres://", "postgresql://", 1)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
    yield env
    if url:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([RESILIENCE, "serve", "--port", str(port), "--workers", "1",
                             "--no-migrate"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/xapi/about", timeout=1):
                return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def _request(port: int, auth: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": auth, "X-Experience-API-Version": "1.0.3",
                 "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


@pytest.mark.parametrize("synchronous", ["FULL", "NORMAL"])
def test_statements_acknowledged_before_a_kill_9_survive_it(server_env: dict[str, str],
                                                             synchronous: str) -> None:
    """Both SQLITE_SYNCHRONOUS settings keep what was acknowledged when the process is
    killed (they differ only on a power cut, which a test cannot make)."""
    if synchronous != "FULL" and "DATABASE_URL" in server_env:
        pytest.skip("SQLITE_SYNCHRONOUS is for the embedded database")
    server_env["SQLITE_SYNCHRONOUS"] = synchronous
    subprocess.run([RESILIENCE, "migrate", "-v0"], env=server_env, check=True)
    out = subprocess.run([RESILIENCE, "lrs", "credentials", "create", "--name", "load",
                          "--scopes", "all"], env=server_env, check=True,
                         capture_output=True, text=True).stdout
    key = out.split("key: ")[1].split()[0]
    secret = out.split("secret: ")[1].split()[0]
    auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
    port = _free_port()
    proc = _start(server_env, port)

    acknowledged: set[str] = set()
    batches: list[list[str]] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            ids = [str(uuid.uuid4()) for _ in range(20)]
            batches.append(ids)
            batch = [{"id": i, "actor": {"mbox": "mailto:load@example.org"},
                      "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"},
                      "object": {"id": f"http://example.org/load/{n}"}}
                     for n, i in enumerate(ids)]
            try:
                if _request(port, auth, "POST", "/xapi/statements", batch) == ids:
                    acknowledged.update(ids)
            except (urllib.error.URLError, ConnectionError, OSError,
                    http.client.HTTPException):  # killed mid-answer: not acknowledged
                return

    workers = [threading.Thread(target=load) for _ in range(3)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 300 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)  # mid-load: requests are in flight
    proc.wait()
    stop.set()
    for w in workers:
        w.join(timeout=15)
    assert len(acknowledged) >= 300

    proc = _start(server_env, port)
    try:
        stored: set[str] = set()
        path = "/xapi/statements?limit=500"
        while path:
            page = _request(port, auth, "GET", path)
            stored |= {s["id"] for s in page["statements"]}
            path = page["more"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
    assert acknowledged <= stored, f"lost {len(acknowledged - stored)} acknowledged"
    for ids in batches:  # all or nothing
        present = sum(i in stored for i in ids)
        assert present in (0, len(ids)), f"a batch was stored in part ({present}/20)"
