from __future__ import annotations

from typing import Any

from django.core.management import call_command

from resilience.accounts.models import Enrolment, Organisation, SchoolClass, User
from resilience.core import demo


def test_demo_data_covers_the_programme_and_loads_once(db: Any, capsys: Any) -> None:
    call_command("demo")
    counts = (Organisation.objects.count(), User.objects.count(), Enrolment.objects.count())
    call_command("demo")
    assert (Organisation.objects.count(), User.objects.count(),
            Enrolment.objects.count()) == counts
    out = capsys.readouterr().out
    assert "Demo data was already loaded." in out and demo.DEMO_PASSWORD in out

    assert Organisation.objects.filter(kind="hub").count() == 1
    assert Organisation.objects.filter(kind="partner").count() == 5
    schools = Organisation.objects.filter(kind__in=["school", "college"])
    assert 25 <= schools.count() <= 40
    assert set(schools.values_list("nation", flat=True)) == {
        "england", "scotland", "wales", "northern_ireland"}
    assert Organisation.objects.filter(kind="nhs_trust").exists()
    assert Organisation.objects.filter(kind="company").exists()
    assert not schools.filter(partner__isnull=True).exists()
    assert SchoolClass.objects.count() >= 3
    assert not User.objects.filter(is_pupil=True).exclude(email="").exists()


def test_demo_sign_ins_work(client: Any, db: Any) -> None:
    demo.load()
    for person in demo.PEOPLE:
        response = client.post("/sign-in/", {"email": person.email,
                                             "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, person.email
        client.logout()
    pupil = client.post("/pupil-sign-in/", {"class_code": "KX7M4P", "pseudonym": "Otter",
                                            "sign_in_code": demo.DEMO_PUPIL_CODE})
    assert pupil.status_code == 302


def test_demo_includes_a_finished_live_session_with_genuine_runs(db: Any) -> None:
    from resilience.live.models import LiveSession
    from resilience.live.replay import timeline

    call_command("demo")
    session = LiveSession.objects.get(school_class__join_code="KX7M4P")
    assert session.status == "ended"
    runs = list(session.participants.all())
    assert len(runs) == 5
    assert {r.passed for r in runs} == {True, False}  # careful and careless pupils
    careless = next(r for r in runs if not r.passed)
    failed = {c["id"] for c in careless.assessment["criteria"] if not c["passed"]}
    assert failed  # named reasons, e.g. the gowning order
    replayed = timeline(careless.log, careless.seed, session.scenario_id, session.params)
    assert replayed.assessment == careless.assessment
