"""Django's synchronous handler on a fixed pool of threads, behind the ASGI server.

The event loop reads the whole request body (into memory, or a temporary file past
1 MiB), hands the request to a pool thread once, and gets the whole answer back once:
two thread hand-offs a request. a2wsgi, which this replaces, hands off for every read of
the body, for ``start_response`` and for every chunk sent, and the pool thread waits each
time for the event loop; replacing it took a single xAPI POST over loopback from 6.1–6.7
to 5.0–5.3 ms on the reference machine (docs/benchmarks.md). The WSGI environ is still
a2wsgi's ``build_environ``.

An answer longer than :data:`STREAM_AFTER` (a CSV export, a large file) is sent as it is
produced, in pieces of at least that size, so it starts before it is complete and is
never held whole in memory.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any

from a2wsgi.wsgi import build_environ

#: The largest request body accepted (bytes): Django's own limits are smaller for
#: anything it reads into memory; this bounds what is spooled to disk before it looks.
MAX_BODY = 64 * 1024 * 1024
#: Bodies larger than this wait in a temporary file rather than in memory.
SPOOL_AFTER = 1024 * 1024
#: Answers up to this size are sent whole; longer ones as they are produced.
STREAM_AFTER = 256 * 1024

Send = Callable[[dict[str, Any]], Any]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ThreadPoolWSGI:
    """An ASGI application (HTTP only) that runs a WSGI application on ``workers`` threads."""

    def __init__(self, app: WSGIApp, workers: int) -> None:
        self.app = app
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="http")

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Any],
                       send: Send) -> None:
        try:
            body = await _read_body(scope, receive)
        except _DisconnectedError:
            return  # the client went away before sending the whole request
        if body is None:
            await _too_large(send)
            return
        loop = asyncio.get_running_loop()
        try:
            head, chunks, rest = await loop.run_in_executor(
                self.pool, self._respond, scope, body, loop, send)
        finally:
            body.close()
        if head is not None:  # answered whole in the thread's first piece
            await send(head)
            await send({"type": "http.response.body", "body": b"".join(chunks),
                        "more_body": False})
        elif rest is not None:
            raise rest

    def _respond(self, scope: dict[str, Any], body: IO[bytes],
                 loop: asyncio.AbstractEventLoop, send: Send
                 ) -> tuple[dict[str, Any] | None, list[bytes], BaseException | None]:
        """In a pool thread: run the application and gather its answer.

        Returns (start message, chunks, None) for an answer up to STREAM_AFTER bytes;
        a longer one is sent from here as it is produced and (None, [], error) returned.
        """
        environ = build_environ(scope, body)  # type: ignore[arg-type]
        environ["wsgi.errors"] = sys.stderr
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]],
                           exc_info: Any = None) -> Callable[[bytes], None]:
            if exc_info and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return _no_write

        def head() -> dict[str, Any]:
            status, headers = started
            return {"type": "http.response.start", "status": int(status.split(" ", 1)[0]),
                    "headers": [(k.lower().encode("latin1"), v.encode("latin1"))
                                for k, v in headers]}

        def post(message: dict[str, Any]) -> None:
            asyncio.run_coroutine_threadsafe(send(message), loop).result()

        result = self.app(environ, start_response)
        try:
            chunks: list[bytes] = []
            size = 0
            streaming = False
            for chunk in result:
                if not chunk:
                    continue
                chunks.append(chunk)
                size += len(chunk)
                if size >= STREAM_AFTER:
                    if not streaming:
                        post(head())
                        streaming = True
                    post({"type": "http.response.body", "body": b"".join(chunks),
                          "more_body": True})
                    chunks, size = [], 0
            if not streaming:
                return head(), chunks, None
            post({"type": "http.response.body", "body": b"".join(chunks),
                  "more_body": False})
            return None, [], None
        except Exception as exc:  # re-raised in the event loop
            if not started:
                raise
            return None, [], exc
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django sends request_finished here (closes old connections)


class _DisconnectedError(Exception):
    pass


def _no_write(data: bytes) -> None:
    raise RuntimeError("this server does not support the WSGI write() callable")


async def _read_body(scope: dict[str, Any], receive: Callable[[], Any]) -> IO[bytes] | None:
    """The whole request body as a file, or None if it is larger than MAX_BODY."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                if int(value) > MAX_BODY:
                    return None
            except ValueError:
                pass
            break
    body = tempfile.SpooledTemporaryFile(max_size=SPOOL_AFTER)  # noqa: SIM115
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            body.close()
            raise _DisconnectedError
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            body.close()
            return None
        body.write(chunk)
        more = message.get("more_body", False)
    body.seek(0)
    return body


async def _too_large(send: Send) -> None:
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    await send({"type": "http.response.body",
                "body": f"The request body is larger than {MAX_BODY // 2**20} MiB.".encode()})
