"""CHO fed-batch bioreactor scenario; see ``scenario.py`` and ``batches.py``."""

from resilience.sim.scenarios.bioreactor.scenario import FedBatchBioreactor

__all__ = ["FedBatchBioreactor"]
