"""The one interface the live-session code calls when a run ends.

    from resilience.records.results import record_result
    result = record_result(learner, "grade-b-gowning", assessment_dict, session_id=...,
                           school_class=..., started=..., ended=...)

It stores the :class:`Result` and writes the run's xAPI statements (vocabulary in
:mod:`resilience.records.vocabulary`, documented in docs/xapi-profile.md) in one
transaction. Calling it again for the same learner, scenario and session returns the
stored result and writes nothing (a retried call is harmless).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.db import transaction

from resilience.records import vocabulary as v
from resilience.records.models import Result
from resilience.records.xapi.http import user_agent
from resilience.records.xapi.store import Principal, iso, store_statements

#: Namespace for the ids we derive (registration and statement ids of our own runs).
NAMESPACE = uuid.UUID("5b0f7b8e-3a52-4d5e-9f55-0d3c6a0e2b71")
PLATFORM_AUTHORITY = {"objectType": "Agent", "name": "Resilience platform",
                      "account": {"homePage": "https://resilience.invalid/lrs-clients",
                                  "name": "resilience-platform"}}


class AssessmentError(ValueError):
    """The assessment dict is not what the simulation engine promises."""


def _scenario_title(scenario_id: str) -> str:
    try:
        from resilience.sim.registry import get_scenario

        return str(get_scenario(scenario_id).meta.title)
    except Exception:
        return scenario_id


def _check(assessment: dict[str, Any]) -> tuple[int, bool, list[dict[str, Any]], list[str],
                                                  float]:
    score = assessment.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 100:
        raise AssessmentError("score must be a number from 0 to 100")
    passed = assessment.get("passed")
    if not isinstance(passed, bool):
        raise AssessmentError("passed must be true or false")
    criteria = list(assessment.get("criteria") or [])
    for c in criteria:
        if not isinstance(c, dict) or not c.get("id") or not isinstance(c.get("passed"), bool):
            raise AssessmentError("each criterion needs an id and passed true/false")
    competencies = [str(c) for c in assessment.get("competencies") or []]
    time_taken = assessment.get("time_taken_s", assessment.get("time_taken", 0)) or 0
    if not isinstance(time_taken, int | float) or time_taken < 0:
        raise AssessmentError("time taken must be a non-negative number of seconds")
    return round(score), passed, criteria, competencies, float(time_taken)


def _duration(seconds: float) -> str:
    return f"PT{seconds:.2f}S"


def build_statements(learner: Any, scenario_id: str, assessment: dict[str, Any], *,
                     registration: uuid.UUID, session_id: str | None, school_class: Any,
                     started: datetime, ended: datetime) -> list[dict[str, Any]]:
    """The statements of one run: attempted, completed, passed|failed, one per criterion."""
    score, passed, criteria, competencies, time_taken = _check(assessment)
    actor = user_agent(learner)
    scenario = {"objectType": "Activity", "id": v.scenario_iri(scenario_id),
                "definition": {"name": {"en-GB": _scenario_title(scenario_id)},
                               "type": v.SIMULATION_TYPE}}
    context: dict[str, Any] = {"registration": str(registration), "platform": "Resilience",
                               "language": "en-GB", "contextActivities": {}}
    if session_id:
        context["contextActivities"]["grouping"] = [
            {"objectType": "Activity", "id": v.session_iri(session_id),
             "definition": {"type": v.SESSION_TYPE}}]
    if school_class is not None and getattr(school_class, "teacher_id", None):
        context["instructor"] = user_agent(school_class.teacher)
    context["contextActivities"]["category"] = [{"id": v.PROFILE_IRI}]

    def competency_activities(slugs: list[str]) -> list[dict[str, Any]]:
        return [{"objectType": "Activity", "id": v.competency_iri(s),
                 "definition": {"type": v.COMPETENCY_TYPE}} for s in dict.fromkeys(slugs)]

    def ctx(extra_category: list[dict[str, Any]] | None = None,
            parent: bool = False, other: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        out = {**context, "contextActivities": {k: list(val) for k, val in
                                                 context["contextActivities"].items()}}
        if extra_category:
            out["contextActivities"]["category"] += extra_category
        if other:
            out["contextActivities"]["other"] = other
        if parent:
            out["contextActivities"]["parent"] = [{"objectType": "Activity",
                                                   "id": scenario["id"]}]
        return out

    def sid(n: int) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{registration}/{n}"))

    measures = assessment.get("details") or {}
    criteria_evidence = any(c.get("competencies") for c in criteria)
    statements: list[dict[str, Any]] = [
        {"id": sid(0), "actor": actor, "verb": v.verb("attempted"), "object": scenario,
         "context": ctx(), "timestamp": iso(started)},
        {"id": sid(1), "actor": actor, "verb": v.verb("completed"), "object": scenario,
         "result": {"completion": True, "duration": _duration(time_taken)},
         "context": ctx(), "timestamp": iso(ended)},
    ]
    extensions: dict[str, Any] = {v.EXT_TIME_TAKEN: time_taken}
    if measures:
        extensions[v.EXT_MEASURES] = measures
    if "pass_mark" in assessment:
        extensions[v.EXT_PASS_MARK] = assessment["pass_mark"]
    statements.append({
        "id": sid(2), "actor": actor, "verb": v.verb("passed" if passed else "failed"),
        "object": scenario,
        "result": {"score": {"scaled": round(score / 100, 4), "raw": score, "min": 0,
                             "max": 100},
                   "success": passed, "completion": True, "duration": _duration(time_taken),
                   "extensions": extensions},
        # The criteria are the evidence (one statement each); the run names what it
        # evidenced under "other" so it is not counted twice — unless no criterion does.
        "context": (ctx(other=competency_activities(competencies)) if criteria_evidence
                    else ctx(competency_activities(competencies))),
        "timestamp": iso(ended)})
    for n, c in enumerate(criteria, start=3):
        result: dict[str, Any] = {"success": c["passed"]}
        if c.get("reason"):
            result["response"] = str(c["reason"])
        if "critical" in c:
            result["extensions"] = {v.EXT_CRITICAL: bool(c["critical"])}
        slugs = [str(s) for s in c.get("competencies") or []]
        statements.append({
            "id": sid(n), "actor": actor, "verb": v.verb("passed" if c["passed"] else "failed"),
            "object": {"objectType": "Activity", "id": v.criterion_iri(scenario_id, c["id"]),
                       "definition": {"name": {"en-GB": str(c.get("title") or c["id"])},
                                      "type": v.OBJECTIVE_TYPE}},
            "result": result, "context": ctx(competency_activities(slugs), parent=True),
            "timestamp": iso(ended)})
    return statements


def record_result(learner: Any, scenario_id: str, assessment: dict[str, Any], *,
                  session_id: str | None, school_class: Any = None, started: datetime,
                  ended: datetime) -> Result:
    """Store one finished run and its xAPI statements in one transaction; return the result.

    Raises :class:`AssessmentError` (a ``ValueError``) if the assessment is malformed;
    nothing is stored then.
    """
    if started.tzinfo is None or ended.tzinfo is None:
        raise AssessmentError("started and ended must be aware datetimes")
    if session_id:
        registration = uuid.uuid5(NAMESPACE, f"{session_id}/{learner.pk}/{scenario_id}")
        existing = Result.objects.filter(registration=registration).first()
        if existing is not None:
            return existing
    else:
        registration = uuid.uuid4()
    score, passed, criteria, competencies, time_taken = _check(assessment)
    statements = build_statements(learner, scenario_id, assessment, registration=registration,
                                  session_id=session_id, school_class=school_class,
                                  started=started, ended=ended)
    principal = Principal(
        authority=PLATFORM_AUTHORITY, scopes=frozenset({"all"}),
        organisation_id=school_class.organisation_id if school_class is not None else None)
    with transaction.atomic():
        result = Result.objects.create(
            learner=learner, scenario_id=scenario_id, session_id=session_id or "",
            school_class=school_class, score=score, passed=passed,
            criteria=[{k: c.get(k) for k in ("id", "title", "passed", "reason")}
                      for c in criteria],
            competencies=competencies, time_taken_s=time_taken, started=started, ended=ended,
            registration=registration)
        store_statements(statements, principal, version="1.0.3")
    return result


def results_for_learner(user: Any) -> list[Result]:
    """A learner's results, newest first (with their classes, in one query)."""
    return list(Result.objects.filter(learner=user).select_related("school_class"))
