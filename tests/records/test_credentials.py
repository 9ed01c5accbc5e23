"""LRS keys: issued by programme admins (page and CLI), secrets hashed, scopes and
organisations enforced, the signed-in session as our own client."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from resilience.records.models import Credential
from tests.records.conftest import LRS, statement


def test_the_cli_prints_a_key_and_secret_that_work(db: Any, client: Any, world: Any) -> None:
    out = StringIO()
    call_command("lrs", "credentials", "create", "--name", "Headset app", "--scopes", "all",
                 "--org", world.school_a.slug, stdout=out)
    text = out.getvalue()
    key = text.split("key: ")[1].split()[0]
    secret = text.split("secret: ")[1].split()[0]
    credential = Credential.objects.get(key=key)
    assert credential.organisation == world.school_a
    assert secret not in credential.secret_hash and credential.secret_hash.startswith("sha256$")
    assert LRS(client, key, secret).post("statements", statement()).status_code == 200


def test_the_cli_refuses_unknown_scopes_and_organisations(db: Any) -> None:
    with pytest.raises(CommandError, match="unknown scopes"):
        call_command("lrs", "credentials", "create", "--name", "x", "--scopes", "everything")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("lrs", "credentials", "create", "--name", "x", "--scopes", "all",
                     "--org", "nowhere")


def test_a_revoked_key_stops_working(lrs: Any) -> None:
    assert lrs.get("statements").status_code == 200
    call_command("lrs", "credentials", "revoke", lrs.key, stdout=StringIO())
    assert lrs.get("statements").status_code == 401


def test_scopes_limit_what_a_key_may_do(make_lrs: Any) -> None:
    writer = make_lrs(["statements/write"])
    assert writer.post("statements", statement()).status_code == 200
    assert writer.get("statements").status_code == 403
    state = "activities/state?activityId=http://x.org/a&stateId=s&agent=" + json.dumps(
        {"mbox": "mailto:a@b.org"})
    assert writer.put(state, {"a": 1}).status_code == 403
    reader = make_lrs(["statements/read"])
    assert reader.post("statements", statement()).status_code == 403
    assert len(reader.get("statements").json()["statements"]) == 1


def test_read_mine_sees_only_its_own_statements(make_lrs: Any) -> None:
    mine = make_lrs(["statements/write", "statements/read/mine"])
    other = make_lrs(["all"])
    [own] = mine.post("statements", statement()).json()
    other.post("statements", statement())
    assert [s["id"] for s in mine.get("statements").json()["statements"]] == [own]


def test_an_organisations_key_sees_only_that_organisations_records(make_lrs: Any,
                                                                   world: Any) -> None:
    a = make_lrs(["all"], org=world.school_a)
    b = make_lrs(["all"], org=world.school_b)
    [from_a] = a.post("statements", statement()).json()
    assert b.get("statements").json()["statements"] == []
    assert b.get("statements", {"statementId": from_a}).status_code == 404
    programme = make_lrs(["all"])
    assert len(programme.get("statements").json()["statements"]) == 1


def test_a_signed_in_learner_uses_the_session_as_their_client(client: Any,
                                                              world: Any) -> None:
    client.force_login(world.pupil_a)
    headers = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
    me = {"account": {"homePage": "https://resilience.invalid/people",
                      "name": str(world.pupil_a.pk)}}
    response = client.post("/xapi/statements", json.dumps(statement(actor=me)),
                           content_type="application/json", **headers)
    assert response.status_code == 200
    got = client.get("/xapi/statements", **headers).json()["statements"]
    assert got[0]["authority"]["account"]["name"] == str(world.pupil_a.pk)
    client.force_login(world.pupil_b)
    assert client.get("/xapi/statements", **headers).json()["statements"] == []


def test_a_signed_in_browser_must_send_the_csrf_token(world: Any) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.pupil_a)
    me = {"account": {"homePage": "https://resilience.invalid/people",
                      "name": str(world.pupil_a.pk)}}
    response = browser.post("/xapi/statements", json.dumps(statement(actor=me)),
                            content_type="application/json",
                            HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 403


def test_programme_admins_issue_and_revoke_keys_on_the_page(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    response = client.post("/records/lrs-keys/", {
        "name": "Partner VR app", "scopes": ["statements/write", "define"],
        "organisation": world.partner_org_a.pk})
    assert response.status_code == 200
    page = response.content.decode()
    credential = Credential.objects.get(name="Partner VR app")
    assert credential.key in page and "not be shown again" in page
    assert credential.scopes == ["statements/write", "define"]
    assert response["Cache-Control"] == "no-store"
    response = client.post(f"/records/lrs-keys/{credential.pk}/revoke/")
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.revoked is not None
    client.force_login(world.teacher_a)
    assert client.get("/records/lrs-keys/").status_code == 403


def test_a_signed_in_learner_reads_the_statements_about_them(client: Any, world: Any) -> None:
    from datetime import UTC, datetime, timedelta

    from resilience.records.results import record_result
    from tests.records.test_results import assessment

    start = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    record_result(world.pupil_a, "tablet-line", assessment(), session_id=None,
                  started=start, ended=start + timedelta(minutes=5))
    record_result(world.pupil_b, "tablet-line", assessment(), session_id=None,
                  started=start, ended=start + timedelta(minutes=5))
    client.force_login(world.pupil_a)
    got = client.get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION="2.0.0").json()
    names = {s["actor"]["account"]["name"] for s in got["statements"]}
    assert names == {str(world.pupil_a.pk)} and len(got["statements"]) == 5


def test_a_signed_in_person_cannot_make_statements_about_someone_else(client: Any,
                                                                      world: Any) -> None:
    client.force_login(world.pupil_a)
    other = {"objectType": "Agent", "account": {
        "homePage": "https://resilience.invalid/people", "name": str(world.pupil_b.pk)}}
    response = client.post("/xapi/statements", json.dumps(statement(actor=other)),
                           content_type="application/json",
                           HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 403
    mine = {**other, "account": {**other["account"], "name": str(world.pupil_a.pk)}}
    assert client.post("/xapi/statements", json.dumps(statement(actor=mine)),
                       content_type="application/json",
                       HTTP_X_EXPERIENCE_API_VERSION="1.0.3").status_code == 200
