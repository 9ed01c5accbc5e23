"""Helpers for the client's browser tests (no tests here).

The client under test is the built bundle in ``src/resilience/static/client/`` (``make
client``), served by the real ASGI app; learners start a solo run from the catalogue, so
every message is the real server's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

STATIC = Path(__file__).resolve().parents[2] / "src" / "resilience" / "static"
BUILT = STATIC / "client" / "app.js"


def require_build() -> None:
    if not BUILT.exists():
        pytest.fail("The client is not built: run `make client` "
                    "(cd client && npm ci && npm run build)")


@pytest.fixture
def client_ready(asgi_server: str, settings: Any) -> str:
    require_build()
    settings.XR_EMULATION_ALLOWED = True
    return asgi_server


def start_solo(page: Any, scenario: str, query: str = "") -> None:
    """Open the catalogue entry, start a solo run and wait for the first scene."""
    from django.urls import reverse

    page.goto(reverse("catalogue:detail", args=[scenario]))
    page.get_by_role("button", name="Practise on your own").click()
    page.wait_for_url("**/play/**")
    if query:
        page.goto(page.url.split("?")[0] + query)
    page.wait_for_function("() => window.__resilience && window.__resilience.store.scene !== null")


def store_node(page: Any, node_id: str) -> Any:
    return page.evaluate("id => window.__resilience.store.node(id)", node_id)


def wait_node(page: Any, node_id: str, field: str, value: Any, timeout: int = 10_000) -> None:
    page.wait_for_function(
        "([id, f, v]) => { const n = window.__resilience.store.node(id);"
        " return n && JSON.stringify(n[f]) === JSON.stringify(v); }",
        arg=[node_id, field, value], timeout=timeout)


def dump(page: Any) -> str:
    return json.dumps(page.evaluate("window.__resilience.store.scene"), indent=1)[:2000]


def watch_errors(page: Any) -> list[str]:
    """Collect page errors, console errors and failed requests (not the favicon)."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}")
            if m.type == "error" and "Failed to load resource" not in m.text else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and "favicon" not in r.url else None)
    return errors


def screen_xy(page: Any, node_id: str) -> tuple[float, float]:
    """Page coordinates of the centre of a node's hit box in the desktop camera."""
    x, y = page.evaluate("""id => {
      const r = window.__resilience; const v = r.view.views.get(id);
      const p = v.hit.getWorldPosition(v.hit.position.clone()).project(r.camera);
      const c = r.renderer.domElement.getBoundingClientRect();
      return [c.left + (p.x + 1) / 2 * c.width, c.top + (1 - p.y) / 2 * c.height];
    }""", node_id)
    return x, y


PIXEL_JS = """([x, y]) => {
  const r = window.__resilience; const c = r.renderer.domElement;
  const gl = r.renderer.getContext();
  const b = c.getBoundingClientRect(); const k = c.width / b.width;
  r.renderer.render(r.scene, r.camera);  // read in the same task, before compositing
  const px = new Uint8Array(4);
  gl.readPixels(Math.round((x - b.left) * k), Math.round(c.height - (y - b.top) * k), 1, 1,
                gl.RGBA, gl.UNSIGNED_BYTE, px);
  return Array.from(px.slice(0, 3));
}"""


def pixel(page: Any, x: float, y: float) -> list[int]:
    """The colour the 3D view draws at page coordinates (x, y)."""
    return list(page.evaluate(PIXEL_JS, [x, y]))
