"""The 3D client on a desktop: it loads, a click acts, and the server's patch changes it."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from tests.browser.test_client_support import (  # noqa: F401
    client_ready,
    pixel,
    screen_xy,
    start_solo,
    wait_node,
    watch_errors,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("client_ready")]


def test_a_click_on_a_3d_node_reaches_the_server_and_the_scene_changes(
        page: Any) -> None:
    errors = watch_errors(page)
    page.set_viewport_size({"width": 1200, "height": 800})
    start_solo(page, "grade-b-gowning")
    page.wait_for_function("() => (window.__resilience.frameStats || {}).last")
    assert page.evaluate("window.__resilience.store.node('locker').text") == "to do"
    colour = "window.__resilience.view.views.get('locker').solid.material.color.getHexString()"
    before = page.evaluate(colour)
    assert_accessible(page)
    x, y = screen_xy(page, "locker")
    # Just below the hit box's centre: the box's front face, not its label card.
    r0, g0, b0 = pixel(page, x, y + 12)
    assert b0 > r0 + 60, (r0, g0, b0)  # sky blue
    page.mouse.move(x, y)
    page.wait_for_function("() => !document.querySelector('.rs-tooltip').hidden")
    assert "Outer clothes" in page.locator(".rs-tooltip").inner_text()
    page.mouse.down()
    page.mouse.up()
    wait_node(page, "locker", "text", "done")
    assert page.evaluate("window.__resilience.lastAction") | {"id": 0} == {
        "type": "action", "v": 1, "node": "locker", "verb": "press", "value": None, "id": 0}
    # The patch recoloured the box (sky blue → bluish green) and the caption moved on.
    after = page.evaluate(colour)
    assert (before, after) == ("56b4e9", "009e73")
    r1, g1, b1 = pixel(page, x, y + 12)
    assert g1 > r1 + 40 and g1 > b1 - 30, (r1, g1, b1)  # bluish green
    page.locator(".rs-log", has_text="wash your hands").wait_for()
    stats = page.evaluate("window.__resilience.frameStats.last")
    assert 0 < stats["calls"] <= 100, stats
    assert not errors, errors


def test_keyboard_focus_ring_and_walking_in_the_3d_view(page: Any) -> None:
    errors = watch_errors(page)
    start_solo(page, "grade-b-gowning")
    canvas = page.locator("canvas.rs-canvas")
    canvas.focus()
    page.keyboard.press("Tab")
    page.wait_for_function("() => window.__resilience.view.focusId === 'locker'")
    assert page.evaluate("window.__resilience.view.focusBox.visible")
    page.locator("[aria-live=polite]", has_text="Press Enter").wait_for()
    page.keyboard.press("Enter")
    wait_node(page, "locker", "text", "done")
    # Walking: W held moves the learner at an ordinary walking pace (1.2 m/s; the frame
    # step is capped at 0.1 s, so a slow machine can only make it slower), Shift slower.
    page.evaluate("""() => { const c = window.__resilience.connection; const send = c.send.bind(c);
      window.__sent = [];
      c.send = m => { window.__sent.push([m.type, performance.now()]); return send(m); }; }""")
    pos = "[window.__resilience.desktop.avatar.toArray(), performance.now()]"
    for keys, lo, hi in ((["w"], 0.5, 1.3), (["Shift", "s"], 0.2, 0.55)):
        start, t0 = page.evaluate(pos)
        for k in keys:
            page.keyboard.down(k)
        page.wait_for_timeout(1500)
        for k in reversed(keys):
            page.keyboard.up(k)
        end, t1 = page.evaluate(pos)
        dist = sum((a - b) ** 2 for a, b in zip(start, end, strict=True)) ** 0.5
        assert lo < dist / ((t1 - t0) / 1000) < hi, (keys, dist, t1 - t0)
    # Poses went out while walking, never faster than 10 a second.
    times = page.evaluate("window.__sent.filter(x => x[0] === 'pose').map(x => x[1])")
    assert len(times) >= 10
    assert min(b - a for a, b in itertools.pairwise(times)) >= 99
    page.keyboard.press("?")
    assert page.get_by_role("dialog", name="Keyboard and mouse").is_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    # The self-made glTF prop loads from the static folder (no CDN).
    meshes = page.evaluate("""async () => { let n = 0;
      const press = await window.__resilience.view.assets.load('tablet_press.glb');
      press.traverse(o => { if (o.isMesh) n++; });
      return n; }""")
    assert meshes == 3  # frame, steel, hopper: one draw call per material
    assert not errors, errors


def test_mouse_grab_choose_a_grip_in_the_scene_menu_and_place(page: Any) -> None:
    errors = watch_errors(page)
    page.set_viewport_size({"width": 1200, "height": 800})
    start_solo(page, "grade-b-gowning")
    page.wait_for_function("() => (window.__resilience.frameStats || {}).last")
    page.mouse.click(*screen_xy(page, "facility_garments"))
    page.wait_for_function("() => window.__resilience.view.menu.isOpen")
    # The second row of the in-scene menu: "Pick up, holding it by: inside".
    x, y = page.evaluate("""() => { const r = window.__resilience; const m = r.view.menu;
      m.group.updateMatrixWorld(true);
      const p = m.plane.mesh; const v = p.position.clone();
      v.y = p.scale.y * (0.5 - 1.5 / (m.items.length + 1));
      const w = p.parent.localToWorld(v).project(r.camera);
      const c = r.renderer.domElement.getBoundingClientRect();
      return [c.left + (w.x + 1) / 2 * c.width, c.top + (1 - w.y) / 2 * c.height]; }""")
    page.mouse.click(x, y)
    page.wait_for_function("() => (window.__resilience.store.holding || {}).value === 'inside'")
    # Its place targets are outlined; a click on one of them places it.
    assert page.evaluate("window.__resilience.view._targets.filter(b => b.visible).length") == 3
    page.locator("[aria-live=polite]", has_text="You are holding").wait_for()
    page.mouse.click(*screen_xy(page, "body"))
    wait_node(page, "facility_garments", "text", "done")
    assert page.evaluate("window.__resilience.lastAction.value") == "body"
    assert not errors, errors
