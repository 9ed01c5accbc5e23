"""Programme staff in a real browser: import a register, lend a kit, run an event."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

FILES = Path(__file__).parent.parent / "outreach" / "files"


def sign_in(page: Any, email: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")


def test_a_programme_admin_imports_the_school_register(page: Any, world: Any, settings: Any,
                                                        tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, "admin@example.org")
    page.get_by_role("link", name="Outreach").click()
    assert_accessible(page)
    page.get_by_role("link", name="Import a register or deprivation file").click()
    assert_accessible(page)
    page.get_by_label("What the file is").select_option("gias")
    page.get_by_label("CSV file").set_input_files(str(FILES / "edubasealldata20261120.csv"))
    page.get_by_label("Delivery partner for new institutions").select_option(label="Partner A")
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url(re.compile(r".*/outreach/imports/\d+/$"))
    # The page polls until the import is finished, then shows the report.
    page.get_by_text("Finished.").wait_for()
    assert page.locator("#created").inner_text() == "3"
    assert page.locator("#rejected").inner_text() == "3"
    assert page.get_by_role("cell", name="URN “ABC” is missing or not a number").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Institutions").first.click()
    assert page.get_by_role("link", name="École Clifton Park School").is_visible()
    # The list narrows as you type (htmx), and the address keeps the search.
    page.get_by_label("Name, town, postcode, URN or local authority").fill("Bestwood")
    page.get_by_role("link", name="École Clifton Park School").wait_for(state="detached")
    assert page.get_by_role("link", name="Bestwood Park Academy").is_visible()
    assert "q=Bestwood" in page.url
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    from io import BytesIO

    from openpyxl import load_workbook

    assert re.fullmatch(r"institutions-\d{4}-\d{2}-\d{2}\.xlsx",
                        download.value.suggested_filename)
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet.max_row == 2 and sheet["A2"].value == "Bestwood Park Academy"


def test_partner_staff_book_check_out_and_check_in_a_kit(page: Any, world: Any) -> None:
    from resilience.outreach.models import Kit, KitComponent

    kit = Kit.objects.create(code="KIT-7", name="Quest 3 kit 7", partner=world.partner_org_a)
    KitComponent.objects.create(kit=kit, kind="headset", serial="HS-7", model="Quest 3")
    sign_in(page, "partner.a@example.org")
    page.goto("/outreach/kits/")
    assert_accessible(page)
    page.get_by_role("link", name="KIT-7 Quest 3 kit 7").click()
    assert_accessible(page)
    page.get_by_role("link", name="Book this kit").click()
    assert_accessible(page)
    page.get_by_label("School or institution").select_option(label="School A")
    page.get_by_label("Location").fill("Science block, lab 3")
    page.get_by_label("Named contact").fill("Ms Jones")
    page.get_by_label("Contact email").fill("jones@school-a.example")
    start = dt.date.today() + dt.timedelta(days=1)
    page.get_by_label("From").fill(start.isoformat())
    page.get_by_label("Due back").fill((start + dt.timedelta(days=13)).isoformat())
    page.get_by_role("button", name="Book kit").click()
    page.wait_for_url(re.compile(r".*/outreach/loans/\d+/$"))
    assert "Kit KIT-7 booked for School A" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)

    # A second booking over the same days is refused, saying with what.
    detail = page.url
    page.goto("/outreach/loans/book/")
    page.get_by_label("Kit", exact=True).select_option(label="KIT-7 Quest 3 kit 7")
    page.get_by_label("School or institution").select_option(label="School A")
    page.get_by_label("Location").fill("Hall")
    page.get_by_label("Named contact").fill("Mr Khan")
    page.get_by_label("Contact email").fill("khan@school-a.example")
    page.get_by_label("From").fill((start + dt.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Book kit").click()
    assert "Kit KIT-7 is already booked for School A" in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    page.goto(detail)
    page.get_by_role("button", name="Check out kit").click()
    assert "checklist is not complete" in page.locator(".messages").inner_text()
    page.get_by_label("Headset and controllers charged").check()
    page.get_by_label("Simulations installed and up to date").check()
    page.get_by_label("Offline and kiosk mode on").check()
    page.get_by_label("Accepted by (name of the person receiving the kit)").fill("Ms Jones")
    page.get_by_role("button", name="Check out kit").click()
    assert page.locator("#loan-status").inner_text() == "On loan"
    assert_accessible(page)
    page.get_by_role("link", name="Printable acceptance form").click()
    assert page.get_by_text("Ms Jones").first.is_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_label("Condition of the kit").select_option("good")
    page.get_by_label("Face covers and controllers cleaned").check()
    page.get_by_label("User data and accounts wiped").check()
    page.get_by_label("Headset HS-7").select_option("fair")
    page.get_by_role("button", name="Check in kit").click()
    assert page.locator("#loan-status").inner_text() == "Returned"
    assert_accessible(page)
    assert KitComponent.objects.get(serial="HS-7").condition == "fair"


def test_partner_staff_register_a_school_party_and_take_attendance(page: Any,
                                                                    world: Any) -> None:
    from django.utils import timezone

    from resilience.outreach.models import Event

    starts = timezone.now() + dt.timedelta(days=3)
    event = Event.objects.create(title="Aseptic careers day", kind="careers",
                                 partner=world.partner_org_a, starts=starts,
                                 ends=starts + dt.timedelta(hours=4), venue="Trent Building",
                                 capacity=60, gatsby=[5, 7])
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "favicon" not in str(msg.location) else None)
    sign_in(page, "partner.a@example.org")
    page.goto("/outreach/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Aseptic careers day").click()
    assert_accessible(page)
    page.get_by_role("link", name="Register a school party or a person").click()
    assert_accessible(page)
    page.get_by_label("A school party").check()
    page.get_by_label("School or institution").select_option(label="School A")
    page.get_by_label("Name (or party leader)").fill("Mr Khan")
    page.get_by_label("Year 9").fill("18")
    page.get_by_label("Year 10").fill("12")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(f"**/outreach/events/{event.pk}/")
    assert "Registered 30 place(s) for School A" in page.locator(".messages").inner_text()
    assert "30 of 60 taken, 30 free" in page.locator("#places").inner_text()
    assert_accessible(page)

    # Attendance is saved in place (htmx), without leaving the page.
    row = page.locator("#registrations tbody tr").first
    row.get_by_label("Attendance of").select_option("attended")
    row.get_by_label("How many came").fill("28")
    row.get_by_role("button", name="Save").click()
    page.get_by_text("Attended (28)").wait_for()
    assert row.locator(".saved").inner_text() == "Saved"  # only the htmx reply says this
    assert page.url.endswith(f"/outreach/events/{event.pk}/")
    assert not errors, errors  # no Content Security Policy refusals
    assert_accessible(page)
    page.reload()
    assert page.locator("#attended-total").inner_text() == "28"
