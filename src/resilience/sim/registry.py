"""Registry of scenarios: look a scenario up by its id.

Scenario modules are imported on first use, so listing ids costs nothing.
"""

from __future__ import annotations

import importlib
from typing import Any, Final

from resilience.sim.engine import Scenario, SimError

__all__ = ["SCENARIO_IDS", "UnknownScenarioError", "all_scenarios", "get_scenario"]

# id -> "module:ClassName"
_SCENARIOS: Final[dict[str, str]] = {
    "grade-b-gowning": "resilience.sim.scenarios.gowning.scenario:GradeBGowning",
    "tablet-line": "resilience.sim.scenarios.tablet_line.scenario:TabletLine",
    "fed-batch-bioreactor": "resilience.sim.scenarios.bioreactor.scenario:FedBatchBioreactor",
}

SCENARIO_IDS: Final[tuple[str, ...]] = tuple(_SCENARIOS)
"""Ids of all registered scenarios, in catalogue order."""

_cache: dict[str, Scenario[Any]] = {}


class UnknownScenarioError(SimError, LookupError):
    """No scenario has the requested id."""


def get_scenario(scenario_id: str) -> Scenario[Any]:
    """Return the (shared, stateless) scenario object for ``scenario_id``.

    Raises
    ------
    UnknownScenarioError
        If the id is not registered; the message lists the valid ids.
    """
    if scenario_id in _cache:
        return _cache[scenario_id]
    target = _SCENARIOS.get(scenario_id)
    if target is None:
        raise UnknownScenarioError(
            f"unknown scenario {scenario_id!r}; valid scenarios: {', '.join(SCENARIO_IDS)}"
        )
    module_name, class_name = target.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    scenario: Scenario[Any] = cls()
    _cache[scenario_id] = scenario
    return scenario


def all_scenarios() -> list[Scenario[Any]]:
    """Return every registered scenario, in catalogue order."""
    return [get_scenario(i) for i in SCENARIO_IDS]
