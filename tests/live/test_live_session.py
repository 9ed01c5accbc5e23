"""A teacher and three learners in a live class session, over real WebSockets."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from websockets.exceptions import ConnectionClosed

from resilience.live.models import LiveSession, Participant
from resilience.live.replay import timeline
from resilience.sim.registry import get_scenario
from resilience.sim.scene import apply_patch
from tests.conftest import make_pupil
from tests.live.wsclient import LiveSocket, cookie_for


def pressable(scene: dict[str, Any]) -> list[str]:
    return [nid for nid, node in scene["nodes"].items() if node.get("visible") is not False
            and any(a["kind"] == "press" for a in node.get("affordances", []))]


def join_as(server: str, user: Any, code: str) -> LiveSocket:
    client = Client()
    client.force_login(user)
    assert client.get(f"/play/{code}/").status_code == 302  # not joined yet
    response = client.post("/live/join/", {"code": code})
    assert response.status_code == 302 and response["Location"] == f"/play/{code}/"
    assert client.get(f"/play/{code}/").status_code == 200
    return LiveSocket(server, f"/ws/live/{code}/", client.cookies["sessionid"].value)


def start_class_session(world: Any) -> str:
    teacher = Client()
    teacher.force_login(world.teacher_a)
    response = teacher.post("/live/start/", {"scenario": "grade-b-gowning",
                                             "school_class": world.class_a.pk})
    assert response.status_code == 302
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_a_teacher_and_three_learners_run_a_class_session(asgi_server: str, world: Any) -> None:
    code = start_class_session(world)
    teacher = Client()
    teacher.force_login(world.teacher_a)
    pupils = [world.pupil_a, make_pupil(world.class_a, "Falcon")[0],
              make_pupil(world.class_a, "Heron")[0]]
    instructor = LiveSocket(asgi_server, f"/ws/live/{code}/instructor/",
                            cookie_for(world.teacher_a))
    assert instructor.of_type("roster")["learners"] == []

    learners = [join_as(asgi_server, pupil, code) for pupil in pupils]
    scenes = []
    for learner, name in zip(learners, ["Nova", "Falcon", "Heron"], strict=True):
        welcome = learner.of_type("welcome")
        assert welcome["participant"]["name"] == name
        assert welcome["session"]["mode"] == "class"
        scenes.append(learner.of_type("scene")["scene"])

    # Each learner acts; the server's patch changes what they see.
    for learner, scene in zip(learners, scenes, strict=True):
        target = pressable(scene)[0]
        learner.send({"type": "action", "v": 1, "node": target, "verb": "press"})
        reply = learner.wait_for(lambda m: m["type"] in ("patch", "error"))
        assert reply["type"] == "patch", reply
        assert apply_patch(scene, reply) != scene

    # The instructor view hears about every learner.
    connected: set[str] = set()
    while len(connected) < 3:
        update = instructor.of_type("learner")["learner"]
        if update["connected"]:
            connected.add(update["name"])
    assert connected == {"Nova", "Falcon", "Heron"}

    # A fault for everyone reaches every learner.
    fault = get_scenario("grade-b-gowning").meta.faults[0]
    assert teacher.post(f"/live/{code}/fault/", {"fault": fault.id, "learner": "all"}
                        ).status_code == 302
    for learner in learners:
        assert learner.of_type("caption", kind="fault", timeout=10)["text"]
    assert instructor.of_type("alert", timeout=10)["kind"] in ("fault", "error", "excursion",
                                                               "alert")

    # Ending the session sends every learner their result and stores it.
    assert teacher.post(f"/live/{code}/end/").status_code == 302
    for learner in learners:
        result = learner.of_type("result")["assessment"]
        assert 0 <= result["score"] <= 100 and result["criteria"]
        learner.close()
    instructor.close()
    session = LiveSession.objects.get(code=code)
    assert session.status == "ended"
    runs = list(Participant.objects.filter(session=session))
    assert len(runs) == 3 and all(r.finished and r.assessment for r in runs)
    assert all(any(e.get("k") == "fault" for e in r.log) for r in runs)

    # The debrief replays each run from its log to the same assessment as the live run.
    for run in runs:
        replayed = timeline(run.log, run.seed, session.scenario_id, session.params)
        assert replayed.assessment == run.assessment
    debrief = teacher.get(f"/live/{code}/debrief/").content.decode()
    assert all(name in debrief for name in ("Nova", "Falcon", "Heron"))
    csv_text = teacher.get(f"/live/{code}/results.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("learner,finished,score,passed")
    assert len(csv_text.strip().splitlines()) == 4


def test_a_learner_who_reconnects_carries_on_where_they_were(asgi_server: str,
                                                             world: Any) -> None:
    code = start_class_session(world)
    first = join_as(asgi_server, world.pupil_a, code)
    scene = first.of_type("scene")["scene"]
    target = pressable(scene)[0]
    first.send({"type": "action", "v": 1, "node": target, "verb": "press"})
    scene = apply_patch(scene, first.of_type("patch"))
    first.close()

    again = LiveSocket(asgi_server, f"/ws/live/{code}/", cookie_for(world.pupil_a))
    again.of_type("welcome")
    resumed = again.of_type("scene")["scene"]
    assert resumed["nodes"] == scene["nodes"]
    again.close()
    run = Participant.objects.get(session__code=code, user=world.pupil_a)
    assert any(e.get("k") == "action" and e.get("node") == target for e in run.full_log())


def test_bad_messages_get_an_error_and_the_run_goes_on(asgi_server: str, world: Any) -> None:
    code = start_class_session(world)
    learner = join_as(asgi_server, world.pupil_a, code)
    scene = learner.of_type("scene")["scene"]
    learner.send("x" * 5000)
    assert "too large" in learner.of_type("error")["error"]
    learner.send("{not json")
    assert "not valid JSON" in learner.of_type("error")["error"]
    learner.send({"type": "action", "v": 1, "node": "no-such-node", "verb": "press"})
    assert "unknown node 'no-such-node'" in learner.of_type("error")["error"]
    for _ in range(60):
        learner.send({"type": "ping", "v": 1, "t": 0})
    assert "too many messages" in learner.of_type("error", code="rate-limited")["error"]
    # The run is unaffected and still answers.
    import time
    time.sleep(1.1)
    target = pressable(scene)[0]
    learner.send({"type": "action", "v": 1, "node": target, "verb": "press"})
    assert learner.wait_for(lambda m: m["type"] == "patch")["seq"] > 1
    learner.close()


def test_a_wrong_session_code_closes_without_saying_more(asgi_server: str, world: Any) -> None:
    socket = LiveSocket(asgi_server, "/ws/live/QQQQQQ/", cookie_for(world.pupil_a))
    with pytest.raises(ConnectionClosed) as closed:
        socket.ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4404


def test_a_pupil_of_another_school_cannot_join_a_class_session(world: Any, client: Client
                                                               ) -> None:
    session = LiveSession.objects.create(scenario_id="grade-b-gowning", mode="class",
                                         host=world.teacher_a, school_class=world.class_a)
    client.force_login(world.pupil_b)
    response = client.post("/live/join/", {"code": session.code})
    assert response.status_code == 400
    assert "This session is for a class" in response.content.decode()
    assert not session.participants.exists()


def test_an_open_session_takes_guests_with_a_made_up_name(world: Any, client: Client) -> None:
    session = LiveSession.objects.create(scenario_id="tablet-line", mode="open",
                                         host=world.teacher_a)
    response = client.post("/live/join/", {"code": session.display_code.lower(), "name": ""})
    assert "Make up a name" in response.content.decode()
    response = client.post("/live/join/", {"code": session.code, "name": "Blue Fox"})
    assert response.status_code == 302
    assert client.get(f"/play/{session.code}/").status_code == 200
    guest = session.participants.get()
    assert guest.user is None and guest.name == "Blue Fox" and guest.guest_key


def test_a_wrong_session_code_does_not_reveal_other_sessions(world: Any, client: Client) -> None:
    ended = LiveSession.objects.create(scenario_id="tablet-line", mode="open",
                                       host=world.teacher_a, status="ended")
    missing = client.post("/live/join/", {"code": "QQQQQQ", "name": "Blue Fox"})
    over = client.post("/live/join/", {"code": ended.code, "name": "Blue Fox"})
    words = "does not match a session that is running"
    assert words in missing.content.decode() and words in over.content.decode()


def test_messages_on_the_wire_are_small(world: Any) -> None:
    import zlib

    from resilience.sim.engine import Session
    from resilience.sim.registry import SCENARIO_IDS

    for scenario_id in SCENARIO_IDS:
        session = Session(get_scenario(scenario_id), 3)
        session.full()
        for _ in range(200):
            session.tick(0.05)
            patch = session.patch()
            if patch is not None:
                size = len(zlib.compress(json.dumps(patch, separators=(",", ":")).encode()))
                assert size <= 2048, (scenario_id, size)


def test_a_running_log_is_saved_in_chunks_and_rebuilds_the_run(transactional_db: Any,
                                                               world: Any) -> None:
    import asyncio

    from resilience.live.runtime import Runtime
    from resilience.sim.engine import Session

    session = LiveSession.objects.create(scenario_id="tablet-line", mode="open",
                                         host=world.teacher_a)
    participant = Participant.objects.create(session=session, name="Blue Fox", seed=5,
                                             guest_key="k")
    runtime = Runtime()
    run = runtime.build(participant.pk, session.pk, "Blue Fox", "tablet-line", 5, {}, [])
    for step in range(3):
        run.sim.apply({"node": "force", "verb": "set", "value": 15.0 + step})
        run.sim.run_for(1.0)
        run.dirty = True
        asyncio.run(runtime.persist_dirty())
    participant.refresh_from_db()
    assert participant.log == [] and participant.chunks.count() == 3
    assert participant.full_log() == run.sim.log
    rebuilt = Session.replay(participant.full_log())
    assert rebuilt.scene().to_json() == run.sim.scene().to_json()


def test_prune_deletes_old_guest_practice_runs_only(world: Any) -> None:
    from datetime import timedelta

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    from resilience.live import actions

    with time_machine.travel(timezone.now() - timedelta(days=40)):
        old_guest, _run = actions.start_solo(None, "tablet-line")
        old_pupil, _run = actions.start_solo(world.pupil_a, "tablet-line")
    recent_guest, _run = actions.start_solo(None, "tablet-line")
    call_command("prune")
    remaining = set(LiveSession.objects.values_list("pk", flat=True))
    assert old_guest.pk not in remaining
    assert {old_pupil.pk, recent_guest.pk} <= remaining
