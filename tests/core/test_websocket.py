"""HTTP and WebSockets from one real ASGI server (uvicorn), as `resilience serve` runs it."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from typing import Any

import websockets


def test_one_server_answers_http_and_websockets(asgi_server: str) -> None:
    with urllib.request.urlopen(asgi_server + "/healthz", timeout=5) as response:
        assert json.loads(response.read())["status"] == "ok"

    async def exchange() -> list[dict[str, Any]]:
        uri = asgi_server.replace("http://", "ws://") + "/ws/health/"
        async with websockets.connect(uri, origin=asgi_server, compression=None) as ws:
            await ws.send(json.dumps({"type": "ping"}))
            pong = json.loads(await ws.recv())
            await ws.send("not json")
            error = json.loads(await ws.recv())
            return [pong, error]

    pong, error = asyncio.run(exchange())
    assert pong["type"] == "pong" and pong["server_time"] > 0
    assert error == {"type": "error", "error": "Messages must be JSON."}


def test_websockets_from_another_site_are_refused(asgi_server: str) -> None:
    async def attempt() -> None:
        uri = asgi_server.replace("http://", "ws://") + "/ws/health/"
        async with websockets.connect(uri, origin="https://evil.example") as ws:
            await ws.recv()

    try:
        asyncio.run(attempt())
    except websockets.exceptions.InvalidStatus as exc:
        assert exc.response.status_code == 403
    else:  # pragma: no cover
        raise AssertionError("a cross-site WebSocket was accepted")
