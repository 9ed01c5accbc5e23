"""Docstrings of the engine and scenarios: present on every public name, doctests pass."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import resilience.sim as sim

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(sim.__path__, "resilience.sim.")
    if ".science" not in m.name
)


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_is_documented_and_doctests_pass(name: str) -> None:
    mod = importlib.import_module(name)
    assert mod.__doc__, f"{name} has no module docstring"
    for attr in getattr(mod, "__all__", []):
        obj = getattr(mod, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, f"{name}.{attr} has no docstring"
    result = doctest.testmod(mod, verbose=False)
    assert result.failed == 0
