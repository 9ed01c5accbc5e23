"""A teacher signs in, creates a class and sees its code; a pupil joins on another device."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_teacher_creates_a_class_and_a_pupil_joins_it(page: Any, browser: Any,
                                                        asgi_server: str, world: Any) -> None:
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Sign in as staff or a teacher").click()
    assert_accessible(page)

    # Keyboard only: the skip link, then the form fields, then Enter.
    page.get_by_label("Email address").focus()
    page.keyboard.type("teacher.a@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/home/")
    assert_accessible(page)

    page.get_by_role("link", name="Create a class").first.click()
    assert_accessible(page)
    page.get_by_label("Class name").fill("9 Chemistry")
    page.get_by_label("Year group").select_option("9")
    page.get_by_role("button", name="Create class").click()
    page.wait_for_url(re.compile(r".*/classes/\d+/$"))
    assert_accessible(page)
    code = page.locator("#join-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", code)
    assert page.locator(".qr svg").count() == 1

    # A pupil on another device joins with the code and a made-up name.
    pupil_context = browser.new_context(base_url=asgi_server, locale="en-GB",
                                        viewport={"width": 375, "height": 740})
    pupil = pupil_context.new_page()
    pupil.goto("/join/")
    assert_accessible(pupil)
    pupil.get_by_label("Class code").fill(code.lower())
    pupil.get_by_label("Your made-up name").fill("Blue Fox")
    pupil.get_by_role("button", name="Join").click()
    pupil.wait_for_url("**/join/welcome/")
    assert re.fullmatch(r"[a-z]+-\d{4}", pupil.locator("#sign-in-code").inner_text())
    assert_accessible(pupil)
    # Readable on a phone: nothing wider than the screen.
    assert pupil.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    pupil_context.close()

    page.reload()
    assert page.get_by_role("rowheader", name="Blue Fox").is_visible()


def test_a_wrong_class_code_is_explained_accessibly(page: Any, world: Any) -> None:
    page.goto("/join/")
    page.get_by_label("Class code").fill("QQQ-QQQ")
    page.get_by_label("Your made-up name").fill("Blue Fox")
    page.get_by_role("button", name="Join").click()
    alert = page.get_by_role("alert")
    assert "does not match a class that is open for joining" in alert.inner_text()
    assert_accessible(page)
