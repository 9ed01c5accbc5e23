"""Onward delivery of stored statements to other LRSs, with retries and no broker.

Each stored statement gets a :class:`Forward` row per active target (in the same
transaction as the statement). ``resilience lrs forward`` claims due rows with a
conditional update (``status = pending`` → ``sending``, with a claim deadline), so several
workers can run at once without sending a row twice; a claim that outlives its deadline
(a crashed worker) becomes due again.
"""

from __future__ import annotations

import base64
import json
import secrets
import urllib.error
import urllib.request
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from resilience.records.models import Attachment, Forward, ForwardTarget

CLAIM_SECONDS = 120
MAX_ATTEMPTS = 12


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at 6 hours."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def claim(batch: int) -> list[int]:
    now = timezone.now()
    due = Q(status=Forward.PENDING, next_try__lte=now) | Q(
        status=Forward.SENDING, claimed_until__lt=now)
    candidates = list(Forward.objects.filter(due).order_by("next_try", "pk")
                      .values_list("pk", flat=True)[:batch])
    claimed = []
    for pk in candidates:
        # The conditional update is the lock: only one worker changes a due row.
        won = Forward.objects.filter(due, pk=pk).update(
            status=Forward.SENDING, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        if won:
            claimed.append(pk)
    return claimed


def _body(statements: list[dict]) -> tuple[bytes, str]:
    """JSON, or multipart/mixed when statements carry attachments stored here."""
    shas = [a["sha2"].lower() for st in statements for a in st.get("attachments", [])
            if "fileUrl" not in a]
    if not shas:
        return json.dumps(statements).encode(), "application/json"
    boundary = secrets.token_hex(16)
    parts = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
             json.dumps(statements).encode()]
    for att in Attachment.objects.filter(sha2__in=set(shas)):
        parts.append(f"\r\n--{boundary}\r\nContent-Type: {att.content_type}\r\n"
                     f"Content-Transfer-Encoding: binary\r\n"
                     f"X-Experience-API-Hash: {att.sha2}\r\n\r\n".encode())
        parts.append(bytes(att.content))
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts), f'multipart/mixed; boundary="{boundary}"'


def _post(target: ForwardTarget, statements: list[dict]) -> None:
    if not target.endpoint.startswith(("http://", "https://")):
        raise ValueError(f"forward target {target.pk} is not an http(s) URL")
    body, content_type = _body(statements)
    request = urllib.request.Request(  # noqa: S310 (http(s) checked above)
        f"{target.endpoint}/statements", data=body, method="POST",
        headers={"Content-Type": content_type,
                 "X-Experience-API-Version": target.version})
    if target.username:
        token = base64.b64encode(f"{target.username}:{target.password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (checked above)
        response.read()


def deliver_due(batch: int = 100) -> tuple[int, int]:
    """Claim due rows, send them per target in one batch; return (sent, failed)."""
    pks = claim(batch)
    if not pks:
        return 0, 0
    rows = list(Forward.objects.filter(pk__in=pks).select_related("target", "statement"))
    by_target: dict[int, list[Forward]] = {}
    for row in rows:
        by_target.setdefault(row.target_id, []).append(row)
    sent = failed = 0
    now = timezone.now()
    for group in by_target.values():
        target = group[0].target
        statements = []
        for row in group:
            st = json.loads(row.statement.data)
            st.pop("authority", None)  # the receiving LRS sets its own
            st.pop("stored", None)
            statements.append(st)
        try:
            _post(target, statements)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            for row in group:
                attempts = row.attempts + 1
                status = Forward.FAILED if attempts >= MAX_ATTEMPTS else Forward.PENDING
                Forward.objects.filter(pk=row.pk, status=Forward.SENDING).update(
                    status=status, attempts=attempts, next_try=now + backoff(attempts),
                    claimed_until=None, last_error=str(exc)[:500])
            failed += len(group)
        else:
            Forward.objects.filter(pk__in=[r.pk for r in group]).update(
                status=Forward.DONE, claimed_until=None, last_error="",
                attempts=group[0].attempts + 1)
            sent += len(group)
    return sent, failed
