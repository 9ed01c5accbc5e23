"""The HTTP bridge: Django's WSGI handler on a thread pool behind uvicorn, over loopback.

Small WSGI applications stand in for Django so each behaviour is visible on its own;
every browser test and the xAPI durability test run the real site through the same bridge.
"""

from __future__ import annotations

import hashlib
import http.client
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from resilience.config import wsgi_threads
from resilience.config.wsgi_threads import ThreadPoolWSGI


def echo(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Answers with the SHA-256 of the body, the path and the query it was given."""
    body = environ["wsgi.input"].read()
    start_response("201 Created", [("Content-Type", "text/plain"), ("X-Seen", "yes")])
    return [hashlib.sha256(body).hexdigest().encode(), b" ",
            environ["PATH_INFO"].encode("latin1"), b"?", environ["QUERY_STRING"].encode()]


def slow_stream(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
    """A long answer produced over a second and a half (like a large CSV export)."""
    start_response("200 OK", [("Content-Type", "text/csv")])
    for _ in range(30):
        yield b"x" * 64 * 1024
        time.sleep(0.05)


def fails(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    raise RuntimeError("boom")


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: Any) -> int:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(ThreadPoolWSGI(app, workers=2), lifespan="off",
                                               log_level="critical"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        servers.append((server, thread))
        return int(port)

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_request_and_its_answer_cross_whole(serve: Any) -> None:
    port = serve(echo)
    body = bytes(range(256)) * 12_000  # 3 MB: waits in a temporary file, not in memory
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/caf%C3%A9/x?a=1&b=%20", body=body)
    response = conn.getresponse()
    assert response.status == 201 and response.getheader("X-Seen") == "yes"
    assert response.read().decode("latin1") == (
        f"{hashlib.sha256(body).hexdigest()} /caf\u00c3\u00a9/x?a=1&b=%20")
    conn.request("GET", "/again")  # the connection stays open for the next request
    assert conn.getresponse().read().endswith(b"/again?")


def test_a_long_answer_starts_before_it_is_finished(serve: Any) -> None:
    port = serve(slow_stream)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    started = time.monotonic()
    conn.request("GET", "/export.csv")
    response = conn.getresponse()
    first = response.read(1024)
    first_after = time.monotonic() - started
    rest = response.read()
    total = time.monotonic() - started
    assert len(first) + len(rest) == 30 * 64 * 1024
    assert first_after < total / 2, (first_after, total)  # streamed, not held back


def test_a_body_over_the_limit_is_refused_without_reading_it(serve: Any,
                                                             monkeypatch: Any) -> None:
    monkeypatch.setattr(wsgi_threads, "MAX_BODY", 1000)
    called = []
    port = serve(lambda environ, start: called.append(1) or echo(environ, start))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/upload", body=b"x" * 1001)
    response = conn.getresponse()
    assert response.status == 413
    assert b"larger than" in response.read()
    # without a Content-Length (chunked), the limit applies as the body arrives
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/upload", body=iter([b"x" * 600, b"x" * 600]),
                 encode_chunked=True)
    assert conn.getresponse().status == 413
    assert called == []


def test_an_application_error_is_a_500(serve: Any) -> None:
    port = serve(fails)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/")
    assert conn.getresponse().status == 500
