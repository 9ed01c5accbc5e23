"""Onward delivery to another LRS: queued with the statement, claimed by a conditional
update, retried with back-off after a failure, delivered once."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from resilience.records.forwarding import claim, deliver_due
from resilience.records.models import Forward, ForwardTarget
from tests.records.conftest import statement


class _Peer(BaseHTTPRequestHandler):
    received: list[Any] = []
    types: list[str] = []
    raw: list[bytes] = []
    fail_next = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Peer.types.append(self.headers["Content-Type"])
        if self.headers["Content-Type"].startswith("multipart/mixed"):
            _Peer.raw.append(body)
            body = body.split(b"\r\n\r\n", 1)[1].split(b"\r\n--", 1)[0]
        if _Peer.fail_next:
            _Peer.fail_next -= 1
            self.send_response(503)
            self.end_headers()
            return
        assert self.headers["X-Experience-API-Version"] == "1.0.3"
        assert self.headers["Authorization"].startswith("Basic ")
        _Peer.received.extend(json.loads(body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"[]")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def peer() -> Any:
    _Peer.received, _Peer.types, _Peer.raw = [], [], []
    _Peer.fail_next = 0
    server = HTTPServer(("127.0.0.1", 0), _Peer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/xapi"
    server.shutdown()


def test_statements_are_forwarded_after_a_failure_and_only_once(lrs: Any, peer: str) -> None:
    call_command("lrs", "forward-target", "add", "--name", "Peer", "--endpoint", peer,
                 "--username", "u", "--password", "p", stdout=StringIO())
    sent = lrs.post("statements", [statement(), statement()]).json()
    assert Forward.objects.filter(status=Forward.PENDING).count() == 2

    _Peer.fail_next = 1
    assert deliver_due() == (0, 2)
    row = Forward.objects.first()
    assert row.status == Forward.PENDING and row.attempts == 1 and "503" in row.last_error
    assert row.next_try > timezone.now()  # backs off
    assert deliver_due() == (0, 0)  # not due yet

    Forward.objects.update(next_try=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("lrs", "forward", "--once", stdout=out)
    assert "forwarded 2" in out.getvalue()
    assert sorted(s["id"] for s in _Peer.received) == sorted(sent)
    assert all("authority" not in s for s in _Peer.received)
    assert set(Forward.objects.values_list("status", flat=True)) == {Forward.DONE}
    call_command("lrs", "forward", "--once", stdout=StringIO())
    assert len(_Peer.received) == 2


def test_a_claimed_row_is_not_claimed_twice_until_its_claim_expires(lrs: Any) -> None:
    ForwardTarget.objects.create(name="Peer", endpoint="http://127.0.0.1:9/xapi")
    lrs.post("statements", statement())
    assert len(claim(10)) == 1
    assert claim(10) == []  # another worker finds nothing to do
    Forward.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert len(claim(10)) == 1  # a crashed worker's claim becomes due again


def test_attachments_are_forwarded_with_their_content(lrs: Any, peer: str) -> None:
    from tests.records.test_xapi_statements import _multipart

    ForwardTarget.objects.create(name="Peer", endpoint=peer, username="u", password="p")
    content = b"certificate"
    sha = hashlib.sha256(content).hexdigest()
    st = statement(attachments=[{
        "usageType": "http://example.org/certificate", "display": {"en-GB": "Certificate"},
        "contentType": "text/plain", "length": len(content), "sha2": sha}])
    body, ctype = _multipart(st, [(content, "text/plain", sha)])
    assert lrs.post("statements", body, content_type=ctype).status_code == 200
    assert deliver_due() == (1, 0)
    assert _Peer.types[0].startswith("multipart/mixed")
    assert content in _Peer.raw[0] and sha.encode() in _Peer.raw[0]
