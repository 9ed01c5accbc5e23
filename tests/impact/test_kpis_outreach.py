"""KPIs that count from the outreach app's records (skipped if that app is not installed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from resilience.impact.kpis import REGISTRY

pytestmark = pytest.mark.skipif(not apps.is_installed("resilience.outreach"),
                                reason="the outreach app is not installed")

APR, MAR = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def outreach(world: Any) -> None:
    from resilience.outreach import models as m

    m.Partnership.objects.create(institution=world.school_a, partner=world.partner_org_a,
                                 academic_year="2024/25", contact_name="Ms A",
                                 agreement="signed", agreement_signed_on=dt.date(2025, 5, 10))
    m.Partnership.objects.create(institution=world.school_b, partner=world.partner_org_b,
                                 academic_year="2024/25", contact_name="Mr B",
                                 agreement="signed", agreement_signed_on=dt.date(2024, 12, 1))
    m.Partnership.objects.create(institution=world.school_b, partner=world.partner_org_b,
                                 academic_year="2025/26", contact_name="Mr B",
                                 agreement="proposed")
    careers = m.Event.objects.create(title="Careers day", kind="careers",
                                     partner=world.partner_org_a, starts=at(dt.date(2025, 6, 10)),
                                     ends=at(dt.date(2025, 6, 10), 15), venue="Hall",
                                     capacity=60)
    m.Registration.objects.create(event=careers, party=True, institution=world.school_a,
                                  contact_name="Ms A", places=30, attended_count=25,
                                  status="attended")
    m.Registration.objects.create(event=careers, contact_name="Visitor", places=1,
                                  status="attended")
    m.Registration.objects.create(event=careers, contact_name="No show", places=5,
                                  status="registered")
    training = m.Event.objects.create(title="NHS aseptic training", kind="training",
                                      partner=world.partner_org_a,
                                      starts=at(dt.date(2025, 7, 1)),
                                      ends=at(dt.date(2025, 7, 1), 16), venue="Lab",
                                      capacity=20)
    m.Registration.objects.create(event=training, contact_name="Trust", places=12,
                                  status="attended")
    cohort = m.Cohort.objects.create(name="Cohort 1", partner=world.partner_org_a,
                                     starts=dt.date(2025, 5, 1), ends=dt.date(2026, 1, 31))
    for i, progress in enumerate(["completed", "completed", "completed", "withdrawn"]):
        m.CohortMember.objects.create(cohort=cohort, name=f"Leader {i}",
                                      organisation=world.hub, progress=progress)
    kit_a = m.Kit.objects.create(code="KIT-A1", name="Kit A", partner=world.partner_org_a)
    m.Kit.objects.create(code="KIT-B1", name="Kit B", partner=world.partner_org_b)
    m.Reservation.objects.create(kit=kit_a, institution=world.school_a, location="Lab",
                                 contact_name="Ms A", contact_email="a@school.example",
                                 start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 6, 10),
                                 status="returned", checked_out_at=at(dt.date(2025, 6, 1)),
                                 returned_at=at(dt.date(2025, 6, 10)))


def test_outreach_kpis_count_by_hand(outreach: None) -> None:
    count = {key: kpi.count(APR, MAR) for key, kpi in REGISTRY.items()}
    assert count["partner_schools"] == 1  # school B's agreement was signed before April
    assert count["students_reached"] == 26  # 25 of a party of 30, plus one visitor
    assert count["trainees_trained"] == 12
    assert count["events_held"] == 2
    assert count["leaders_developed"] == 3  # the withdrawn member does not count


def test_headset_loan_utilisation_by_hand(outreach: None) -> None:
    # June 2025: 2 kits × 30 days = 60 kit-days; kit A out 1–10 June = 10 days → 17 %.
    kpi = REGISTRY["headset_loan_utilisation"]
    assert kpi.count(dt.date(2025, 6, 1), dt.date(2025, 6, 30)) == 17
