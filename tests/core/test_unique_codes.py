"""A row with a random unique code is saved with a fresh code when its first draw is taken."""

from __future__ import annotations

from typing import Any

import pytest

from resilience.accounts import actions
from resilience.accounts.models import SchoolClass
from resilience.core.unique_codes import ATTEMPTS, save_with_fresh_code


def _create_with(codes: Any, world: Any) -> SchoolClass:
    return SchoolClass.objects.create(name="9C", organisation=world.school_a,
                                      teacher=world.teacher_a, join_code=next(codes))


def test_a_taken_code_is_drawn_again(world: Any) -> None:
    taken = world.class_a.join_code
    codes = iter([taken, "QWERTY"])
    made = save_with_fresh_code(lambda: _create_with(codes, world), what="a join code")
    assert made.join_code == "QWERTY"
    assert SchoolClass.objects.filter(name="9C").count() == 1


def test_endless_clashes_say_what_could_not_be_allocated_and_save_nothing(world: Any) -> None:
    taken = world.class_a.join_code
    codes = iter([taken] * ATTEMPTS)
    with pytest.raises(RuntimeError, match="Could not allocate a join code"):
        save_with_fresh_code(lambda: _create_with(codes, world), what="a join code")
    assert not SchoolClass.objects.filter(name="9C").exists()


def test_a_reissued_join_code_that_cannot_be_allocated_leaves_the_old_one(
        world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # every draw returns the other class's code, so every save clashes
    monkeypatch.setattr(actions, "new_join_code", lambda: world.class_b.join_code)
    old = world.class_a.join_code
    with pytest.raises(RuntimeError, match="join code"):
        actions.reissue_join_code(world.teacher_a, world.class_a)
    world.class_a.refresh_from_db()
    assert world.class_a.join_code == old


def test_a_reissued_join_code_is_new_and_unique(world: Any) -> None:
    old = world.class_a.join_code
    new = actions.reissue_join_code(world.teacher_a, world.class_a)
    world.class_a.refresh_from_db()
    assert new != old and world.class_a.join_code == new
    assert new != world.class_b.join_code
