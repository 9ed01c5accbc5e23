"""Grade B gowning scenario (EU GMP Annex 1 §7); see ``scenario.py``."""

from resilience.sim.scenarios.gowning.scenario import GradeBGowning

__all__ = ["GradeBGowning"]
