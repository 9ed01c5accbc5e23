"""Live sessions for the world fixture's personas."""

from __future__ import annotations

from typing import Any

from resilience.live import actions
from resilience.live.models import LiveSession, Participant


def class_session(world: Any, scenario_id: str = "grade-b-gowning") -> LiveSession:
    """A live session for class_a hosted by teacher_a, with pupil_a joined."""
    session = LiveSession.objects.filter(school_class=world.class_a).first()
    if session is None:
        session = actions.start_session(world.teacher_a, scenario_id,
                                        school_class=world.class_a)
        actions.join(session, world.pupil_a)
    return session


def pupil_a_run(world: Any) -> Participant:
    return class_session(world).participants.get(user=world.pupil_a)
