"""Saving a row whose random code must be unique: draw again when the database refuses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

T = TypeVar("T")

#: Ten clashes in a row are implausible with the codes we draw (27^6 join codes, session
#: codes likewise): reaching the limit means something else is wrong.
ATTEMPTS = 10


def save_with_fresh_code(save: Callable[[], T], *, what: str) -> T:
    """Call ``save`` (which draws a new code and writes the row) until the database
    accepts it; each try runs in its own savepoint, so a clash leaves nothing behind.

    Raises ``RuntimeError`` naming ``what`` after :data:`ATTEMPTS` clashes.
    """
    for _attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return save()
        except IntegrityError:  # the code is taken: draw another
            continue
    raise RuntimeError(f"Could not allocate {what}")
