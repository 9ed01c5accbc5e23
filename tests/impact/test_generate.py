from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command


def test_the_generator_fills_an_empty_database_and_the_dashboard_reads_it(
        db: Any, client: Any, capsys: Any) -> None:
    from resilience.accounts.models import Membership, Organisation, User
    from resilience.impact.models import EdiResponse
    from resilience.live.models import Participant
    from resilience.outreach.models import Event
    from resilience.records.models import Statement

    call_command("generate_programme", participants=300, events=12, statements=2_000, edi=60,
                 schools=20)
    assert User.objects.filter(is_pupil=True).count() == 300
    assert Participant.objects.filter(finished__isnull=False).count() == 300
    assert Event.objects.count() == 12 and Statement.objects.count() == 2_000
    assert EdiResponse.objects.count() == 60
    assert set(Organisation.objects.filter(kind__in=["school", "college"])
               .values_list("nation", flat=True)) == {"england", "scotland", "wales",
                                                      "northern_ireland"}
    admin = User.objects.create(username="a", email="a@example.org")
    Membership.objects.create(user=admin, organisation=Organisation.objects.get(slug="gen-hub"),
                              role="programme_admin")
    client.force_login(admin)
    assert client.get("/impact/dashboard/").status_code == 200
    assert "statements" in capsys.readouterr().out


def test_the_generator_refuses_a_database_that_holds_people(world: Any) -> None:
    with pytest.raises(CommandError, match="already holds people"):
        call_command("generate_programme", participants=1, events=1, statements=1)
