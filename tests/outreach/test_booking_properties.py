"""Whatever order bookings arrive in, no two holding bookings of a kit share a day, and
every refusal names a booking that really overlaps."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resilience.outreach import actions
from resilience.outreach.models import HOLDING_STATUSES, Reservation

BASE = dt.date(2027, 9, 1)
booking = st.tuples(st.integers(0, 60), st.integers(0, 20), st.booleans())


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(booking, min_size=1, max_size=12))
def test_bookings_never_overlap(world: Any, kit_a: Any, plan: list[tuple[int, int, bool]]
                                ) -> None:
    with transaction.atomic():
        for offset, length, cancel_it in plan:
            start = BASE + dt.timedelta(days=offset)
            end = start + dt.timedelta(days=length)
            try:
                res = actions.book(None, kit_a, world.school_a, start=start, end=end,
                                   location="Lab", contact_name="A",
                                   contact_email="a@example.org")
            except actions.BookingClash as exc:
                assert exc.clash is not None
                assert exc.clash.start_date <= end and start <= exc.clash.end_date
                continue
            if cancel_it:
                actions.cancel_reservation(None, res)
        held = list(Reservation.objects.filter(kit=kit_a, status__in=HOLDING_STATUSES)
                    .order_by("start_date"))
        for earlier, later in itertools.pairwise(held):
            assert earlier.end_date < later.start_date
        transaction.set_rollback(True)
