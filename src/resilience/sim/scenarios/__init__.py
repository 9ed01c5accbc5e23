"""Scenarios: one package per scenario (``scenario.py`` plus teaching material).

Each package holds ``scenario.py`` (the :class:`resilience.sim.engine.Scenario` subclass),
``objectives.md``, ``teacher_guide.md`` and ``worksheet.md``; packages with a headless
batch generator add ``batches.py``. Scenarios are looked up through
:func:`resilience.sim.registry.get_scenario`.
"""
