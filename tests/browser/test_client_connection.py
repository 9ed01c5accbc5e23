"""The client's protocol behaviour against the real server: a sequence gap asks for a
resync, a dropped socket reconnects and gets a full scene, server errors are shown in words,
and a touch screen acts through the same input path as the mouse."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_client_support import (  # noqa: F401
    client_ready,
    screen_xy,
    start_solo,
    wait_node,
    watch_errors,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("client_ready")]


def test_a_gap_in_patches_asks_for_a_resync_and_recovers(page: Any) -> None:
    start_solo(page, "tablet-line")
    # Pretend a patch was lost: the next patch's seq no longer follows.
    page.evaluate("() => { window.__resilience.store.seq -= 1; }")
    page.evaluate("() => window.__resilience.actor.set('speed', 41)")
    page.wait_for_function("() => window.__resilience.connection.resyncs >= 1")
    wait_node(page, "speed", "value", 41)
    seq = page.evaluate("window.__resilience.store.seq")
    page.evaluate("() => window.__resilience.actor.set('speed', 42)")
    wait_node(page, "speed", "value", 42)
    assert page.evaluate("window.__resilience.store.seq") > seq


def test_a_dropped_socket_reconnects_and_gets_the_same_run(page: Any) -> None:
    start_solo(page, "grade-b-gowning")
    page.evaluate("() => window.__resilience.actor.press('locker')")
    wait_node(page, "locker", "text", "done")
    page.evaluate("() => window.__resilience.connection.ws.close(4000)")
    page.locator(".rs-conn[data-state='reconnecting']").wait_for()
    assert "reconnecting" in page.locator(".rs-conn").inner_text()
    page.locator(".rs-conn[data-state='open']").wait_for(timeout=10_000)
    # The rebuilt run still knows the locker was done (a fresh full scene).
    page.wait_for_function("() => window.__resilience.connection.received > 0")
    wait_node(page, "locker", "text", "done")


def test_a_refused_action_is_explained_in_words(page: Any) -> None:
    start_solo(page, "tablet-line")
    # Bypass the client's own clamping to send an out-of-range value, as a stale client might.
    page.evaluate("() => window.__resilience.actor.act('force', 'set', 99)")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "That did not work: value 99 is outside 0–60 kN" in alert.inner_text()


def test_a_tap_on_a_touch_screen_acts(browser: Any, asgi_server: str) -> None:
    context = browser.new_context(base_url=asgi_server, locale="en-GB", has_touch=True,
                                  is_mobile=True, viewport={"width": 412, "height": 860})
    page = context.new_page()
    try:
        errors = watch_errors(page)
        start_solo(page, "tablet-line")
        page.wait_for_function("() => window.__resilience.frameStats.last")
        page.locator("canvas.rs-canvas").scroll_into_view_if_needed()
        x, y = screen_xy(page, "start")
        page.touchscreen.tap(x, y)
        page.wait_for_function("() => (window.__resilience.lastAction || {}).node === 'start'")
        assert page.evaluate("window.__resilience.lastAction.verb") == "press"
        assert not errors, errors
    finally:
        context.close()


def test_the_teachers_pause_and_end_are_shown_and_announced(page: Any) -> None:
    """Status frames as the server sends them when a teacher pauses or ends the session
    (fed straight into the client's frame handler), and a frame it does not know."""
    start_solo(page, "tablet-line")
    feed = "f => window.__resilience.connection._onFrame(JSON.stringify(f))"
    page.evaluate(feed, {"type": "something-new", "v": 1, "x": 1})
    page.evaluate(feed, {"type": "status", "v": 2, "status": "ended"})  # another version
    assert page.locator(".rs-session").inner_text() == "Running"
    page.evaluate(feed, {"type": "status", "v": 1, "status": "paused",
                         "message": "Your teacher has paused the session."})
    banner = page.locator(".rs-paused")
    banner.wait_for()
    assert "Paused by the teacher" in banner.inner_text()
    page.locator("[aria-live=assertive]", has_text="Paused by the teacher").wait_for()
    page.evaluate(feed, {"type": "status", "v": 1, "status": "running", "message": "Carry on."})
    banner.wait_for(state="hidden")
    page.evaluate(feed, {"type": "status", "v": 1, "status": "ended", "message": "Bye."})
    assert page.get_by_role("button", name="Finish and see my result").is_disabled()
