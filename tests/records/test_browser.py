"""Real Chromium with axe-core: a pupil reads their progress; a teacher reads the skills gap
of their class (a real table with words in every cell, keyboard-scrollable)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, assert_accessible
from tests.conftest import PASSWORD, PUPIL_CODE
from tests.records.test_results import assessment

pytestmark = pytest.mark.browser


def in_chromium(base_url: str, steps: Callable[[Any], None]) -> None:
    """Run ``steps(page)`` in a Chromium of its own, on a thread of its own.

    tests/browser keeps a session-wide Playwright running on the main thread, and a second
    sync Playwright cannot start on a thread that already has one; a fresh thread can.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`")

    def run() -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update",
                      "--disable-sync"])
            try:
                context = browser.new_context(base_url=base_url, locale="en-GB")
                page = context.new_page()
                page.set_default_timeout(15_000)
                steps(page)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def _runs(world: Any) -> None:
    from resilience.records.results import record_result

    start = datetime.now(UTC) - timedelta(hours=1)
    for n in range(3):
        record_result(world.pupil_a, "grade-b-gowning", assessment(), session_id=f"b-{n}",
                      school_class=world.class_a, started=start,
                      ended=start + timedelta(minutes=10 + n))


def test_a_pupil_reads_their_progress_and_a_teacher_the_skills_gap(
        asgi_server: str, world: Any) -> None:
    _runs(world)
    join_code = world.class_a.join_code
    in_chromium(asgi_server, lambda page: _pupil_then_teacher(page, join_code))


def _pupil_then_teacher(page: Any, join_code: str) -> None:
    # The pupil signs in with class code, pseudonym and sign-in code, and reads progress.
    page.goto("/pupil-sign-in/")
    page.get_by_label("Class code").fill(join_code)
    page.get_by_label("Your made-up name").fill("Nova")
    page.get_by_label("Your sign-in code").fill(PUPIL_CODE)
    page.get_by_label("Your sign-in code").press("Enter")
    page.get_by_role("link", name="Progress").click()  # in the navigation once signed in
    assert page.get_by_role("heading", name="My progress").is_visible()
    credentials = page.locator("section", has=page.get_by_role(
        "heading", name="Credentials earned"))
    assert "passed on" in credentials.inner_text()
    skills = page.get_by_role("table", name="Your evidence for each competency")
    assert "Secure" in skills.get_by_role("row", name="Gowning").first.inner_text()
    assert_accessible(page)
    page.context.clear_cookies()

    page.goto("/sign-in/")
    page.get_by_label("Email address").fill("teacher.a@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/home/")
    page.get_by_role("link", name="Class results").click()
    assert_accessible(page)
    page.get_by_role("link", name="Skills gap for 10A").click()
    table = page.get_by_role("table", name="Competency evidence per person")
    row = table.get_by_role("row", name="Nova")
    assert "Secure (3/3)" in row.inner_text()
    assert "Practising (0/3)" in row.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Results for this class").click()
    assert "best 85%, passed 3 of 3" in page.get_by_role("row", name="Nova").inner_text()
    assert_accessible(page)


def test_a_programme_admin_issues_a_key_and_reads_the_overview(
        asgi_server: str, world: Any) -> None:
    _runs(world)
    in_chromium(asgi_server, _admin_issues_a_key)


def _admin_issues_a_key(page: Any) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/home/")
    page.get_by_role("link", name="LRS keys").click()
    assert_accessible(page)
    page.get_by_role("button", name="Issue key").click()  # nothing filled in
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.get_by_label("Application name").fill("Partner VR app")
    page.get_by_label("statements/write").check()
    page.get_by_label("Organisation").select_option(label="School A")
    page.get_by_role("button", name="Issue key").click()
    secret = page.locator("#issued-secret").inner_text()
    assert len(secret) > 30
    assert_accessible(page)
    page.get_by_role("link", name="Learning overview").click()
    assert page.locator("#total-runs").inner_text() == "3"
    page.get_by_role("link", name="School A").click()
    assert "Nova" not in page.content()
    assert_accessible(page)
