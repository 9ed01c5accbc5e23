"""VR with Meta's IWER emulating a Quest 3: enter VR, point the right controller at a node,
pull the trigger; the action reaches the server, the scene changes, and every XR frame
stays inside the draw-call and triangle budget (DESIGN.md: ≤ 200 calls, ≤ 300k triangles
for both eyes)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_client_support import (  # noqa: F401 (client_ready is a fixture)
    client_ready,
    start_solo,
    wait_node,
    watch_errors,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("client_ready")]

MAX_CALLS = 200
MAX_TRIANGLES = 300_000

AIM_JS = """async ([target, hand]) => {
  const r = window.__resilience; const d = window.__iwerDevice;
  const V = r.camera.position.constructor;
  const p = typeof target === 'string'
    ? r.view.views.get(target).hit.getWorldPosition(new V()) : new V(...target);
  r.view.rig.worldToLocal(p);  // the XR reference space is the rig's frame
  const h = (await d.remote.dispatch('get_transform', {device: 'headset'})).position;
  const dir = new V(p.x - h.x, p.y - h.y, p.z - h.z).normalize();
  const side = hand === 'right' ? 0.05 : -0.05;
  const from = {x: h.x + dir.x * 0.3 + side, y: h.y - 0.1, z: h.z + dir.z * 0.3};
  const to = {x: p.x, y: p.y, z: p.z};
  await d.remote.dispatch('set_transform', {device: 'controller-' + hand, position: from});
  await d.remote.dispatch('look_at', {device: 'controller-' + hand, target: to});
  await d.remote.dispatch('look_at', {device: 'headset', target: to});
}"""

MENU_ROW_JS = """i => { const m = window.__resilience.view.menu; const p = m.plane.mesh;
  const rows = m.items.length + 1; const v = p.position.clone();
  v.y = p.scale.y * (0.5 - (i + 1.5) / rows);
  return p.parent.localToWorld(v).toArray(); }"""

POINTED_JS = """() => { const s = window.__resilience.interactor.sources.get('xr-right');
  if (!s || !s.hover) return null;
  return s.hover.id || (s.hover.menu ? 'menu:' + s.hover.menuIndex : null); }"""

MODELS_JS = """() => { const r = window.__resilience; let n = 0;
  for (let i = 0; i < 2; i++) {
    r.renderer.xr.getControllerGrip(i).traverse(o => { if (o.isMesh) n++; });
  }
  return n >= 2; }"""


def enter_vr(page: Any) -> None:
    page.get_by_role("button", name="Enter VR").click()
    page.wait_for_function("() => window.__resilience.renderer.xr.isPresenting")
    page.wait_for_function("() => window.__resilience.frameStats.xrFrames > 5")


def aim(page: Any, target: str | list[float], hand: str = "right") -> None:
    """Point a controller at a node (by id) or a world point, from 30 cm in front of the head."""
    page.evaluate(AIM_JS, [target, hand])
    page.wait_for_timeout(150)


def frames(page: Any, n: int = 3) -> None:
    """Wait until the client has drawn `n` more frames."""
    f = page.evaluate("window.__resilience.view.frames")
    page.wait_for_function(f"() => window.__resilience.view.frames >= {f + n}")


def select(page: Any, device: str = "controller-right") -> None:
    """Pull and release the trigger (or pinch), each held for a few frames. (IWER's own
    'select' can press and release inside one slow SwiftShader frame, and then no
    selectstart/selectend reaches the page.)"""
    for value in (1, 0):
        page.evaluate("([d, v]) => window.__iwerDevice.remote.dispatch('set_select_value',"
                      " {device: d, value: v})", [device, value])
        frames(page)


def stick(page: Any, axis: int, value: float) -> None:
    """Push the right thumbstick (IWER numbers its axes 0 and 1; the page sees 2 and 3)."""
    page.evaluate("""([axis, value]) => window.__iwerDevice.remote.dispatch('set_gamepad_state',
      {device: 'controller-right', axes: [{index: axis, value}]})""", [axis, value])


def pointed(page: Any) -> Any:
    return page.evaluate(POINTED_JS)


def js(page: Any, expression: str) -> Any:
    return page.evaluate(f"() => {expression}")


def budget(page: Any) -> dict[str, int]:
    s: dict[str, int] = page.evaluate("window.__resilience.frameStats")
    assert s["xrFrames"] > 0
    assert s["maxCalls"] <= MAX_CALLS, s
    assert s["maxTriangles"] <= MAX_TRIANGLES, s
    return s


def models_loaded(page: Any) -> None:
    """Wait until both controller models (self-hosted profiles) have loaded, then restart
    the frame statistics."""
    page.wait_for_function(MODELS_JS, timeout=20_000)
    page.wait_for_timeout(300)
    js(page, "{ const s = window.__resilience.frameStats; s.maxCalls = 0; s.maxTriangles = 0;"
             " s.xrFrames = 0; }")
    page.wait_for_function("() => window.__resilience.frameStats.xrFrames > 10")


def test_vr_select_presses_a_node_and_xr_frames_stay_in_budget(page: Any) -> None:
    errors = watch_errors(page)
    start_solo(page, "grade-b-gowning", "?emulate=1")
    enter_vr(page)
    aim(page, "locker")
    page.wait_for_function(f"() => ({POINTED_JS})() === 'locker'")
    select(page)
    wait_node(page, "locker", "text", "done")
    assert js(page, "window.__resilience.lastAction.node") == "locker"
    budget(page)
    assert not errors, errors


@pytest.mark.parametrize("scenario", ["grade-b-gowning", "tablet-line", "fed-batch-bioreactor"])
def test_every_scenario_fits_the_xr_frame_budget(page: Any, scenario: str) -> None:
    """Look around the whole room (8 headings) with both controller models drawn; no frame
    may exceed the budget, and nothing is fetched from another origin (no CDN)."""
    errors = watch_errors(page)
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    start_solo(page, scenario, "?emulate=1")
    enter_vr(page)
    models_loaded(page)
    worst = {"maxCalls": 0, "maxTriangles": 0}
    for k in range(8):
        page.evaluate("""k => window.__iwerDevice.remote.dispatch('set_transform', {device:
          'headset', position: {x: 0, y: 1.6, z: 0}, orientation: {yaw: k * 45}})""", k)
        page.wait_for_timeout(120)
        s = budget(page)
        worst = {key: max(worst[key], s[key]) for key in worst}
    print(f"{scenario} XR frame (both eyes, controllers drawn): max {worst['maxCalls']} calls,"
          f" {worst['maxTriangles']} triangles")
    origin = page.url.split("/play/")[0]
    assert any("/static/client/assets/input-profiles/" in u for u in urls)
    assert all(u.startswith((origin, "data:", "blob:")) for u in urls), [
        u for u in urls if not u.startswith(origin)]
    assert not errors, errors


def test_vr_grab_choose_a_grip_and_place_on_a_target(page: Any) -> None:
    """Trigger on a garment opens the grip menu in the scene; choosing "inside" grabs it
    (it follows the controller); trigger on the body zone places it there."""
    errors = watch_errors(page)
    start_solo(page, "grade-b-gowning", "?emulate=1")
    enter_vr(page)
    aim(page, "facility_garments")
    select(page)
    page.wait_for_function("() => window.__resilience.view.menu.isOpen")
    aim(page, page.evaluate(MENU_ROW_JS, 0))  # first option: hold it by the inside
    assert pointed(page) == "menu:0"
    select(page)
    page.wait_for_function("() => (window.__resilience.store.holding || {}).node"
                           " === 'facility_garments'")
    assert js(page, "window.__resilience.lastAction") | {"id": 0} == {
        "type": "action", "v": 1, "node": "facility_garments", "verb": "grab", "value": "inside",
        "id": 0}
    # The garment is now carried by the right controller.
    assert js(page, "window.__resilience.view.views.get('facility_garments').root.parent"
                    " !== window.__resilience.view.nodes")
    aim(page, "body")
    select(page)
    wait_node(page, "facility_garments", "text", "done")
    assert js(page, "window.__resilience.lastAction.value") == "body"
    assert js(page, "window.__resilience.view.views.get('facility_garments').root.parent"
                    " === window.__resilience.view.nodes")
    assert not errors, errors


def test_vr_thumbstick_snap_turns_and_teleports_with_a_vignette(page: Any) -> None:
    start_solo(page, "tablet-line", "?emulate=1")
    enter_vr(page)
    yaw0 = js(page, "window.__resilience.view.rig.rotation.y")
    page.evaluate("""() => window.__iwerDevice.remote.dispatch('set_transform', {device:
      'controller-right', position: {x: 0.2, y: 1.2, z: -0.3}, orientation: {pitch: -60}})""")
    stick(page, 0, 1)
    page.wait_for_function("() => window.__resilience.xr.vignette.visible")
    stick(page, 0, 0)
    page.wait_for_function("() => !window.__resilience.xr.vignette.visible")
    yaw1 = js(page, "window.__resilience.view.rig.rotation.y")
    assert abs(abs(yaw1 - yaw0) - 0.5236) < 0.01  # 30°
    # Teleport: push forward (a marker shows on the floor), release.
    before = js(page, "window.__resilience.view.rig.position.toArray()")
    stick(page, 1, -1)
    page.wait_for_function("() => window.__resilience.xr.marker.visible")
    stick(page, 1, 0)
    page.wait_for_function("() => !window.__resilience.xr.vignette.visible"
                           " && window.__resilience.xr.fade === 0")
    after = js(page, "window.__resilience.view.rig.position.toArray()")
    moved = ((after[0] - before[0]) ** 2 + (after[2] - before[2]) ** 2) ** 0.5
    assert moved > 0.3, (before, after)
    # Poses report the teleport as a careful walk (0.8 m/s), not a jump.
    assert js(page, "window.__resilience.xr.reportOffset.length()") <= moved


def test_vr_trigger_held_on_a_dial_turns_it_as_the_controller_moves(page: Any) -> None:
    start_solo(page, "tablet-line", "?emulate=1")
    enter_vr(page)
    start = js(page, "window.__resilience.store.node('force').value")
    aim(page, "force")
    page.wait_for_function(f"() => ({POINTED_JS})() === 'force'")
    page.evaluate("() => window.__iwerDevice.remote.dispatch('set_select_value',"
                  " {device: 'controller-right', value: 1})")
    page.wait_for_function("() => window.__resilience.interactor.dragging")
    # Raise the controller 10 cm: up turns the dial up (25 cm = the whole 0–60 kN range).
    page.evaluate("""async () => { const d = window.__iwerDevice;
      const t = await d.remote.dispatch('get_transform', {device: 'controller-right'});
      const p = t.position;
      await d.remote.dispatch('set_transform', {device: 'controller-right',
        position: {x: p.x, y: p.y + 0.1, z: p.z}, orientation: t.orientation}); }""")
    page.wait_for_timeout(300)
    page.evaluate("() => window.__iwerDevice.remote.dispatch('set_select_value',"
                  " {device: 'controller-right', value: 0})")
    page.wait_for_function("() => !window.__resilience.interactor.dragging")
    page.wait_for_function(f"() => window.__resilience.store.node('force').value > {start} + 5")
    last = js(page, "window.__resilience.lastAction")
    assert last["node"] == "force" and last["verb"] == "set"


def test_tracked_hands_are_drawn_and_a_pinch_selects(page: Any) -> None:
    errors = watch_errors(page)
    start_solo(page, "grade-b-gowning", "?emulate=1")
    enter_vr(page)
    page.evaluate("() => window.__iwerDevice.remote.dispatch('set_input_mode', {mode: 'hand'})")
    page.wait_for_function("""() => window.__resilience.xr.controllers.every(c => c.inputSource
      && c.inputSource.hand)""")
    page.wait_for_function("""() => { let n = 0; const r = window.__resilience;
      for (let i = 0; i < 2; i++) r.renderer.xr.getHand(i).traverse(o => { if (o.isMesh) n++; });
      return n >= 2; }""")
    page.evaluate("""async () => { const r = window.__resilience; const d = window.__iwerDevice;
      const V = r.camera.position.constructor;
      const p = r.view.rig.worldToLocal(r.view.views.get('locker').hit.getWorldPosition(new V()));
      const h = (await d.remote.dispatch('get_transform', {device: 'headset'})).position;
      await d.remote.dispatch('set_transform', {device: 'hand-right',
        position: {x: h.x + 0.1, y: h.y - 0.25, z: h.z - 0.25}});
      await d.remote.dispatch('look_at', {device: 'hand-right', target: {x: p.x, y: p.y, z: p.z}});
    }""")
    page.wait_for_timeout(200)
    target = page.evaluate(POINTED_JS)
    assert target == "locker"  # the hand's target ray points where the hand aims
    select(page, "hand-right")
    wait_node(page, "locker", "text", "done")
    js(page, "{ const s = window.__resilience.frameStats; s.maxCalls = 0; s.maxTriangles = 0;"
             " s.xrFrames = 0; }")
    page.wait_for_function("() => window.__resilience.frameStats.xrFrames > 10")
    s = budget(page)
    print(f"hands: {s['maxCalls']} calls, {s['maxTriangles']} triangles; pointed at {target}")
    assert not errors, errors
