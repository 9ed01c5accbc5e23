"""Access-matrix rows for records/ (learning records pages and the xAPI LRS).

The xAPI resources authenticate with LRS keys (or the session) and answer as the xAPI
specification says, not with the site's sign-in redirect: without the
``X-Experience-API-Version`` header every request is a 400, whoever sends it; About needs
no header and no authentication. Their own behaviour is tested in test_xapi_*.py.
"""

from __future__ import annotations

from typing import Any

from tests.access.rows import EVERYONE, PERSONAS, Row, no_args, only

XAPI_NO_VERSION = dict.fromkeys(PERSONAS, 400)


def class_a(world: Any) -> dict[str, Any]:
    return {"pk": world.class_a.pk}


def class_b(world: Any) -> dict[str, Any]:
    return {"pk": world.class_b.pk}


def school_a(world: Any) -> dict[str, Any]:
    return {"pk": world.school_a.pk}


def a_credential(world: Any) -> dict[str, Any]:
    from resilience.records.credentials import create_credential

    credential, _secret = create_credential("Matrix app", ["all"])
    return {"pk": credential.pk}


ROWS: list[Row] = [
    ("records:xapi_statements", no_args, "get", XAPI_NO_VERSION),
    ("records:xapi_statements", no_args, "post", XAPI_NO_VERSION),
    ("records:xapi_state", no_args, "get", XAPI_NO_VERSION),
    ("records:xapi_activity_profile", no_args, "get", XAPI_NO_VERSION),
    ("records:xapi_activities", no_args, "get", XAPI_NO_VERSION),
    ("records:xapi_agent_profile", no_args, "get", XAPI_NO_VERSION),
    ("records:xapi_agents", no_args, "get", XAPI_NO_VERSION),
    ("records:xapi_about", no_args, "get", EVERYONE),
    ("records:competencies", no_args, "get", EVERYONE),
    ("records:progress", no_args, "get",
     only({"pupil_a": 200, "pupil_b": 200, "teacher_a": 200, "teacher_b": 200})),
    ("records:class_index", no_args, "get", only({"teacher_a": 200, "teacher_b": 200,
                                                   "admin": 200})),
    ("records:class_results", class_a, "get", only({"teacher_a": 200, "admin": 200,
                                                     "teacher_b": 404})),
    ("records:class_skills", class_a, "get", only({"teacher_a": 200, "admin": 200,
                                                    "teacher_b": 404})),
    ("records:class_skills", class_b, "get", only({"teacher_b": 200, "admin": 200,
                                                    "teacher_a": 404})),
    ("records:aggregate", no_args, "get", only({"admin": 200, "partner_a": 200,
                                                 "partner_b": 200})),
    ("records:organisation_skills", school_a, "get",
     only({"admin": 200, "partner_a": 200, "partner_b": 404})),
    ("records:members", no_args, "get", only({"affiliate": 200})),
    ("records:credentials", no_args, "get", only({"admin": 200})),
    ("records:credential_revoke", a_credential, "post", only({"admin": 302})),
]
