"""Who may run, watch, join and review a live session. Built on accounts.access."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from resilience.accounts.access import is_programme_admin, org_ids
from resilience.accounts.models import Role, User
from resilience.live.models import LiveSession, Participant


def instructed_sessions(user: User) -> QuerySet[LiveSession]:
    """Sessions a person may watch and steer: their own, and (for teachers) the class
    sessions of the schools where they teach. Programme admins see all."""
    sessions = LiveSession.objects.exclude(mode=LiveSession.Mode.SOLO)
    if is_programme_admin(user):
        return sessions
    schools = org_ids(user, Role.TEACHER)
    return sessions.filter(Q(host=user) | Q(school_class__organisation_id__in=schools))


def get_session_for_instructor(user: User, code: str) -> LiveSession:
    try:
        return instructed_sessions(user).select_related("school_class", "host").get(code=code)
    except LiveSession.DoesNotExist:
        raise Http404("No such session") from None


def may_join(user: User, session: LiveSession) -> bool:
    """Class sessions: only pupils enrolled in the class. Open and solo: checked by key."""
    if session.mode == LiveSession.Mode.CLASS:
        return bool(user.is_authenticated and session.school_class_id
                    and user.enrolments.filter(school_class_id=session.school_class_id).exists())
    return True


def participant_for(user: User, guest_keys: list[str], code: str) -> Participant | None:
    """The caller's run in session ``code``, if they have one."""
    runs = Participant.objects.select_related("session").filter(session__code=code)
    if user.is_authenticated:
        run = runs.filter(user=user).first()
        if run is not None:
            return run
    if guest_keys:
        return runs.filter(user__isnull=True, guest_key__in=guest_keys).first()
    return None
