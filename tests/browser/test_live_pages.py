"""The teacher's journey: catalogue → teacher guide → live session → live roster → debrief."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD
from tests.live.wsclient import LiveSocket

pytestmark = pytest.mark.browser


def sign_in(page: Any, email: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")


def test_a_teacher_runs_and_debriefs_a_live_session(page: Any, asgi_server: str,
                                                    world: Any) -> None:
    sign_in(page, "teacher.a@example.org")
    page.get_by_role("link", name="Simulations").click()
    assert_accessible(page)
    page.get_by_label("Audience").select_option("ks4")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=re.compile("gowning", re.I)).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Teacher's guide").click()
    assert_accessible(page)
    page.go_back()

    page.get_by_label("Run a live session for").select_option(label="10A — School A")
    page.get_by_role("button", name="Start a live session").click()
    page.wait_for_url(re.compile(r".*/live/[A-Z0-9]{6}/$"))
    assert_accessible(page)
    code = page.locator("#session-code").inner_text().replace("-", "")
    page.wait_for_function("document.getElementById('feed-status').textContent"
                           ".includes('connected')")

    # A pupil joins (over a real socket) and appears in the roster without a reload.
    from django.test import Client

    pupil = Client()
    pupil.force_login(world.pupil_a)
    pupil.post("/live/join/", {"code": code})
    learner = LiveSocket(asgi_server, f"/ws/live/{code}/", pupil.cookies["sessionid"].value)
    learner.of_type("scene")
    row = page.locator("#roster tr[data-learner]", has_text="Nova")
    row.locator('[data-field="connected"]', has_text="yes").wait_for()

    page.get_by_role("button", name="Inject fault").click()
    assert learner.of_type("caption", kind="fault")["text"]
    page.locator("#steer-status", has_text="Injected").wait_for()
    page.locator("#alerts li", has_text="Nova").first.wait_for()

    page.get_by_role("button", name="End the session").click()
    page.wait_for_url("**/debrief/")
    assert learner.of_type("result")["assessment"]["criteria"]
    learner.close()
    assert_accessible(page)
    assert page.get_by_role("rowheader", name="Nova").is_visible()
    page.get_by_role("link", name="Replay Nova's run").click()
    assert_accessible(page)
    assert page.locator("#replay-scene tbody tr").count() > 0
