"""Vocabulary for access-matrix rows: personas, expected statuses and the row type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PERSONAS = ["anonymous", "admin", "partner_a", "partner_b", "teacher_a", "teacher_b",
            "pupil_a", "pupil_b", "affiliate"]
EVERYONE = dict.fromkeys(PERSONAS, 200)
LOGIN = 302  # anonymous visitors are sent to sign in

#: (url name, kwargs from the world fixture, method, expected status per persona)
Row = tuple[str, Callable[[Any], dict[str, Any]], str, dict[str, int]]


def no_args(world: Any) -> dict[str, Any]:
    return {}


def only(allowed: dict[str, int], others: int = 403) -> dict[str, int]:
    """Anonymous → sign in; the personas named get their status; everyone else ``others``."""
    table = dict.fromkeys(PERSONAS, others)
    table["anonymous"] = LOGIN
    table.update(allowed)
    return table
