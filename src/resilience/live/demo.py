"""Demo live sessions: a finished gowning session for the demo class, with real runs.

The runs are played through the simulation exactly as a learner would play them (so the
debrief, the replays and the pupils' results are all genuine), some careful and some not.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from resilience.accounts.models import SchoolClass
from resilience.live import actions
from resilience.live.models import LiveSession
from resilience.sim.engine import Action, Session
from resilience.sim.registry import get_scenario

ORDER = ["locker", "sink", "facility_garments", "hand_rub", "inner_gloves", "mask", "hood",
         "coverall", "boots", "goggles", "outer_gloves", "mirror", "glove_spray"]
PRESS = {"locker", "sink", "hand_rub", "mirror", "glove_spray"}


def _wait(s: Session, seconds: float, speed: float = 0.0) -> None:
    x = (s.state.last_head or (0.0, 1.6, 0.0))[0]
    direction = 1.0
    for i in range(round(seconds / 0.05)):
        s.tick(0.05)
        x += direction * speed * 0.05
        if abs(x) > 2.0:
            direction = -direction
        if i % 4 == 0:
            s.pose(s.t, (x, 1.6, 0.0))


def _do(s: Session, node: str, verb: str, value: str | None = None) -> None:
    s.apply(Action(node, verb, value))
    _wait(s, 1.0)


def _run(seed: int, careful: bool) -> Session:
    s = Session(get_scenario("grade-b-gowning"), seed)
    order = ORDER if careful else [*ORDER[:5], "coverall", "mask", "hood", *ORDER[8:11],
                                   "glove_spray"]
    for node in order:
        if node in PRESS:
            _do(s, node, "press")
        else:
            _do(s, node, "grab", "inside" if careful else "outside")
            _do(s, node, "place", "body")
    _do(s, "door_b", "press")
    _wait(s, 20, speed=0.0 if careful else 1.3)
    _do(s, "finish", "press")
    return s


def load() -> bool:
    """Add the demo session once; return False if it was already there."""
    school_class = SchoolClass.objects.filter(join_code="KX7M4P").select_related(
        "teacher").first()
    if school_class is None or LiveSession.objects.filter(school_class=school_class).exists():
        return False
    session = actions.start_session(school_class.teacher, "grade-b-gowning",
                                    school_class=school_class)
    for index, enrolment in enumerate(school_class.enrolments.select_related("pupil")[:5]):
        participant = actions.join(session, enrolment.pupil)
        sim = _run(participant.seed, careful=index % 3 != 2)
        sim.finish()
        actions.store_result(participant.pk, sim.log, sim.assess().to_json())
    session.status = LiveSession.Status.ENDED
    session.ended = timezone.now() - timedelta(days=2)
    session.save(update_fields=["status", "ended"])
    return True
