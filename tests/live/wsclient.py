"""A small synchronous WebSocket client for the live-session tests (real sockets)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from django.test import Client
from websockets.sync.client import connect


def cookie_for(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class LiveSocket:
    def __init__(self, server: str, path: str, cookie: str | None = None) -> None:
        headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
        self.ws = connect(server.replace("http://", "ws://") + path, origin=server,
                          additional_headers=headers, compression=None, open_timeout=10,
                          max_size=2**20).__enter__()
        self.seen: list[dict[str, Any]] = []

    def send(self, message: dict[str, Any] | str) -> None:
        self.ws.send(message if isinstance(message, str) else json.dumps(message))

    def wait_for(self, match: Callable[[dict[str, Any]], bool], timeout: float = 10.0
                 ) -> dict[str, Any]:
        for message in self.seen:
            if match(message):
                self.seen.remove(message)
                return message
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                kinds = [m.get("type") for m in self.seen[-20:]]
                raise AssertionError(f"no matching message in {timeout} s; saw {kinds}")
            message = json.loads(self.ws.recv(timeout=remaining))
            if match(message):
                return message
            self.seen.append(message)

    def of_type(self, message_type: str, timeout: float = 10.0, **fields: Any
                ) -> dict[str, Any]:
        return self.wait_for(lambda m: m.get("type") == message_type
                             and all(m.get(k) == v for k, v in fields.items()), timeout)

    def close(self) -> None:
        self.ws.__exit__(None, None, None)
