"""Impact pages in Chromium: axe (WCAG 2.2 AA) on each, the what-if form, the ED&I form
with its errors, and a funder pack built with live progress."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD
from tests.impact.conftest import answers  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def sign_in(page: Any, email: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")


def test_staff_impact_pages_are_accessible_and_work(page: Any, world: Any,
                                                    answers: None) -> None:  # noqa: F811
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text} {msg.location}")
            if msg.type == "error" and "favicon" not in str(msg.location) else None)
    page.goto("/impact/")
    assert page.get_by_role("heading", name="Our impact").is_visible()
    assert_accessible(page)

    sign_in(page, world.admin.email)
    page.get_by_role("link", name="Impact").first.click()
    page.wait_for_url("**/impact/dashboard/")
    assert page.locator("svg.chart title").count() >= 1
    assert_accessible(page)
    for link in ("Equality, diversity and inclusion", "Carbon", "Set targets",
                 "Funder packs"):
        page.get_by_role("navigation", name="Impact").get_by_role("link", name=link).click()
        page.wait_for_load_state()
        assert_accessible(page)

    page.goto("/impact/carbon/")
    page.get_by_label("Learners", exact=True).fill("0")
    page.get_by_role("button", name="Compare").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.get_by_label("Learners", exact=True).fill("30")
    page.get_by_label("Headsets charged").fill("10")
    page.get_by_role("button", name="Compare").click()
    assert "saves about 73.19 kg CO2e" in page.locator("#saving").inner_text()

    page.goto("/impact/funder-packs/")
    page.get_by_role("button", name="Build the pack").click()
    page.wait_for_url(re.compile(r".*/funder-packs/\d+/$"))
    page.get_by_role("link", name="Download the PDF").wait_for(state="visible", timeout=30_000)
    assert "Ready" in page.get_by_role("status").inner_text()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the spreadsheet (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert not errors, errors


def test_an_adult_answers_checks_and_deletes_their_answers(page: Any, world: Any) -> None:
    sign_in(page, world.teacher_a.email)
    page.get_by_role("link", name="About you (optional)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save my answers").click()
    assert page.get_by_role("alert").is_visible()  # consent and answers missing
    assert_accessible(page)
    page.get_by_label("I choose to answer").check()
    page.get_by_role("radio", name="Arab").check()
    page.get_by_role("group", name="What is your sex?").get_by_label("Female", exact=True).check()
    page.get_by_role("group", name=re.compile("registered at birth")).get_by_label(
        "Yes", exact=True).check()
    page.get_by_role("group", name=re.compile("12 months")).get_by_label("No", exact=True).check()
    page.get_by_role("radio", name="35 to 44").check()
    page.get_by_role("button", name="Save my answers").click()
    assert "Thank you" in page.get_by_role("status").inner_text()
    assert "Arab" in page.locator("#my-answers").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Delete my answers").click()
    assert "deleted" in page.get_by_role("status").inner_text()
    assert page.locator("#my-answers").count() == 0
