"""The xAPI vocabulary of our own statements (published in docs/xapi-profile.md).

Every IRI is built here and nowhere else, so the profile document and the code cannot
drift apart; ``tests/records/test_vocabulary.py`` checks the document against this module.
"""

from __future__ import annotations

BASE = "https://w3id.org/xapi/resilience"

#: ADL verbs (http://adlnet.gov/expapi/verbs/…), with their English display.
VERBS = {
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}

#: Activity types.
SIMULATION_TYPE = "http://adlnet.gov/expapi/activities/simulation"
OBJECTIVE_TYPE = "http://adlnet.gov/expapi/activities/objective"
COMPETENCY_TYPE = f"{BASE}/activity-types/competency"
SESSION_TYPE = f"{BASE}/activity-types/live-session"
PROFILE_IRI = f"{BASE}/profile"

#: Result extensions.
EXT_TIME_TAKEN = f"{BASE}/extensions/time-taken-s"
EXT_MEASURES = f"{BASE}/extensions/measures"
EXT_PASS_MARK = f"{BASE}/extensions/pass-mark"
EXT_CRITICAL = f"{BASE}/extensions/critical"
#: Context extensions.
EXT_SCENARIO_VERSION = f"{BASE}/extensions/scenario-version"


def scenario_iri(scenario_id: str) -> str:
    return f"{BASE}/scenarios/{scenario_id}"


def criterion_iri(scenario_id: str, criterion_id: str) -> str:
    return f"{BASE}/scenarios/{scenario_id}/criteria/{criterion_id}"


def competency_iri(slug: str) -> str:
    return f"{BASE}/competencies/{slug}"


def session_iri(session_id: str) -> str:
    return f"{BASE}/sessions/{session_id}"


def competency_slug(iri: str) -> str | None:
    prefix = f"{BASE}/competencies/"
    return iri[len(prefix):] if iri.startswith(prefix) else None


def verb(name: str) -> dict[str, object]:
    return {"id": VERBS[name], "display": {"en-GB": name}}
