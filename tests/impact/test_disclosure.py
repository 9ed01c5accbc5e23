"""HESA rounding and suppression, checked against values worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resilience.impact.disclosure import (
    SUPPRESSED,
    disclose,
    disclose_breakdown,
    round_count,
)


@pytest.mark.parametrize(("raw", "rounded"), [
    (0, 0), (1, 0), (2, 0), (3, 5), (4, 5), (5, 5), (6, 5), (7, 5), (8, 10), (12, 10),
    (13, 15), (22, 20), (23, 25), (1234, 1235), (1237, 1235), (1238, 1240),
    # halves (full-person equivalents) round up
    (Decimal("2.5"), 5), (Decimal("2.4"), 0), (Decimal("7.5"), 10), (Decimal("12.5"), 15),
])
def test_it_rounds_counts_to_the_nearest_five(raw, rounded) -> None:
    assert round_count(raw) == rounded


def test_it_rounds_totals_from_unrounded_data() -> None:
    # 3 + 3 + 3 = 9 → total 10, although the rounded parts (5 + 5 + 5) add to 15.
    table = disclose_breakdown("Example", {"a": 3, "b": 3, "c": 3})
    assert [r.figure.value_text for r in table.rows] == ["5", "5", "5"]
    assert table.total.value_text == "10"
    # 2 + 2 + 2 + 2 = 8 → 10 though each part shows 0.
    table = disclose_breakdown("Example", {"a": 2, "b": 2, "c": 2, "d": 2})
    assert [r.figure.value_text for r in table.rows] == ["0"] * 4
    assert table.total.value_text == "10"


def test_it_suppresses_percentages_below_22_5_people() -> None:
    small = disclose(10, 22)
    assert small.percent_text == SUPPRESSED and small.suppressed
    assert small.denominator_text == "20"  # the denominator is always shown, rounded
    shown = disclose(10, 23)
    assert shown.percent_text == "43%"  # 10 / 23 = 43.48 %, from unrounded data
    assert shown.value_text == "10" and shown.denominator_text == "25"
    assert not shown.suppressed
    assert disclose(Decimal("5"), Decimal("22.5")).percent_text == "22%"
    assert disclose(Decimal("5"), Decimal("22.4")).percent_text == SUPPRESSED


def test_it_hides_a_percentage_that_would_give_back_one_or_two_people() -> None:
    # 0, 1 and 2 look the same: count "0", percentage "..".
    for small in (0, 1, 2):
        figure = disclose(small, 100)
        assert (figure.value_text, figure.percent_text) == ("0", SUPPRESSED)
    assert disclose(3, 100).percent_text == "3%"


def test_it_suppresses_means_over_seven_or_fewer_people() -> None:
    assert disclose(values=[4, 5, 3, 4, 5, 5, 4]).value_text == SUPPRESSED
    mean = disclose(values=[4, 5, 3, 4, 5, 5, 4, 2])  # 32 / 8 = 4.0
    assert mean.value_text == "4.0" and not mean.suppressed
    assert mean.denominator_text == "10"  # 8 people, rounded


def test_it_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="negative"):
        disclose(-1)
    with pytest.raises(ValueError, match="exceed"):
        disclose(30, 25)


def test_a_figure_holds_no_raw_count() -> None:
    figure = disclose(13, 40)
    assert {f for f in figure.__dataclass_fields__} == {
        "value_text", "rounded_count", "denominator_text", "suppressed", "kind",
        "percent_text"}
    assert "13" not in (figure.value_text, figure.denominator_text, str(figure))


@given(st.integers(min_value=0, max_value=10**7))
def test_rounded_counts_are_multiples_of_five(n: int) -> None:
    figure = disclose(n)
    assert figure.rounded_count is not None
    assert figure.rounded_count % 5 == 0
    assert abs(figure.rounded_count - n) <= 2 or n < 3


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_it_never_reveals_a_count_below_three(numerator: int, extra: int) -> None:
    denominator = numerator + extra
    figure = disclose(numerator, denominator)
    texts = {figure.value_text, figure.denominator_text}
    for small in (1, 2):
        if small in (numerator, denominator):
            assert str(small) not in texts
    if numerator < 3:  # 0, 1 and 2 are indistinguishable
        assert figure.value_text == "0" and figure.percent_text == SUPPRESSED
    if denominator < 23:
        assert figure.percent_text == SUPPRESSED


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=12))
def test_breakdown_totals_come_from_unrounded_data(counts: list[int]) -> None:
    table = disclose_breakdown("t", {str(i): c for i, c in enumerate(counts)})
    assert table.total.rounded_count == round_count(sum(counts))
    for figure in table.all_figures:
        assert figure.rounded_count is not None and figure.rounded_count % 5 == 0
