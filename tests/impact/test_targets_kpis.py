"""Targets (no overlapping periods) and KPIs counted from the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from resilience.impact import actions
from resilience.impact.kpis import REGISTRY, financial_year, quarters, wired
from resilience.impact.models import Target

APR, MAR = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def test_overlapping_periods_for_one_kpi_are_refused(world: Any) -> None:
    actions.save_target(world.admin, kpi="events_held", start=APR, end=MAR, value=85)
    with pytest.raises(ValidationError, match="overlaps"):
        actions.save_target(world.admin, kpi="events_held", start=dt.date(2026, 3, 31),
                            end=dt.date(2027, 3, 31), value=90)
    # Another KPI, or the next period, is fine.
    actions.save_target(world.admin, kpi="students_reached", start=APR, end=MAR, value=7500)
    actions.save_target(world.admin, kpi="events_held", start=dt.date(2026, 4, 1),
                        end=dt.date(2027, 3, 31), value=90)
    assert Target.objects.count() == 3


def test_a_target_can_be_changed_without_clashing_with_itself(world: Any) -> None:
    target = actions.save_target(world.admin, kpi="events_held", start=APR, end=MAR,
                                 value=85)
    actions.save_target(world.admin, kpi="events_held", start=APR, end=MAR, value=100,
                        target=target)
    assert Target.objects.get().value == 100


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraint")
def test_postgresql_itself_refuses_an_overlap(world: Any) -> None:
    Target.objects.create(kpi="events_held", start=APR, end=MAR, value=85)
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(kpi="events_held", start=dt.date(2025, 6, 1),
                              end=dt.date(2025, 7, 1), value=5)


def test_the_targets_page_shows_the_overlap_message(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    form = {"kpi": "events_held", "start": "2025-04-01", "end": "2026-03-31", "value": 85}
    assert client.post(reverse("impact:targets"), form).status_code == 302
    page = client.post(reverse("impact:targets"), {**form, "start": "2025-10-01",
                                                   "end": "2026-09-30"})
    assert "overlaps this period" in page.content.decode()
    assert Target.objects.count() == 1


def test_periods_and_quarters() -> None:
    assert financial_year(dt.date(2026, 2, 1)) == (APR, MAR)
    assert financial_year(dt.date(2025, 4, 1)) == (APR, MAR)
    qs = quarters(APR, MAR)
    assert [(q[1], q[2]) for q in qs] == [
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)), (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)), (dt.date(2026, 1, 1), MAR)]


def _run(world: Any, finished: dt.datetime | None, name: str) -> None:
    from resilience.live.models import LiveSession, Participant

    session = LiveSession.objects.create(scenario_id="gowning", mode="class",
                                         host=world.teacher_a, school_class=world.class_a)
    Participant.objects.create(session=session, user=None, guest_key=name, name=name, seed=1,
                               finished=finished)


def test_simulation_sessions_completed_counts_finished_runs(world: Any) -> None:
    tz = timezone.get_current_timezone()
    _run(world, dt.datetime(2025, 5, 1, 10, tzinfo=tz), "a")
    _run(world, dt.datetime(2025, 5, 2, 10, tzinfo=tz), "b")
    _run(world, None, "unfinished")
    _run(world, dt.datetime(2026, 4, 1, 0, 30, tzinfo=tz), "next year")
    kpi = REGISTRY["simulation_sessions_completed"]
    assert kpi.count(APR, MAR) == 2
    assert kpi.count(dt.date(2025, 5, 2), dt.date(2025, 5, 2)) == 1


def test_institutions_connected_counts_contacts_not_register_entries(world: Any) -> None:
    from resilience.accounts.models import Organisation
    from resilience.live.models import LiveSession
    from resilience.outreach.models import Engagement

    kpi = REGISTRY["institutions_connected"]
    today = timezone.localdate()
    uni = Organisation.objects.create(name="Uni", slug="uni", kind="university")
    company = Organisation.objects.create(name="Co", slug="co", kind="company")
    assert kpi.count(dt.date(2000, 1, 1), today) == 0  # in the register, never contacted
    for org in (uni, company, world.school_b):
        Engagement.objects.create(institution=org, partner=world.partner_org_a,
                                  kind="visit", date=today)
    Engagement.objects.create(institution=uni, partner=world.partner_org_a, kind="download",
                              date=today)
    LiveSession.objects.create(scenario_id="tablet-line", mode="class", host=world.teacher_a,
                               school_class=world.class_a, organisation=world.school_a)
    # uni (twice, counted once), school_b (visit), school_a (class session); not the company
    assert kpi.count(dt.date(2000, 1, 1), today) == 3
    assert kpi.count(dt.date(2000, 1, 1), today - dt.timedelta(days=1)) == 0


def test_which_kpis_are_wired() -> None:
    status = wired()
    assert status["simulation_sessions_completed"] and status["institutions_connected"]
    assert set(status) == {"partner_schools", "institutions_connected", "students_reached",
                           "trainees_trained", "events_held", "leaders_developed",
                           "headset_loan_utilisation", "simulation_sessions_completed"}


def test_a_kpi_whose_app_is_missing_reports_none(db: Any, monkeypatch: Any) -> None:
    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed",
                        lambda name: False if name == "resilience.outreach" else real(name))
    assert REGISTRY["events_held"].count(APR, MAR) is None
    assert REGISTRY["simulation_sessions_completed"].count(APR, MAR) is not None


def test_the_dashboard_shows_kpis_against_targets(client: Any, world: Any) -> None:
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    start, end = financial_year(today)
    actions.save_target(world.admin, kpi="simulation_sessions_completed", start=start,
                        end=end, value=40)
    for i in range(3):
        _run(world, dt.datetime.combine(today, dt.time(9), tzinfo=tz), f"r{i}")
    client.force_login(world.partner_a)
    page = client.get(reverse("impact:dashboard")).content.decode()
    assert "Simulation sessions completed" in page
    assert '<svg' in page and "Target 40" in page and "<desc" in page
    csv_text = client.get(reverse("impact:dashboard_csv")).content.decode()
    assert "simulation_sessions_completed" in csv_text
    row = next(line for line in csv_text.splitlines()
               if line.startswith("simulation_sessions_completed"))
    assert ",40,False,3," in row
