"""The Statements resource: storing, conflicts, voiding, queries, paging, formats,
attachments and refusals (xAPI 1.0.3 and 2.0.0)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest

from resilience.records.models import Statement
from tests.records.conftest import new_id, statement


def test_it_stores_a_statement_and_sets_id_stored_authority_and_version(lrs: Any) -> None:
    response = lrs.post("statements", statement())
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == "1.0.3"
    [sid] = response.json()
    got = lrs.get("statements", {"statementId": sid}).json()
    assert got["id"] == sid
    assert got["stored"].endswith("Z") and got["timestamp"] == got["stored"]
    assert got["authority"]["account"]["name"] == lrs.key
    assert got["version"] == "1.0.0"


def test_it_overrides_an_authority_the_client_claims(lrs: Any) -> None:
    claimed = {"mbox": "mailto:boss@example.org"}
    [sid] = lrs.post("statements", statement(authority=claimed)).json()
    assert lrs.get("statements", {"statementId": sid}).json()["authority"] != claimed


def test_put_stores_under_the_given_id_and_is_idempotent(lrs: Any) -> None:
    sid = new_id()
    assert lrs.put(f"statements?statementId={sid}", statement()).status_code == 204
    assert lrs.put(f"statements?statementId={sid}", statement()).status_code == 204
    assert Statement.objects.filter(statement_id=sid).count() == 1


def test_a_different_statement_with_an_existing_id_is_a_conflict(lrs: Any) -> None:
    sid = new_id()
    lrs.put(f"statements?statementId={sid}", statement())
    other = statement(verb={"id": "http://adlnet.gov/expapi/verbs/completed"})
    response = lrs.put(f"statements?statementId={sid}", other)
    assert response.status_code == 409
    assert "already stored" in response.json()["error"]["message"]
    assert lrs.post("statements", [{**other, "id": sid}]).status_code == 409


@pytest.mark.parametrize(("change", "why"), [
    ({"actor": {"mbox": "ada@example.org"}}, "mailto"),
    ({"verb": {"id": "not an iri"}}, "IRI"),
    ({"object": {"id": "http://example.org/a", "objectType": "activity"}}, "objectType"),
    ({"result": {"score": {"scaled": 1.5}}}, "scaled"),
    ({"result": {"duration": "P4W1D"}}, "duration"),
    ({"timestamp": "yesterday"}, "timestamp"),
    ({"context": {"registration": "nope"}}, "UUID"),
    ({"Actor": {"mbox": "mailto:a@b.org"}}, "not allow"),
    ({"verb": {"id": "http://adlnet.gov/expapi/verbs/voided"}}, "StatementRef"),
    ({"result": {"success": None}}, "null"),
])
def test_a_malformed_statement_is_refused_with_a_message(lrs: Any, change: dict[str, Any],
                                                         why: str) -> None:
    response = lrs.post("statements", statement(**change))
    assert response.status_code == 400
    assert why in response.json()["error"]["message"]
    assert not Statement.objects.exists()


def test_a_batch_with_one_bad_statement_stores_nothing(lrs: Any) -> None:
    batch = [statement(), statement(), statement(verb={"id": "bad verb"})]
    assert lrs.post("statements", batch).status_code == 400
    assert not Statement.objects.exists()
    same = new_id()
    assert lrs.post("statements", [statement(id=same), statement(id=same)]).status_code == 400
    assert not Statement.objects.exists()


def test_the_version_header_is_required_and_checked(lrs: Any) -> None:
    assert lrs.get("statements", HTTP_X_EXPERIENCE_API_VERSION="1.1.0").status_code == 400
    response = lrs.client.get("/xapi/statements", **{
        "HTTP_AUTHORIZATION": lrs.headers()["HTTP_AUTHORIZATION"]})
    assert response.status_code == 400
    assert "X-Experience-API-Version" in response.json()["error"]["message"]
    assert lrs.get("about").status_code == 200


def test_without_credentials_the_lrs_answers_401(lrs: Any) -> None:
    response = lrs.client.get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    wrong = base64.b64encode(f"{lrs.key}:wrong".encode()).decode()
    assert lrs.get("statements", HTTP_AUTHORIZATION=f"Basic {wrong}").status_code == 401


def test_voiding_hides_a_statement_but_voidedStatementId_finds_it(lrs: Any) -> None:
    [target] = lrs.post("statements", statement()).json()
    voiding = statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
                        object={"objectType": "StatementRef", "id": target})
    [voider] = lrs.post("statements", voiding).json()
    assert lrs.get("statements", {"statementId": target}).status_code == 404
    assert lrs.get("statements", {"voidedStatementId": target}).json()["id"] == target
    ids = [s["id"] for s in lrs.get("statements").json()["statements"]]
    assert voider in ids and target not in ids
    # A voiding statement cannot itself be voided.
    again = statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
                      object={"objectType": "StatementRef", "id": voider})
    assert lrs.post("statements", again).status_code == 400


def test_filters_match_agents_verbs_activities_registrations_and_refs(lrs: Any) -> None:
    reg = new_id()
    grace = {"mbox": "mailto:grace@example.org"}
    [a] = lrs.post("statements", statement(context={"registration": reg})).json()
    [b] = lrs.post("statements", statement(actor=grace, object={
        "id": "http://example.org/activities/two"}, context={"contextActivities": {
        "parent": {"id": "http://example.org/activities/one"}}})).json()
    [ref] = lrs.post("statements", statement(
        actor=grace, object={"objectType": "StatementRef", "id": a})).json()

    def ids(**params: Any) -> list[str]:
        response = lrs.get("statements", params)
        assert response.status_code == 200, response.content
        assert response["X-Experience-API-Consistent-Through"]
        return [s["id"] for s in response.json()["statements"]]

    ada = json.dumps({"mbox": "mailto:ada@example.org"})
    assert set(ids(agent=ada)) == {a, ref}  # ref inherits its target's agent
    assert set(ids(agent=json.dumps(grace))) == {b, ref}
    assert set(ids(activity="http://example.org/activities/one")) == {a, ref}
    assert set(ids(activity="http://example.org/activities/one",
                   related_activities="true")) == {a, b, ref}
    assert set(ids(registration=reg)) == {a, ref}
    assert ids(verb="http://adlnet.gov/expapi/verbs/attempted")[0] == ref  # newest first
    assert ids(ascending="true")[0] == a
    assert lrs.get("statements", {"agent": "{not json"}).status_code == 400
    assert lrs.get("statements", {"colour": "red"}).status_code == 400
    assert lrs.get("statements", {"statementId": a, "verb": "http://x.org/v"}
                   ).status_code == 400


def test_a_second_filter_keeps_only_statements_that_match_both(lrs: Any) -> None:
    grace = {"mbox": "mailto:grace@example.org"}
    passed = {"id": "http://adlnet.gov/expapi/verbs/passed"}
    [ada_tried] = lrs.post("statements", statement()).json()
    [ada_passed] = lrs.post("statements", statement(verb=passed)).json()
    [grace_passed] = lrs.post("statements", statement(actor=grace, verb=passed)).json()
    # stored in one batch (the same stored time): only the row's own lookups count
    [ada_batch, grace_batch] = lrs.post("statements", [
        statement(verb=passed, context={"registration": new_id()}),
        statement(actor=grace)]).json()
    found = lrs.get("statements", {"agent": json.dumps({"mbox": "mailto:ada@example.org"}),
                                   "verb": passed["id"]}).json()["statements"]
    assert [s["id"] for s in found] == [ada_batch, ada_passed]
    found = lrs.get("statements", {"agent": json.dumps(grace), "verb": passed["id"],
                                   "activity": "http://example.org/activities/one"}).json()
    assert [s["id"] for s in found["statements"]] == [grace_passed]
    assert ada_tried not in [s["id"] for s in found["statements"]] and grace_batch


def test_a_reference_to_a_reference_inherits_the_first_targets_terms(lrs: Any) -> None:
    reg = new_id()
    [a] = lrs.post("statements", statement(context={"registration": reg})).json()
    grace = {"mbox": "mailto:grace@example.org"}
    [ref] = lrs.post("statements", statement(
        actor=grace, object={"objectType": "StatementRef", "id": a})).json()
    [ref_of_ref] = lrs.post("statements", statement(
        actor={"mbox": "mailto:lin@example.org"},
        object={"objectType": "StatementRef", "id": ref})).json()
    by_reg = lrs.get("statements", {"registration": reg}).json()["statements"]
    assert [s["id"] for s in by_reg] == [ref_of_ref, ref, a]
    by_grace = lrs.get("statements", {"agent": json.dumps(grace)}).json()["statements"]
    assert [s["id"] for s in by_grace] == [ref_of_ref, ref]


def test_since_and_until_bound_the_stored_time(lrs: Any) -> None:
    [first] = lrs.post("statements", statement()).json()
    stored = lrs.get("statements", {"statementId": first}).json()["stored"]
    [second] = lrs.post("statements", statement()).json()
    after = [s["id"] for s in lrs.get("statements", {"since": stored}).json()["statements"]]
    upto = [s["id"] for s in lrs.get("statements", {"until": stored}).json()["statements"]]
    assert first not in after and first in upto and second not in upto


def test_more_pages_through_every_statement_once(lrs: Any) -> None:
    sent = lrs.post("statements", [statement() for _ in range(7)]).json()
    seen: list[str] = []
    page = lrs.get("statements", {"limit": 3}).json()
    while True:
        seen += [s["id"] for s in page["statements"]]
        if not page["more"]:
            break
        assert page["more"].startswith("/xapi/statements?more=")
        page = lrs.client.get(page["more"], **lrs.headers()).json()
    assert sorted(seen) == sorted(sent) and len(seen) == 7


def test_formats_ids_and_canonical(lrs: Any) -> None:
    [sid] = lrs.post("statements", statement()).json()
    ids = lrs.get("statements", {"statementId": sid, "format": "ids"}).json()
    assert ids["actor"] == {"objectType": "Agent", "mbox": "mailto:ada@example.org"}
    assert ids["object"] == {"id": "http://example.org/activities/one"}
    canonical = lrs.get("statements", {"statementId": sid, "format": "canonical"},
                        HTTP_ACCEPT_LANGUAGE="cy").json()
    assert canonical["verb"]["display"] == {"cy": "ceisiodd"}
    assert canonical["object"]["definition"]["name"] == {"cy": "Un"}
    # canonical uses the LRS's merged definition of the activity, not the one sent
    lrs.post("statements", statement(object={"id": "http://example.org/activities/one",
                                             "definition": {"description": {"cy": "Y cyntaf"}}}))
    canonical = lrs.get("statements", {"statementId": sid, "format": "canonical"},
                        HTTP_ACCEPT_LANGUAGE="cy").json()
    assert canonical["object"]["definition"]["description"] == {"cy": "Y cyntaf"}
    assert lrs.get("statements", {"format": "short"}).status_code == 400


def _multipart(statements: Any, parts: list[tuple[bytes, str, str]]) -> tuple[bytes, str]:
    boundary = "xyzBOUNDARYxyz"
    body = (f"--{boundary}\r\nContent-Type: application/json\r\n\r\n"
            f"{json.dumps(statements)}\r\n").encode()
    for content, ctype, sha in parts:
        body += (f"--{boundary}\r\nContent-Type: {ctype}\r\nContent-Transfer-Encoding: binary"
                 f"\r\nX-Experience-API-Hash: {sha}\r\n\r\n").encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f'multipart/mixed; boundary="{boundary}"'


def test_attachments_travel_in_multipart_mixed_both_ways(lrs: Any) -> None:
    content = b"a certificate of gowning"
    sha = hashlib.sha256(content).hexdigest()
    att = {"usageType": "http://example.org/certificate", "display": {"en-GB": "Certificate"},
           "contentType": "text/plain", "length": len(content), "sha2": sha}
    st = statement(attachments=[att])
    assert lrs.post("statements", st).status_code == 400  # no part for it
    body, ctype = _multipart(st, [(content, "text/plain", sha)])
    response = lrs.post("statements", body, content_type=ctype)
    assert response.status_code == 200, response.content
    [sid] = response.json()
    got = lrs.get("statements", {"statementId": sid, "attachments": "true"})
    assert got["Content-Type"].startswith("multipart/mixed")
    assert content in got.content and sha.encode() in got.content
    # A part whose content does not match its hash is refused.
    body, ctype = _multipart(statement(attachments=[att]), [(b"tampered", "text/plain", sha)])
    assert lrs.post("statements", body, content_type=ctype).status_code == 400


def _jws(payload: dict[str, Any], alg: str = "RS256") -> bytes:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    header = b64(json.dumps({"alg": alg}).encode())
    return f"{header}.{b64(json.dumps(payload).encode())}.{b64(b'signature')}".encode()


@pytest.mark.parametrize(("alg", "tamper", "status"), [
    ("RS256", False, 200), ("HS256", False, 400), ("RS256", True, 400)])
def test_signed_statements_must_match_their_signature(lrs: Any, alg: str, tamper: bool,
                                                      status: int) -> None:
    st = statement(id=new_id())
    signed = dict(st)
    if tamper:
        signed["verb"] = {"id": "http://example.org/verbs/other"}
    jws = _jws(signed, alg)
    sha = hashlib.sha256(jws).hexdigest()
    st["attachments"] = [{"usageType": "http://adlnet.gov/expapi/attachments/signature",
                          "display": {"en-GB": "Signature"},
                          "contentType": "application/octet-stream", "length": len(jws),
                          "sha2": sha}]
    body, ctype = _multipart(st, [(jws, "application/octet-stream", sha)])
    assert lrs.post("statements", body, content_type=ctype).status_code == status


def test_xapi_2_requires_time_zones_and_accepts_context_agents(make_lrs: Any) -> None:
    lrs2 = make_lrs(version="2.0.0")
    assert lrs2.post("statements", statement(timestamp="2025-01-01T10:00:00")).status_code \
        == 400
    ctx = {"contextAgents": [{"objectType": "contextAgent",
                              "agent": {"mbox": "mailto:coach@example.org"},
                              "relevantTypes": ["http://example.org/types/coach"]}]}
    response = lrs2.post("statements", statement(context=ctx))
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == "2.0.0"
    [sid] = response.json()
    assert lrs2.get("statements", {"statementId": sid}).json()["version"] == "2.0.0"
    # 1.0.3 has no context agents.
    assert make_lrs().post("statements", statement(context=ctx)).status_code == 400


def test_the_alternate_request_syntax_works_in_1_0_3_only(lrs: Any, make_lrs: Any) -> None:
    from urllib.parse import urlencode

    form = urlencode({"Authorization": lrs.headers()["HTTP_AUTHORIZATION"],
                      "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json",
                      "content": json.dumps(statement()), "statementId": new_id()})
    response = lrs.client.post("/xapi/statements?method=PUT", data=form,
                               content_type="application/x-www-form-urlencoded")
    assert response.status_code == 204
    assert Statement.objects.count() == 1
    lrs2 = make_lrs(version="2.0.0")
    assert lrs2.post("statements?method=GET", {}).status_code == 400


def test_head_answers_like_get_without_a_body(lrs: Any) -> None:
    lrs.post("statements", statement())
    response = lrs.client.head("/xapi/statements", **lrs.headers())
    assert response.status_code == 200 and response.content == b""


def test_a_body_over_the_size_limit_is_413_with_a_message(lrs: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    response = lrs.post("statements", [statement() for _ in range(20)])
    assert response.status_code == 413
    assert "smaller batches" in response.json()["error"]["message"]
    assert not Statement.objects.exists()
