"""Booking, lending until the next booking, check-out, check-in, reminders and pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from resilience.accounts.models import AuditEntry
from resilience.outreach import actions
from resilience.outreach.models import Reminder, Reservation
from tests.outreach.conftest import book


def test_a_clashing_booking_says_with_what(world: Any, kit_a: Any) -> None:
    book(kit_a, world.school_a, dt.date(2027, 2, 1), dt.date(2027, 2, 14))
    with pytest.raises(actions.BookingClash) as exc:
        book(kit_a, world.school_b, dt.date(2027, 2, 10), dt.date(2027, 2, 20))
    assert str(exc.value) == ("Kit KIT-A1 is already booked for School A from 01 Feb 2027 to "
                              "14 Feb 2027.")
    assert Reservation.objects.count() == 1


def test_lend_until_the_day_before_the_next_booking(world: Any, kit_a: Any) -> None:
    book(kit_a, world.school_a, dt.date(2027, 3, 10), dt.date(2027, 3, 20))
    assert actions.lend_until(kit_a, dt.date(2027, 3, 1)) == dt.date(2027, 3, 9)
    assert actions.lend_until(kit_a, dt.date(2027, 3, 21)) is None


def test_check_out_needs_the_checklist_and_check_in_refuses_a_kit_that_is_not_out(
        world: Any, kit_a: Any) -> None:
    res = book(kit_a, world.school_a, dt.date(2027, 1, 4), dt.date(2027, 1, 29))
    with pytest.raises(actions.OutreachError, match="checklist is not complete: charged"):
        actions.check_out(None, res, accepted_by="Ms Jones", charged=False,
                          content_installed=True, kiosk_mode=True)
    with pytest.raises(actions.OutreachError, match=r"KIT-A1 is not out on loan .*booked"):
        actions.check_in(None, res, condition="good", cleaned=True, wiped=True)
    actions.check_out(world.partner_a, res, accepted_by="Ms Jones", charged=True,
                      content_installed=True, kiosk_mode=True)
    res.refresh_from_db()
    assert res.status == "out" and res.accepted_by == "Ms Jones"
    with pytest.raises(actions.OutreachError, match="Describe the damage"):
        actions.check_in(None, res, condition="damaged", cleaned=True, wiped=True)
    res.refresh_from_db()
    assert res.status == "out"  # nothing half-saved
    headset = kit_a.components.get(kind="headset")
    actions.check_in(world.partner_a, res, condition="damaged", cleaned=True, wiped=True,
                     damage_notes="Cracked lens", component_conditions={headset.pk: "damaged"})
    headset.refresh_from_db()
    assert headset.condition == "damaged"
    with pytest.raises(actions.OutreachError, match=r"not out on loan .*returned"):
        actions.check_in(None, res, condition="good", cleaned=True, wiped=True)
    assert AuditEntry.objects.filter(action__startswith="outreach.check_").count() == 2


def test_reminders_before_the_due_date_then_overdue_then_escalation(world: Any,
                                                                    kit_a: Any) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC), tick=False):
        res = book(kit_a, world.school_a, dt.date(2027, 1, 4), dt.date(2027, 1, 29))
        actions.check_out(None, res, accepted_by="Ms Jones", charged=True,
                          content_installed=True, kiosk_mode=True)
        assert actions.send_due_reminders() == 0
    plan = dict(Reminder.objects.values_list("kind", "send_on"))
    assert plan == {"due_soon": dt.date(2027, 1, 26), "overdue": dt.date(2027, 1, 30),
                    "escalation": dt.date(2027, 2, 5)}
    with time_machine.travel(dt.datetime(2027, 1, 26, 7, tzinfo=dt.UTC), tick=False):
        assert actions.send_due_reminders() == 1
        assert actions.send_due_reminders() == 0  # claimed once, sent once
    assert mail.outbox[-1].to == ["jones@school.example"]
    assert "due back on 29 January 2027" in mail.outbox[-1].subject
    with time_machine.travel(dt.datetime(2027, 1, 30, 7, tzinfo=dt.UTC), tick=False):
        assert actions.send_due_reminders() == 1
        assert Reservation.objects.filter(actions.overdue_q()).count() == 1
    assert "partner.a@example.org" in mail.outbox[-1].to
    # Returned before the escalation date: no escalation is sent.
    actions.check_in(None, res, condition="good", cleaned=True, wiped=True)
    with time_machine.travel(dt.datetime(2027, 2, 6, 7, tzinfo=dt.UTC), tick=False):
        assert actions.send_due_reminders() == 0
    assert len(mail.outbox) == 2


def test_the_command_sends_due_reminders(world: Any, kit_a: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    res = book(kit_a, world.school_a, dt.date(2020, 1, 1), dt.date(2020, 1, 2))
    actions.check_out(None, res, accepted_by="X", charged=True, content_installed=True,
                      kiosk_mode=True)
    out = StringIO()
    call_command("outreach_send_reminders", stdout=out)
    assert "Sent 3 reminder(s)." in out.getvalue()


def test_booking_page_books_and_a_clash_says_with_what(client: Any, world: Any,
                                                       kit_a: Any) -> None:
    client.force_login(world.partner_a)
    data = {"kit": kit_a.pk, "institution": world.school_a.pk, "location": "Lab 1",
            "contact_name": "Ms Jones", "contact_email": "jones@example.org",
            "start": "2027-05-03", "end": "2027-05-14"}
    response = client.post(reverse("outreach:reservation_create"), data)
    assert response.status_code == 302
    response = client.post(reverse("outreach:reservation_create"),
                           {**data, "start": "2027-05-10", "end": ""})
    assert "Kit KIT-A1 is already booked for School A from 03 May 2027" in \
        response.content.decode()


def test_partner_staff_cannot_book_another_partners_kit_or_school(client: Any, world: Any,
                                                                  kit_b: Any) -> None:
    client.force_login(world.partner_a)
    response = client.post(reverse("outreach:reservation_create"), {
        "kit": kit_b.pk, "institution": world.school_b.pk, "location": "Lab",
        "contact_name": "X", "contact_email": "x@example.org", "start": "2027-05-03"})
    assert response.status_code == 200
    assert not Reservation.objects.exists()


def test_loans_list_puts_overdue_first_and_exports(client: Any, world: Any, kit_a: Any) -> None:
    from resilience.outreach.models import Kit

    later = book(kit_a, world.school_a, dt.date(2030, 1, 1), dt.date(2030, 1, 5))
    kit2 = Kit.objects.create(code="KIT-A2", name="Kit 2", partner=world.partner_org_a)
    late = book(kit2, world.school_a, dt.date(2020, 1, 1), dt.date(2020, 1, 5))
    actions.check_out(None, late, accepted_by="X", charged=True, content_installed=True,
                      kiosk_mode=True)
    client.force_login(world.partner_a)
    html = client.get(reverse("outreach:loan_list")).content.decode()
    assert html.index("KIT-A2") < html.index("KIT-A1")
    assert "Overdue" in html
    csv = client.get(reverse("outreach:loan_list") + "?export=csv")
    body = b"".join(csv.streaming_content).decode()
    assert body.splitlines()[1].startswith("KIT-A2,School A")
    xlsx = client.get(reverse("outreach:loan_list") + "?export=xlsx&status=overdue")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][:2] == ["KIT-A2", "School A"]
    assert sheet.max_row == 2
    assert later.pk


def test_extending_a_loan_reschedules_reminders_and_cannot_run_into_the_next_booking(
        world: Any, kit_a: Any) -> None:
    res = book(kit_a, world.school_a, dt.date(2030, 1, 7), dt.date(2030, 1, 18))
    book(kit_a, world.school_b, dt.date(2030, 2, 4), dt.date(2030, 2, 8))
    actions.check_out(None, res, accepted_by="Ms Jones", charged=True, content_installed=True,
                      kiosk_mode=True)
    with pytest.raises(actions.BookingClash, match="already booked for School B"):
        actions.change_due_date(None, res, dt.date(2030, 2, 4))
    assert actions.lend_until(kit_a, res.end_date) == dt.date(2030, 2, 3)
    actions.change_due_date(None, res, dt.date(2030, 2, 3))
    assert Reminder.objects.get(reservation=res, kind="overdue").send_on == dt.date(2030, 2, 4)
