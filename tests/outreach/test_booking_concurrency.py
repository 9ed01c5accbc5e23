"""Many staff book one kit for overlapping dates at the same moment: exactly one wins."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from resilience.outreach import actions
from resilience.outreach.models import Reservation

THREADS = 8


def test_many_simultaneous_conflicting_bookings_exactly_one_wins(race_database: Any, world: Any,
                                                                 kit_a: Any) -> None:
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()
    start = dt.date(2027, 3, 1)

    def attempt(i: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            # Every attempt overlaps every other on 10 March.
            actions.book(None, kit_a, world.school_a, start=start + dt.timedelta(days=i),
                         end=start + dt.timedelta(days=9 + i), location="Lab 2",
                         contact_name=f"Teacher {i}", contact_email="t@example.org")
            result = "won"
        except actions.BookingClash as exc:
            result = f"clash: {exc}"
        except Exception as exc:
            result = f"error: {exc!r}"
        finally:
            thread_connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == THREADS
    assert outcomes.count("won") == 1, outcomes
    assert all(o == "won" or o.startswith("clash: Kit KIT-A1 is already booked for School A")
               for o in outcomes), outcomes
    assert Reservation.objects.filter(kit=kit_a).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_an_overlapping_holding_reservation(world: Any,
                                                                          kit_a: Any) -> None:
    common = {"kit": kit_a, "institution": world.school_a, "location": "Lab",
              "contact_name": "A", "contact_email": "a@example.org"}
    Reservation.objects.create(start_date=dt.date(2027, 1, 4), end_date=dt.date(2027, 1, 8),
                               **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.create(start_date=dt.date(2027, 1, 8),
                                   end_date=dt.date(2027, 1, 12), **common)
    # Touching days are fine, and a cancelled booking holds nothing.
    Reservation.objects.create(start_date=dt.date(2027, 1, 9), end_date=dt.date(2027, 1, 12),
                               **common)
    Reservation.objects.create(start_date=dt.date(2027, 1, 5), end_date=dt.date(2027, 1, 6),
                               status="cancelled", **common)
    assert connection.vendor in ("sqlite", "postgresql")
