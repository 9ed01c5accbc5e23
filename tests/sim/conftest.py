"""The simulation tests are pure Python: no database, no Django settings.

These no-op fixtures override the project's autouse Django fixtures of the same name
(tests/conftest.py), so this folder runs with ``-p no:django`` and in any worker.
"""

import pytest


@pytest.fixture(autouse=True)
def _fast_hasher() -> None:
    """Nothing to hash here."""


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """No Django cache here."""
