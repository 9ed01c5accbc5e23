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
