from tests.access.rows import EVERYONE, PERSONAS, Row, no_args, only
from tests.live.fixtures import class_session, pupil_a_run


def code(world):  # type: ignore[no-untyped-def]
    return {"code": class_session(world).code}


def run(world):  # type: ignore[no-untyped-def]
    return {"code": class_session(world).code, "participant_id": pupil_a_run(world).pk}


WATCHERS = {"admin": 200, "teacher_a": 200, "teacher_b": 404}
STEERERS = {"admin": 302, "teacher_a": 302, "teacher_b": 404}

ROWS: list[Row] = [
    # Starting needs a scenario; with none, hosts get "no such simulation".
    ("live:start", no_args, "post", only({"teacher_a": 404, "teacher_b": 404})),
    ("live:join", no_args, "get", EVERYONE),
    ("live:solo", lambda w: {"scenario_id": "grade-b-gowning"}, "post",
     dict.fromkeys(PERSONAS, 302)),
    # Only a learner with a run in the session gets the page; others go to the join page.
    ("live:play", code, "get", {**dict.fromkeys(PERSONAS, 302), "pupil_a": 200}),
    ("live:instructor", code, "get", only(WATCHERS)),
    ("live:fault", code, "post", only(STEERERS)),
    ("live:pause", code, "post", only(STEERERS)),
    ("live:end", code, "post", only(STEERERS)),
    ("live:debrief", code, "get", only(WATCHERS)),
    ("live:replay", run, "get", only(WATCHERS)),
    ("live:export", code, "get", only(WATCHERS)),
]
