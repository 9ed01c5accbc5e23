"""Every public science function documents its parameters, a source and an example.

Modelled on python-control's ``docstrings_test.py`` (STYLE.md item 16).
"""

import importlib
import inspect
from pathlib import Path

import pytest

MODULES = [
    "cleanroom",
    "quality",
    "solid_dose",
    "bioprocess",
    "chemistry",
    "sustainability",
]


def _public_functions():
    for name in MODULES:
        module = importlib.import_module(f"resilience.sim.science.{name}")
        assert module.__all__, name
        for attr in module.__all__:
            obj = getattr(module, attr)  # every name in __all__ exists
            if inspect.isfunction(obj):
                yield pytest.param(obj, id=f"{name}.{attr}")


@pytest.mark.parametrize("func", list(_public_functions()))
def test_it_has_a_complete_numpydoc_docstring(func):
    doc = inspect.getdoc(func)
    assert doc, "missing docstring"
    for section in ("Parameters", "Returns", "References", "Examples"):
        assert f"\n{section}\n" in doc, f"missing {section} section"
    assert ">>> " in doc, "missing doctest"
    assert ".. [1]" in doc, "missing numbered reference"
    params_block = doc.split("\nParameters\n", 1)[1].split("\nReturns\n", 1)[0]
    for pname in inspect.signature(func).parameters:
        assert pname in params_block, f"parameter {pname!r} is not documented"


def test_it_keeps_science_free_of_django():
    import sys

    for name in MODULES:
        importlib.import_module(f"resilience.sim.science.{name}")
    science = [m for m in sys.modules if m.startswith("resilience.sim.science")]
    assert science
    for mod_name in science:
        source = Path(sys.modules[mod_name].__file__).read_text(encoding="utf-8")
        assert "import django" not in source and "from django" not in source
