"""Every scenario in every mode: desktop (click and keyboard), VR (IWER Quest 3: aim the
right controller and pull the trigger) and a scripted good run by keyboard alone in the
accessible view. The gowning scenario's own flows are in the other test_client_* files."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.browser.test_client_accessible import item, press, tab_to
from tests.browser.test_client_support import (  # noqa: F401 (client_ready is a fixture)
    client_ready,
    screen_xy,
    start_solo,
    store_node,
    wait_node,
    watch_errors,
)
from tests.browser.test_client_xr import POINTED_JS, aim, budget, enter_vr, select

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("client_ready")]


def warp(monkeypatch: pytest.MonkeyPatch, factor: float) -> None:
    """Run the scenario clock ``factor`` times faster (the server's ticks, not the model)."""
    from resilience.sim.engine import Session

    tick = Session.tick
    monkeypatch.setattr(Session, "tick", lambda self, dt: tick(self, dt * factor))


def set_value(page: Any, node: str, value: float) -> None:
    """Type a value into a dial's or slider's number box with the keyboard, then Enter."""
    box = item(page, node).locator("input.rs-number")
    tab_to(page, box)
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([n, v]) => Math.abs(window.__resilience.store.node(n).value - v) < 1e-6",
        arg=[node, value])


def scene_t(page: Any) -> float:
    return float(page.evaluate("window.__resilience.store.scene.t"))


def result_text(page: Any, timeout: int = 120_000) -> str:
    region = page.get_by_role("region", name="Your result")
    region.wait_for(timeout=timeout)
    return str(region.inner_text())


def test_desktop_click_starts_the_tablet_press(page: Any) -> None:
    errors = watch_errors(page)
    page.set_viewport_size({"width": 1200, "height": 800})
    start_solo(page, "tablet-line")
    page.wait_for_function("() => (window.__resilience.frameStats || {}).last")
    assert store_node(page, "start")["text"] == "start"
    x, y = screen_xy(page, "start")
    page.mouse.click(x, y)
    wait_node(page, "start", "text", "pause")
    assert page.evaluate("window.__resilience.lastAction.node") == "start"
    assert not errors, errors


def test_desktop_keyboard_turns_the_bioreactor_feed(page: Any) -> None:
    errors = watch_errors(page)
    start_solo(page, "fed-batch-bioreactor")
    page.locator("canvas.rs-canvas").focus()
    for _ in range(40):
        if page.evaluate("window.__resilience.view.focusId") == "feed":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("window.__resilience.view.focusId") == "feed"
    before = store_node(page, "feed")["value"]
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => window.__resilience.store.node('feed').value > {before}")
    assert page.evaluate("window.__resilience.lastAction.verb") == "set"
    assert not errors, errors


@pytest.mark.parametrize(("scenario", "node", "check"), [
    ("tablet-line", "start", ("text", "pause")),
    ("fed-batch-bioreactor", "sample", None),
])
def test_vr_trigger_acts_in_every_scenario(page: Any, scenario: str, node: str,
                                           check: tuple[str, str] | None) -> None:
    errors = watch_errors(page)
    start_solo(page, scenario, "?emulate=1")
    enter_vr(page)
    aim(page, node)
    page.wait_for_function(f"() => ({POINTED_JS})() === '{node}'")
    select(page)
    if check:
        wait_node(page, node, *check)
    else:  # the offline sample's result appears on the panel
        page.wait_for_function("() => /^day /.test(window.__resilience.store"
                               ".node('last_sample').text || '')")
    assert page.evaluate("window.__resilience.lastAction.node") == node
    budget(page)
    assert not errors, errors


def test_a_keyboard_user_runs_a_releasable_tablet_batch(page: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    warp(monkeypatch, 4)  # alerts must be answered within 3 checks: keep them seconds apart
    errors = watch_errors(page)
    start_solo(page, "tablet-line", "?webgl=0")
    page.locator("body").focus()
    set_value(page, "fill_depth", 10.2)
    set_value(page, "force", 20)
    set_value(page, "speed", 40)
    assert_accessible(page)
    press(page, "start")
    deadline = time.monotonic() + 240
    answered = 0
    while not page.get_by_role("region", name="Your result").is_visible():
        assert time.monotonic() < deadline, "the batch did not finish"
        alerts = store_node(page, "alerts")["text"]
        if alerts != "no alerts" and answered < 20 and "investigated" not in alerts:
            press(page, "investigate")
            answered += 1
        page.wait_for_timeout(250)
    text = result_text(page)
    assert "Passed" in text, text
    assert "Batch passes release testing: met" in text, text
    assert_accessible(page)
    assert not errors, errors


def test_a_keyboard_user_runs_a_fed_batch_to_harvest(page: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    warp(monkeypatch, 6)  # one culture day (30 s) every 5 s
    errors = watch_errors(page)
    start_solo(page, "fed-batch-bioreactor", "?webgl=0")
    page.locator("body").focus()
    day_s = 30.0
    plan: list[tuple[float, str, float | None]] = (
        [(d, "sample", None) for d in (0.3, 1.8, 3.3, 4.8, 6.3, 7.8, 9.3, 10.8, 12.3)]
        + [(2.3, "feed", 3.0), (6.1, "temperature", 32.0), (13.5, "harvest", None)])
    plan.sort()
    assert_accessible(page)
    deadline = time.monotonic() + 200
    for day, node, value in plan:
        page.wait_for_function(f"() => window.__resilience.store.scene.t >= {day * day_s}",
                               timeout=int((deadline - time.monotonic()) * 1000))
        if value is None:
            press(page, node)
        else:
            set_value(page, node, value)
    text = result_text(page)
    assert "Passed" in text, text
    assert "Score: 100 out of 100" in text, text
    assert not errors, errors
