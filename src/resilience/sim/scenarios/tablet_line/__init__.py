"""Paracetamol tablet line scenario; see ``scenario.py``, ``model.py`` and ``batches.py``."""

from resilience.sim.scenarios.tablet_line.scenario import TabletLine

__all__ = ["TabletLine"]
