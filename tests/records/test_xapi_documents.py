"""State, Activity Profile and Agent Profile documents with ETag concurrency; Activities,
Agents and About."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from tests.records.conftest import statement

AGENT = json.dumps({"mbox": "mailto:ada@example.org"})
ACTIVITY = "http://example.org/activities/one"


def _state(**extra: str) -> str:
    return "activities/state?" + urlencode({"activityId": ACTIVITY, "agent": AGENT, **extra})


def test_state_documents_are_stored_merged_listed_and_deleted(lrs: Any) -> None:
    assert lrs.put(_state(stateId="bookmark"), {"page": 3}).status_code == 204
    got = lrs.get(_state(stateId="bookmark"))
    assert got.json() == {"page": 3} and got["ETag"].startswith('"')
    assert lrs.post(_state(stateId="bookmark"), {"time": 40}).status_code == 204
    assert lrs.get(_state(stateId="bookmark")).json() == {"page": 3, "time": 40}
    lrs.put(_state(stateId="notes"), "plain words", content_type="text/plain")
    assert sorted(lrs.get(_state()).json()) == ["bookmark", "notes"]
    # POST cannot merge into a document that is not JSON.
    assert lrs.post(_state(stateId="notes"), {"a": 1}).status_code == 400
    assert lrs.delete(_state()).status_code == 204
    assert lrs.get(_state(stateId="bookmark")).status_code == 404


def test_state_needs_an_activity_and_a_valid_agent(lrs: Any) -> None:
    assert lrs.get("activities/state?" + urlencode({"agent": AGENT})).status_code == 400
    bad_agent = urlencode({"activityId": ACTIVITY, "agent": '{"name": "no id"}'})
    assert lrs.get(f"activities/state?{bad_agent}").status_code == 400
    assert lrs.put(_state(), {"a": 1}).status_code == 400  # no stateId


def _profile(**extra: str) -> str:
    return "activities/profile?" + urlencode({"activityId": ACTIVITY, **extra})


def test_profiles_honour_if_match_and_if_none_match(make_lrs: Any) -> None:
    lrs = make_lrs(version="2.0.0")
    url = _profile(profileId="p1")
    assert lrs.put(url, {"v": 1}, HTTP_IF_NONE_MATCH="*").status_code == 204
    etag = lrs.get(url)["ETag"]
    assert lrs.put(url, {"v": 2}, HTTP_IF_NONE_MATCH="*").status_code == 412
    assert lrs.put(url, {"v": 2}).status_code == 409  # exists, no precondition
    assert lrs.put(url, {"v": 2}, HTTP_IF_MATCH='"0000"').status_code == 412
    assert lrs.get(url).json() == {"v": 1}
    assert lrs.put(url, {"v": 2}, HTTP_IF_MATCH=etag).status_code == 204
    assert lrs.get(url).json() == {"v": 2}
    assert lrs.delete(url, HTTP_IF_MATCH=etag).status_code == 412  # etag changed
    assert lrs.delete(url, HTTP_IF_MATCH=lrs.get(url)["ETag"]).status_code == 204


def test_in_1_0_3_a_profile_put_needs_a_precondition(lrs: Any) -> None:
    assert lrs.put(_profile(profileId="p2"), {"v": 1}).status_code == 400


def test_agent_profiles_are_kept_per_agent(lrs: Any) -> None:
    url = "agents/profile?" + urlencode({"agent": AGENT, "profileId": "prefs"})
    assert lrs.put(url, {"lang": "cy"}, HTTP_IF_NONE_MATCH="*").status_code == 204
    other = json.dumps({"mbox": "mailto:grace@example.org"})
    assert lrs.get("agents/profile?" + urlencode({"agent": other, "profileId": "prefs"})
                   ).status_code == 404
    assert lrs.get(url).json() == {"lang": "cy"}


def test_activities_return_the_merged_canonical_definition(lrs: Any) -> None:
    lrs.post("statements", statement())
    lrs.post("statements", statement(object={"id": ACTIVITY, "definition": {
        "description": {"en-GB": "The first"}}}))
    got = lrs.get("activities", {"activityId": ACTIVITY}).json()
    assert got["definition"]["name"] == {"en-GB": "One", "cy": "Un"}
    assert got["definition"]["description"] == {"en-GB": "The first"}
    unknown = lrs.get("activities", {"activityId": "http://example.org/never"}).json()
    assert unknown == {"objectType": "Activity", "id": "http://example.org/never"}
    assert lrs.get("activities").status_code == 400


def test_agents_return_a_person(lrs: Any) -> None:
    lrs.post("statements", statement())
    person = lrs.get("agents", {"agent": AGENT}).json()
    assert person == {"objectType": "Person", "name": ["Ada"],
                      "mbox": ["mailto:ada@example.org"]}
    assert lrs.get("agents", {"agent": '{"mbox": "nope"}'}).status_code == 400


def test_about_lists_both_versions_without_authentication(client: Any) -> None:
    about = client.get("/xapi/about").json()
    assert {"1.0.3", "2.0.0"} <= set(about["version"])
