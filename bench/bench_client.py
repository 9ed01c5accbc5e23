"""Client budgets: bundle sizes, and draw calls and triangles per XR frame per scenario.

1. Sizes (always): raw and gzip (level 9) bytes of what a learner's browser downloads on
   first load (``app.js`` + ``app.css``) against the 250 KB gzip budget, plus the
   test-only ``emulate.js`` and the assets fetched on demand (controller profiles, props).
2. Frames (``--xr``, needs Debian's Chromium): serves the built client from a throw-away
   HTTP server with a WebSocket stub that drives a real ``resilience.sim`` Session (the
   messages are the server's own ``full()``/``patch()``), enters VR in IWER's emulated
   Quest 3, waits for both controller models, turns the head through 8 headings and reports
   the largest ``renderer.info.render.calls`` / ``.triangles`` of any XR frame (both eyes),
   and the same for the desktop view. Budget: ≤ 200 calls, ≤ 300k triangles.

Usage::

    make client && .venv/bin/python bench/bench_client.py          # sizes only
    .venv/bin/python bench/bench_client.py --xr                     # and XR frames

Prints Markdown tables (recorded in docs/client.md); exits 1 if a budget is broken.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gzip
import http.server
import json
import os
import socket
import sys
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "resilience" / "static" / "client"
BUDGET_GZIP = 250 * 1024
MAX_CALLS, MAX_TRIANGLES = 200, 300_000
SCENARIOS = ["grade-b-gowning", "tablet-line", "fed-batch-bioreactor"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def sizes() -> bool:
    if not (OUT / "app.js").exists():
        sys.exit("The client is not built: run `make client` first.")

    def size(paths: list[Path]) -> tuple[int, int]:
        raw = sum(p.stat().st_size for p in paths)
        gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in paths)
        return raw, gz

    rows = [("app.js (first load)", [OUT / "app.js"]), ("app.css (first load)", [OUT / "app.css"]),
            ("**first load, JS + CSS**", [OUT / "app.js", OUT / "app.css"]),
            ("emulate.js (tests only)", [OUT / "emulate.js"]),
            ("controller profiles (VR, on demand)",
             [p for p in (OUT / "assets" / "input-profiles").rglob("*") if p.is_file()]),
            ("glTF props (on demand)", list((OUT / "assets").glob("*.glb")))]
    print("| file | raw KB | gzip KB |\n|---|---:|---:|")
    first = 0
    for name, paths in rows:
        raw, gz = size(paths)
        if name.startswith("**"):
            first = gz
        print(f"| {name} | {raw / 1024:.1f} | {gz / 1024:.1f} |")
    ok = first <= BUDGET_GZIP
    print(f"\nfirst load {first / 1024:.1f} KB gzip, budget {BUDGET_GZIP / 1024:.0f} KB: "
          f"{'ok' if ok else 'OVER BUDGET'}\n")
    return ok


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


PAGE = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>bench</title>
<link rel="stylesheet" href="/static/client/app.css">
<script type="module" src="/static/client/emulate.js"></script>
<script type="module" src="/static/client/app.js"></script></head><body>
<div id="resilience-app" data-ws="ws://127.0.0.1:{ws}/ws/{scenario}/" data-title="bench"
 data-mode="solo" data-lang="en-gb"></div></body></html>"""


class Handler(http.server.SimpleHTTPRequestHandler):
    ws_port = 0

    def do_GET(self) -> None:
        if self.path.startswith("/bench/"):
            scenario = self.path.split("/")[2]
            body = PAGE.format(ws=self.ws_port, scenario=scenario).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args: Any) -> None:
        pass


async def drive(ws: Any) -> None:
    """A minimal live server: the real Session's messages, ticked at 20 Hz."""
    from resilience.sim.engine import Session, SimError
    from resilience.sim.registry import get_scenario

    scenario = ws.request.path.split("/")[2]
    s = Session(get_scenario(scenario), 1)
    await ws.send(json.dumps({"type": "welcome", "v": 1, "session": {
        "code": "BENCH", "scenario": scenario, "title": scenario, "mode": "solo",
        "status": "running"}, "participant": {"name": "Bench"}}))
    await ws.send(json.dumps(s.full()))

    async def ticker() -> None:
        while True:
            await asyncio.sleep(0.05)
            s.tick(0.05)
            p = s.patch()
            if p:
                await ws.send(json.dumps(p))

    task = asyncio.create_task(ticker())
    try:
        async for text in ws:
            m = json.loads(text)
            try:
                if m["type"] == "action":
                    s.apply({"node": m["node"], "verb": m["verb"], "value": m.get("value")})
                elif m["type"] == "pose":
                    s.apply(m)
                elif m["type"] == "resync":
                    await ws.send(json.dumps(s.full()))
            except SimError as exc:
                await ws.send(json.dumps({"type": "error", "v": 1, "error": str(exc)}))
    finally:
        task.cancel()


def frames() -> bool:
    import websockets
    from playwright.sync_api import sync_playwright

    ws_port, http_port = free_port(), free_port()
    Handler.ws_port = ws_port
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", http_port),
        functools.partial(Handler, directory=str(REPO / "src" / "resilience")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    loop = asyncio.new_event_loop()

    async def serve() -> None:
        async with websockets.serve(drive, "127.0.0.1", ws_port, compression=None):
            await asyncio.Future()

    threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True).start()
    ok = True
    print("| scenario | desktop calls | desktop triangles | XR calls (max, both eyes) "
          "| XR triangles (max) |\n|---|---:|---:|---:|---:|")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        for scenario in SCENARIOS:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"http://127.0.0.1:{http_port}/bench/{scenario}/")
            page.wait_for_function("() => (window.__resilience || {}).frameStats"
                                   " && window.__resilience.frameStats.last")
            page.wait_for_timeout(1000)
            desk = page.evaluate("window.__resilience.frameStats.last")
            page.get_by_role("button", name="Enter VR").click()
            page.wait_for_function("""() => { const r = window.__resilience; let n = 0;
              for (let i = 0; i < 2; i++) {
                r.renderer.xr.getControllerGrip(i).traverse(o => { if (o.isMesh) n++; });
              }
              return r.renderer.xr.isPresenting && n >= 2; }""", timeout=30_000)
            page.wait_for_timeout(300)
            page.evaluate("() => Object.assign(window.__resilience.frameStats,"
                          " {maxCalls: 0, maxTriangles: 0, xrFrames: 0})")
            for k in range(8):
                page.evaluate("""k => window.__iwerDevice.remote.dispatch('set_transform',
                  {device: 'headset', position: {x: 0, y: 1.6, z: 0},
                   orientation: {yaw: k * 45}})""", k)
                page.wait_for_timeout(150)
            st = page.evaluate("window.__resilience.frameStats")
            ok = ok and st["maxCalls"] <= MAX_CALLS and st["maxTriangles"] <= MAX_TRIANGLES
            print(f"| {scenario} | {desk['calls']} | {desk['triangles']:,} | {st['maxCalls']} "
                  f"| {st['maxTriangles']:,} |")
            page.close()
        browser.close()
    httpd.shutdown()
    print(f"\nbudget per XR frame: ≤ {MAX_CALLS} calls, ≤ {MAX_TRIANGLES:,} triangles: "
          f"{'ok' if ok else 'OVER BUDGET'}")
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xr", action="store_true", help="also measure XR frames in Chromium")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    ok = sizes()
    if args.xr:
        ok = frames() and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
