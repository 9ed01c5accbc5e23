"""The accessible view: the whole gowning scenario by keyboard alone, no WebGL needed, and
no WCAG 2.2 AA violation that axe can find."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.browser.test_client_support import client_ready, start_solo, wait_node, watch_errors  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("client_ready")]

ORDER = ["locker", "sink", "facility_garments", "hand_rub", "inner_gloves", "mask", "hood",
         "coverall", "boots", "goggles", "outer_gloves", "mirror", "glove_spray"]
PRESS = {"locker", "sink", "hand_rub", "mirror", "glove_spray"}
TIME_WARP = 10  # the scenario clock runs 10× faster in this test (waits of 60 s take 6 s)


@pytest.fixture
def fast_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from resilience.sim.engine import Session

    tick = Session.tick
    monkeypatch.setattr(Session, "tick", lambda self, dt: tick(self, dt * TIME_WARP))


def focused(page: Any) -> str:
    return str(page.evaluate("""() => { const e = document.activeElement; if (!e) return '';
      return (e.getAttribute('aria-label') || e.textContent || e.value || e.tagName).trim(); }"""))


def tab_to(page: Any, locator: Any, limit: int = 250) -> None:
    """Press Tab (only the keyboard) until `locator` has focus."""
    for _ in range(limit):
        if locator.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}; focus is on {focused(page)!r}")


def item(page: Any, node: str) -> Any:
    return page.locator(f"li[data-node='{node}']")


def press(page: Any, node: str) -> None:
    b = item(page, node).get_by_role("button", name=re.compile(r"^Press\b"))
    tab_to(page, b)
    page.keyboard.press("Enter")


def grab_and_place(page: Any, node: str, grip: str | None, target_label: str) -> None:
    name = f"Pick up, holding it by: {grip.replace('_', ' ')}" if grip else "Pick up"
    button = item(page, node).get_by_role("button", name=re.compile("^" + re.escape(name)))
    tab_to(page, button)
    page.keyboard.press("Enter")
    targets = item(page, node).get_by_role("combobox")
    targets.wait_for()
    # Focus has moved to the list of targets; choose one with the arrow keys.
    page.wait_for_function("() => (document.activeElement || {}).tagName === 'SELECT'")
    for _ in range(10):
        if targets.evaluate("(s, l) => s.options[s.selectedIndex].text === l", target_label):
            break
        page.keyboard.press("ArrowDown")
    assert targets.evaluate("s => s.options[s.selectedIndex].text") == target_label
    page.keyboard.press("Tab")
    assert focused(page).startswith("Put down on")
    page.keyboard.press("Enter")


def wait_scenario_time(page: Any, seconds: float) -> None:
    """Let `seconds` of scenario time pass (read from the scene the server sends)."""
    t0 = page.evaluate("window.__resilience.store.scene.t")
    page.wait_for_function(f"() => window.__resilience.store.scene.t >= {t0 + seconds}",
                           timeout=60_000)


def wait_done(page: Any, node: str, text: str = "done") -> None:
    # (a finished step may move to the collapsed "Other things in the room" list)
    item(page, node).locator(".rs-state", has_text=re.compile(rf"^{re.escape(text)}")).wait_for(
        state="attached")


def test_a_keyboard_user_gowns_up_and_passes_in_the_accessible_view(
        page: Any, fast_clock: None) -> None:
    errors = watch_errors(page)
    start_solo(page, "grade-b-gowning", "?webgl=0")
    assert page.get_by_text("Your browser cannot show 3D graphics here").is_visible()
    assert not page.get_by_role("button", name="Switch to the 3D view").is_visible()
    assert_accessible(page)
    page.locator("body").focus()
    for node in ORDER:
        if node in PRESS:
            press(page, node)
        else:
            grab_and_place(page, node, "inside", "You")
        wait_done(page, node, "worn" if node == "mask" else "done")
    page.get_by_text("wearing:").first.wait_for()
    assert_accessible(page)
    press(page, "door_b")
    item(page, "settle_plate").get_by_role("button", name=re.compile("^Pick up")).wait_for()
    wait_scenario_time(page, 25)  # with the door closed
    grab_and_place(page, "settle_plate", None, "Settle plate spot")
    wait_done(page, "plate_spot", "exposed")
    wait_scenario_time(page, 15)
    assert_accessible(page)
    grab_and_place(page, "stopper", "from_side", "Open vial")
    wait_done(page, "vial", "stoppered")
    wait_scenario_time(page, 65)  # a full one-minute particle sample
    press(page, "finish")
    # The scenario says it is done; the client asks for the result and shows it.
    result = page.get_by_role("region", name="Your result")
    result.wait_for(timeout=20_000)
    assert "Score: 100 out of 100" in result.inner_text()
    assert "Passed" in result.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Your result"
    assert page.locator(".rs-log li").count() > 10
    assert_accessible(page)
    assert not errors, errors


def test_the_view_toggle_is_remembered_and_both_views_share_one_store(
        page: Any) -> None:
    errors = watch_errors(page)
    start_solo(page, "tablet-line")
    toggle = page.get_by_role("button", name="Switch to the accessible view")
    toggle.click()
    assert page.locator("canvas.rs-canvas").is_hidden()
    assert_accessible(page)
    # A dial by keyboard: the range input (arrow keys) and the number box with its unit.
    force = item(page, "force")
    number = force.get_by_role("spinbutton")
    number.fill("20")
    number.press("Enter")
    wait_node(page, "force", "value", 20)
    slider = force.get_by_role("slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_node(page, "force", "value", 20.5)
    assert "kN" in force.inner_text()
    # The 3D view saw the same change (its dial reads from the same store).
    assert page.evaluate("window.__resilience.view.views.get('force').node.value") == 20.5
    page.reload()
    page.wait_for_function("() => window.__resilience && window.__resilience.store.scene")
    assert page.get_by_role("button", name="Switch to the 3D view").is_visible()
    assert page.locator("canvas.rs-canvas").is_hidden()
    # Charts are also tables.
    assert item(page, "xbar_chart").locator("table caption").count() == 1
    assert not errors, errors
