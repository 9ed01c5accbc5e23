"""The outreach demo data loads on top of the core demo, once."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from resilience.core import demo as core_demo
from resilience.outreach import actions, demo
from resilience.outreach.models import Kit, Reservation


@pytest.mark.django_db
def test_demo_loads_once_and_shows_a_kit_on_loan_and_one_overdue(client: Any) -> None:
    core_demo.load()
    assert demo.load() is True
    assert demo.load() is False
    assert Kit.objects.count() == 6
    assert Reservation.objects.filter(actions.overdue_q()).count() == 1
    bestwood = Reservation.objects.get(status="out", institution__name="Bestwood Academy")
    assert bestwood.kit.code == "RES-KIT-01"
    from resilience.accounts.models import User

    client.force_login(User.objects.get(email="partner.lead@demo.resilience.test"))
    for name in ("outreach:dashboard", "outreach:loan_list", "outreach:event_list",
                 "outreach:institution_list", "outreach:cohort_list", "outreach:calendar",
                 "outreach:partnership_list", "outreach:placement_list", "outreach:kit_list"):
        assert client.get(reverse(name)).status_code == 200, name
