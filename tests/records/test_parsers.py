"""Properties of the LRS's parsers: timestamps, durations, multipart bodies, statement
comparison (hypothesis)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from resilience.records.xapi.http import parse_multipart
from resilience.records.xapi.store import iso, same_statement
from resilience.records.xapi.validate import DURATION_RE, parse_timestamp

FAST = settings(max_examples=60, deadline=None)


@FAST
@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1),
                    timezones=st.just(UTC)),
       st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_timestamps_with_any_offset_parse_to_the_same_instant(moment: datetime,
                                                              offset_min: int) -> None:
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    sign = "+" if offset_min >= 0 else "-"
    hours, minutes = divmod(abs(offset_min), 60)
    local = moment + timedelta(minutes=offset_min)
    text = local.replace(tzinfo=None).isoformat(timespec="milliseconds") + \
        f"{sign}{hours:02d}:{minutes:02d}"
    assert parse_timestamp(text) == moment
    assert parse_timestamp(iso(moment)) == moment


@FAST
@given(st.integers(0, 99), st.integers(0, 11), st.integers(0, 30), st.integers(0, 23),
       st.integers(0, 59), st.integers(0, 59), st.integers(0, 99))
def test_every_iso_duration_in_the_basic_format_is_accepted(y: int, mo: int, d: int, h: int,
                                                            mi: int, s: int, cs: int) -> None:
    assert DURATION_RE.match(f"P{y}Y{mo}M{d}DT{h}H{mi}M{s}.{cs:02d}S")
    assert DURATION_RE.match(f"PT{h}H{mi}M")
    assert not DURATION_RE.match(f"P{y}Y{d}W")


@FAST
@given(st.lists(st.binary(min_size=0, max_size=300), min_size=1, max_size=4))
def test_multipart_bodies_round_trip_any_bytes(payloads: list[bytes]) -> None:
    boundary = "b0undary-4a7f"
    body = b""
    for payload in payloads:
        sha = hashlib.sha256(payload).hexdigest()
        body += (f"--{boundary}\r\nContent-Type: application/octet-stream\r\n"
                 f"X-Experience-API-Hash: {sha}\r\n\r\n").encode() + payload + b"\r\n"
    body = f"--{boundary}\r\nContent-Type: application/json\r\n\r\n{{}}\r\n".encode() + body
    body += f"--{boundary}--\r\n".encode()
    parts = parse_multipart(f"multipart/mixed; boundary={boundary}", body)
    assert [p.body for p in parts[1:]] == payloads
    assert all(p.headers["x-experience-api-hash"] == hashlib.sha256(p.body).hexdigest()
               for p in parts[1:])


@FAST
@given(st.dictionaries(st.sampled_from(["stored", "authority", "version", "id"]),
                       st.text(max_size=5)))
def test_what_the_lrs_sets_never_makes_two_statements_differ(lrs_fields: dict) -> None:
    base = {"actor": {"mbox": "mailto:a@b.org"}, "verb": {"id": "http://x.org/v"},
            "object": {"id": "http://x.org/a"}, "result": {"duration": "PT1.234S"}}
    assert same_statement(base, {**base, **lrs_fields,
                                 "result": {"duration": "PT1.23S"}})
    assert not same_statement(base, {**base, "verb": {"id": "http://x.org/w"}})
