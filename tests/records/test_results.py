"""record_result(): one finished run becomes a stored result and its xAPI statements,
atomically; the learner sees it on their progress page."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from resilience.records import vocabulary as v
from resilience.records.models import Result, Statement
from resilience.records.results import AssessmentError, record_result, results_for_learner

STARTED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ENDED = STARTED + timedelta(minutes=12)


def assessment(**extra: Any) -> dict[str, Any]:
    a = {"score": 85, "passed": True, "time_taken_s": 412.0, "pass_mark": 70,
         "competencies": ["gowning", "aseptic-technique"],
         "criteria": [
             {"id": "order", "title": "Gowned in the Annex 1 order", "passed": True,
              "reason": "Every garment in order", "competencies": ["gowning"],
              "critical": True},
             {"id": "speed", "title": "Moved slowly in the grade B room", "passed": False,
              "reason": "Walked at 1.4 m/s; keep under 0.5 m/s",
              "competencies": ["aseptic-technique"]}],
         "details": {"peak_particles_per_m3": 2900}}
    a.update(extra)
    return a


def _statements() -> list[dict[str, Any]]:
    return [json.loads(s) for s in Statement.objects.order_by("pk").values_list("data",
                                                                                flat=True)]


def test_a_run_becomes_a_result_and_its_statements(world: Any) -> None:
    result = record_result(world.pupil_a, "grade-b-gowning", assessment(), session_id="s-1",
                           school_class=world.class_a, started=STARTED, ended=ENDED)
    assert result.score == 85 and result.passed and result.school_class == world.class_a
    sts = _statements()
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in sts] == [
        "attempted", "completed", "passed", "passed", "failed"]
    scenario = v.scenario_iri("grade-b-gowning")
    passed = sts[2]
    assert passed["object"]["id"] == scenario
    assert passed["result"]["score"] == {"scaled": 0.85, "raw": 85, "min": 0, "max": 100}
    assert passed["result"]["extensions"][v.EXT_TIME_TAKEN] == 412.0
    assert passed["result"]["extensions"][v.EXT_MEASURES] == {"peak_particles_per_m3": 2900}
    evidenced = {a["id"] for a in passed["context"]["contextActivities"]["other"]}
    assert v.competency_iri("gowning") in evidenced
    order = sts[3]
    assert v.competency_iri("gowning") in {
        a["id"] for a in order["context"]["contextActivities"]["category"]}
    assert passed["context"]["contextActivities"]["grouping"][0]["id"] == v.session_iri("s-1")
    assert passed["actor"]["account"]["name"] == str(world.pupil_a.pk)
    assert "Nova" not in json.dumps(sts)  # pseudonyms stay out of the statements
    criterion = sts[4]
    assert criterion["object"]["id"] == v.criterion_iri("grade-b-gowning", "speed")
    assert criterion["result"] == {"success": False,
                                   "response": "Walked at 1.4 m/s; keep under 0.5 m/s"}
    assert {s["context"]["registration"] for s in sts} == {str(result.registration)}
    assert sts[0]["timestamp"].startswith("2026-03-02T10:00:00")
    # The organisation of the class owns the statements.
    assert set(Statement.objects.values_list("organisation_id", flat=True)) == {
        world.school_a.pk}


def test_a_retried_call_for_the_same_session_writes_nothing_new(world: Any) -> None:
    kwargs = {"session_id": "s-2", "started": STARTED, "ended": ENDED}
    first = record_result(world.pupil_a, "tablet-line", assessment(), **kwargs)
    again = record_result(world.pupil_a, "tablet-line", assessment(), **kwargs)
    assert first.pk == again.pk
    assert Result.objects.count() == 1 and Statement.objects.count() == 5


@pytest.mark.parametrize("bad", [{"score": 140}, {"passed": "yes"},
                                 {"criteria": [{"title": "no id"}]}, {"time_taken_s": -1}])
def test_a_malformed_assessment_stores_nothing(world: Any, bad: dict[str, Any]) -> None:
    with pytest.raises(AssessmentError):
        record_result(world.pupil_a, "tablet-line", assessment(**bad), session_id=None,
                      started=STARTED, ended=ENDED)
    assert not Result.objects.exists() and not Statement.objects.exists()


def test_the_result_and_the_statements_commit_together(world: Any, monkeypatch: Any) -> None:
    from resilience.records import results

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(results, "store_statements", boom)
    with pytest.raises(RuntimeError):
        record_result(world.pupil_a, "tablet-line", assessment(), session_id="s-3",
                      started=STARTED, ended=ENDED)
    assert not Result.objects.exists()


def test_results_for_learner_are_newest_first_and_only_theirs(world: Any) -> None:
    record_result(world.pupil_a, "tablet-line", assessment(), session_id=None,
                  started=STARTED, ended=ENDED)
    record_result(world.pupil_a, "grade-b-gowning", assessment(passed=False, score=40),
                  session_id=None, started=STARTED, ended=ENDED + timedelta(days=1))
    record_result(world.pupil_b, "tablet-line", assessment(), session_id=None,
                  started=STARTED, ended=ENDED)
    mine = results_for_learner(world.pupil_a)
    assert [r.scenario_id for r in mine] == ["grade-b-gowning", "tablet-line"]


def test_the_learner_sees_results_credentials_and_skills(client: Any, world: Any) -> None:
    record_result(world.pupil_a, "grade-b-gowning", assessment(), session_id="s-4",
                  school_class=world.class_a, started=STARTED, ended=ENDED)
    client.force_login(world.pupil_a)
    page = client.get("/progress/").content.decode()
    assert "85%" in page and "Walked at 1.4 m/s" in page
    assert "Credentials earned" in page and "passed on 2 March 2026" in page
    skills = re.search(r'<table class="table heat" id="skills">.*?</table>', page, re.S)[0]
    assert re.search(r"Gowning</th>\s*<td class=\"level level-demonstrated\">Demonstrated",
                     skills)
    client.force_login(world.pupil_b)
    assert "85%" not in client.get("/progress/").content.decode()


def test_the_profile_document_names_every_iri_of_the_vocabulary() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "xapi-profile.md").read_text()
    short = doc.replace("…", v.BASE)
    for iri in [*v.VERBS.values(), v.SIMULATION_TYPE, v.OBJECTIVE_TYPE, v.COMPETENCY_TYPE,
                v.SESSION_TYPE, v.PROFILE_IRI, v.EXT_TIME_TAKEN, v.EXT_MEASURES,
                v.EXT_PASS_MARK, v.EXT_CRITICAL, v.scenario_iri("{scenario-id}"),
                v.criterion_iri("{scenario-id}", "{criterion-id}"),
                v.competency_iri("{slug}"), v.session_iri("{session-id}")]:
        assert iri in short, iri
    from resilience.records.competencies import SLUGS

    for slug in SLUGS:
        assert f"`{slug}`" in doc, slug


@pytest.mark.parametrize("scenario_id", ["grade-b-gowning", "tablet-line",
                                         "fed-batch-bioreactor"])
def test_a_real_simulation_assessment_is_recorded(world: Any, scenario_id: str) -> None:
    """The dict the simulation engine produces (Assessment.to_json) is what we accept."""
    sim = pytest.importorskip("resilience.sim.engine")
    from resilience.sim.registry import get_scenario

    session = sim.Session(get_scenario(scenario_id), 7)
    session.run_for(2.0)
    session.finish()
    data = session.assess().to_json()
    result = record_result(world.pupil_a, scenario_id, data, session_id="real",
                           school_class=world.class_a, started=STARTED, ended=ENDED)
    assert result.score == data["score"] and result.passed == data["passed"]
    assert Statement.objects.count() == 3 + len(data["criteria"])
    titles = {json.loads(d)["object"].get("definition", {}).get("name", {}).get("en-GB")
              for d in Statement.objects.values_list("data", flat=True)}
    assert get_scenario(scenario_id).meta.title in titles


def test_a_run_finished_in_a_live_session_reaches_the_learners_progress(
        client: Any, world: Any) -> None:
    """The live runtime hands finished runs to record_result (contract with live/)."""
    actions = pytest.importorskip("resilience.live.actions")
    sim = pytest.importorskip("resilience.sim.engine")
    from resilience.sim.registry import get_scenario

    _session, participant = actions.start_solo(world.pupil_a, "grade-b-gowning")
    run = sim.Session(get_scenario("grade-b-gowning"), 3)
    run.run_for(1.0)
    run.finish()
    assert actions.store_result(participant.pk, run.log, run.assess().to_json())
    [result] = results_for_learner(world.pupil_a)
    assert result.scenario_id == "grade-b-gowning"
    client.force_login(world.pupil_a)
    assert "Gowning for a grade B cleanroom" in client.get("/progress/").content.decode()
