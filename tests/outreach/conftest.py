"""Outreach fixtures: a kit for each partner, an event, dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture
def kit_a(world: Any) -> Any:
    from resilience.outreach.models import Kit, KitComponent

    kit = Kit.objects.create(code="KIT-A1", name="Quest 3 kit 1", partner=world.partner_org_a)
    for kind, serial in [("headset", "HS-A1"), ("controller_left", "CL-A1"),
                         ("controller_right", "CR-A1"), ("charger", "CH-A1"), ("case", "CS-A1")]:
        KitComponent.objects.create(kit=kit, kind=kind, serial=serial, model="Quest 3")
    return kit


@pytest.fixture
def kit_b(world: Any) -> Any:
    from resilience.outreach.models import Kit

    return Kit.objects.create(code="KIT-B1", name="Quest 3 kit B", partner=world.partner_org_b)


@pytest.fixture
def event_a(world: Any) -> Any:
    from django.utils import timezone

    from resilience.outreach.models import Event

    starts = timezone.now() + dt.timedelta(days=10)
    return Event.objects.create(title="Cleanroom careers day", kind="careers",
                                partner=world.partner_org_a, starts=starts,
                                ends=starts + dt.timedelta(hours=3), venue="Trent Building",
                                capacity=30, gatsby=[5, 7], scenario_ids=["gowning-grade-b"])


@pytest.fixture
def event_b(world: Any) -> Any:
    from django.utils import timezone

    from resilience.outreach.models import Event

    starts = timezone.now() + dt.timedelta(days=12)
    return Event.objects.create(title="Welsh STEM festival", kind="festival",
                                partner=world.partner_org_b, starts=starts,
                                ends=starts + dt.timedelta(hours=6), venue="Cardiff Bay",
                                capacity=100)


def book(kit: Any, school: Any, start: dt.date, end: dt.date, actor: Any = None) -> Any:
    from resilience.outreach import actions

    return actions.book(actor, kit, school, start=start, end=end, location="Science block",
                        contact_name="Ms Jones", contact_email="jones@school.example")


@pytest.fixture
def race_database(transactional_db: Any, tmp_path: Any) -> Any:
    """The real database for threads that race each other.

    PostgreSQL: the test database as it is. SQLite: the test database is an in-memory,
    shared-cache database, whose table locks fail at once instead of waiting, unlike a
    real install. So the test's data (schema, triggers, rows) is copied into a WAL-mode
    file, as the platform runs in production, and every connection uses that for the test.
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        yield connection
        return
    import sqlite3

    connection.ensure_connection()
    path = tmp_path / "race.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    kept, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield connection
    finally:
        if connection.connection is not None:
            connection.connection.close()
        connection.connection = kept
        connection.settings_dict["NAME"] = name
