"""The simulation library must run without Django (it is used headless and in workers)."""

import subprocess
import sys

CODE = """
import importlib, pkgutil, sys
import resilience.sim as sim
names = [m.name for m in pkgutil.walk_packages(sim.__path__, "resilience.sim.")]
for n in names:
    importlib.import_module(n)
assert len(names) >= 10, names
bad = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print("ok" if not bad else "django imported: " + ", ".join(bad))
"""


def test_it_imports_every_sim_module_without_django() -> None:
    r = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                       timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"
