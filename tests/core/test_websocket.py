"""HTTP and WebSockets from one real ASGI server (uvicorn), as `resilience serve` runs it."""

from __future__ import annotations

import json
import urllib.request

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect


def test_one_server_answers_http_and_websockets(asgi_server: str) -> None:
    with urllib.request.urlopen(asgi_server + "/healthz", timeout=5) as response:
        assert json.loads(response.read())["status"] == "ok"

    uri = asgi_server.replace("http://", "ws://") + "/ws/health/"
    with connect(uri, origin=asgi_server, compression=None, open_timeout=5) as ws:
        ws.send(json.dumps({"type": "ping"}))
        pong = json.loads(ws.recv(timeout=5))
        ws.send("not json")
        error = json.loads(ws.recv(timeout=5))
    assert pong["type"] == "pong" and pong["server_time"] > 0
    assert error == {"type": "error", "error": "Messages must be JSON."}


def test_websockets_from_another_site_are_refused(asgi_server: str) -> None:
    uri = asgi_server.replace("http://", "ws://") + "/ws/health/"
    with pytest.raises(InvalidStatus) as refused:
        connect(uri, origin="https://evil.example", open_timeout=5)
    assert refused.value.response.status_code == 403
