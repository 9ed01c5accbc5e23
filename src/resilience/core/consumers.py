"""A WebSocket health check: proves the ASGI server carries WebSockets end to end."""

from __future__ import annotations

import json
import time

from channels.generic.websocket import AsyncWebsocketConsumer


class HealthConsumer(AsyncWebsocketConsumer):
    """Answers ``{"type": "ping"}`` with ``{"type": "pong", "server_time": …}``."""

    async def connect(self) -> None:
        await self.accept()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = json.loads(text_data or "")
        except ValueError:
            await self.send(json.dumps({"type": "error", "error": "Messages must be JSON."}))
            return
        if not isinstance(message, dict) or message.get("type") != "ping":
            await self.send(json.dumps({"type": "error", "error": "Send {\"type\": \"ping\"}."}))
            return
        await self.send(json.dumps({"type": "pong", "server_time": time.time()}))
