"""Benchmark the xAPI LRS on loopback: statements/s for single POSTs and batches of 100,
and GET latency. Optionally the same against another LRS (e.g. Ralph) side by side.

    .venv/bin/python bench/bench_lrs.py                      # starts our server itself
    .venv/bin/python bench/bench_lrs.py --endpoint http://127.0.0.1:8100/xAPI \
        --user USER --password PASS --name ralph             # any running LRS

Starting our server uses a throw-away data folder (SQLite) unless DATABASE_URL is set
(then it must name an empty database). Results go to stdout as a Markdown table row set;
docs/benchmarks-lrs.md records them.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

RESILIENCE = str(Path(sys.executable).with_name("resilience"))


def statement(n: int) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:learner{n % 200}@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed",
                 "display": {"en-GB": "completed"}},
        "object": {"id": f"https://w3id.org/xapi/resilience/scenarios/s{n % 20}",
                   "definition": {"name": {"en-GB": f"Scenario {n % 20}"}}},
        "result": {"score": {"scaled": 0.8}, "success": True, "duration": "PT412S"},
        "context": {"registration": str(uuid.uuid4()),
                    "contextActivities": {"category": [
                        {"id": "https://w3id.org/xapi/resilience/competencies/gowning"}]}},
        "timestamp": "2026-03-02T10:00:00Z",
    }


class Client:
    def __init__(self, endpoint: str, auth: str, version: str) -> None:
        url = urllib.parse.urlsplit(endpoint)
        self.host, self.port, self.base = url.hostname, url.port, url.path.rstrip("/")
        self.headers = {"Authorization": auth, "X-Experience-API-Version": version,
                        "Content-Type": "application/json"}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        for attempt in (1, 2):
            try:
                self.conn.request(method, self.base + path, body=data, headers=self.headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                if attempt == 2:
                    raise
                # the server closed an idle keep-alive connection: open a new one
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        raise AssertionError("unreachable")


def _timed(fn: Any, n: int) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - t)
    return out


def run(endpoint: str, auth: str, version: str, *, singles: int, batches: int,
        threads: int, gets: int) -> dict[str, float]:
    results: dict[str, float] = {}
    client = Client(endpoint, auth, version)
    client.call("POST", "/statements", statement(0))  # warm up

    def post_one(c: Client, i: int) -> None:
        status, body = c.call("POST", "/statements", statement(i))
        assert status == 200, (status, body[:200])

    t = time.perf_counter()
    lat = _timed(lambda i: post_one(client, i), singles)
    results["single POST, 1 client: statements/s"] = singles / (time.perf_counter() - t)
    results["single POST p50 ms"] = statistics.median(lat) * 1000
    results["single POST best ms"] = min(lat) * 1000

    def worker(k: int) -> None:
        c = Client(endpoint, auth, version)
        for i in range(singles // threads):
            post_one(c, k * 100000 + i)

    t = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for p in pool:
        p.start()
    for p in pool:
        p.join()
    results[f"single POST, {threads} clients: statements/s"] = (
        (singles // threads) * threads / (time.perf_counter() - t))

    def post_batch(i: int) -> None:
        status, body = client.call("POST", "/statements", [statement(i * 100 + j)
                                                           for j in range(100)])
        assert status == 200, (status, body[:200])

    t = time.perf_counter()
    lat = _timed(post_batch, batches)
    results["batch of 100: statements/s"] = batches * 100 / (time.perf_counter() - t)
    results["batch of 100 p50 ms"] = statistics.median(lat) * 1000
    results["batch of 100 best ms"] = min(lat) * 1000

    agent = urllib.parse.quote(json.dumps({"mbox": "mailto:learner7@example.org"}))
    for label, path in [("GET ?limit=10", "/statements?limit=10"),
                        ("GET ?agent=…&limit=10", f"/statements?agent={agent}&limit=10"),
                        ("GET ?verb=…&limit=100",
                         "/statements?verb=http://adlnet.gov/expapi/verbs/completed&limit=100")]:
        def get(_i: int, path: str = path) -> None:
            status, body = client.call("GET", path)
            assert status == 200, (status, body[:200])
        lat = sorted(_timed(get, gets))
        results[f"{label} p50 ms"] = statistics.median(lat) * 1000
        results[f"{label} p95 ms"] = lat[int(len(lat) * 0.95) - 1] * 1000
    return results


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_ours() -> tuple[subprocess.Popen[bytes], str, str]:
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
    return proc, f"http://127.0.0.1:{port}/xapi", auth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--name", default="resilience")
    parser.add_argument("--xapi-version", default="1.0.3")
    parser.add_argument("--singles", type=int, default=400)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--gets", type=int, default=200)
    args = parser.parse_args()
    proc = None
    if args.endpoint:
        endpoint = args.endpoint
        auth = "Basic " + base64.b64encode(f"{args.user}:{args.password}".encode()).decode()
    else:
        proc, endpoint, auth = start_ours()
    try:
        results = run(endpoint, auth, args.xapi_version, singles=args.singles,
                      batches=args.batches, threads=args.threads, gets=args.gets)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()
    print(f"| measure | {args.name} |\n|---|---|")
    for label, value in results.items():
        print(f"| {label} | {value:,.1f} |")


if __name__ == "__main__":
    main()
