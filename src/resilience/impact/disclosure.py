"""Disclosure control: every equity, diversity and inclusion figure goes through :func:`disclose`.

The rules are HESA's rounding and suppression methodology (see
``/shared/reference/programme.md`` and https://www.hesa.ac.uk/about/regulation/data-protection/rounding-and-suppression-anonymise-statistics):

- every count is rounded to the nearest multiple of 5; 0, 1 and 2 become 0; halves
  (2.5, 7.5, … for full-person equivalents) round up;
- totals are computed from the *unrounded* data and then rounded (so a rounded total need
  not equal the sum of the rounded parts);
- a percentage whose denominator is below 22.5 people is suppressed and shown as "..";
- a mean based on 7 or fewer people is suppressed and shown as "..";
- the (rounded) denominator is always shown.

One stricter local rule: a percentage whose count rounds to 0 (0, 1 or 2 people) is also
shown as "..", because the percentage times the published denominator would otherwise
give back the small count that rounding hid; true zeros are treated the same, so ".."
does not tell 0 apart from 1 or 2.

A :class:`Figure` carries only text that is safe to print and the rounded count. It never
holds a raw count, so a template or an export cannot print one by mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = ".."
#: Percentages are suppressed when the (unrounded) denominator is below this.
MIN_PERCENT_DENOMINATOR = Decimal("22.5")
#: Means are suppressed when based on this many people or fewer.
MAX_SUPPRESSED_MEAN_BASE = 7

Number = int | float | Decimal


@dataclass(frozen=True)
class Figure:
    """One disclosure-controlled figure, ready to print.

    ``value_text`` is the rounded count ("15"), the percentage ("40%"), the mean ("3.2")
    or ".."; ``rounded_count`` is the rounded count (``None`` for a mean);
    ``denominator_text`` is the rounded denominator ("" when there is none).
    """

    value_text: str
    rounded_count: int | None
    denominator_text: str
    suppressed: bool
    kind: str = "count"
    percent_text: str = ""

    def __str__(self) -> str:
        return self.value_text


def _dec(value: Number) -> Decimal:
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if number < 0:
        raise ValueError(f"A count cannot be negative: {value}")
    return number


def round_count(value: Number) -> int:
    """HESA rounding: nearest multiple of 5, 0–2 → 0, halves up (2.5 → 5, 7.5 → 10)."""
    number = _dec(value)
    # Half-up on number/5 rounds 12.5 → 15 and 2.5 → 5, and 2.4 → 0.
    return int((number / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5


def _format_number(value: Decimal, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,}"


def disclose(
    count: Number | None = None,
    denominator: Number | None = None,
    *,
    values: Sequence[Number] | None = None,
    decimals: int = 0,
) -> Figure:
    """The one way to publish an ED&I figure.

    - ``disclose(count)``: a rounded count.
    - ``disclose(count, denominator)``: a rounded count, its percentage of the
      denominator (computed from unrounded data, suppressed below 22.5 people) and the
      rounded denominator.
    - ``disclose(values=[...])``: the mean of the values, suppressed when based on 7 or
      fewer people, with the rounded number of people as its denominator.
    """
    if values is not None:
        if count is not None or denominator is not None:
            raise ValueError("Give either values (for a mean) or a count, not both")
        people = len(values)
        base_text = str(round_count(people))
        if people <= MAX_SUPPRESSED_MEAN_BASE:
            return Figure(SUPPRESSED, None, base_text, True, kind="mean")
        mean = sum((_signed(v) for v in values), Decimal(0)) / people
        return Figure(_format_number(mean, max(decimals, 1)), None, base_text, False,
                      kind="mean")
    if count is None:
        raise ValueError("Give a count, or values for a mean")
    raw = _dec(count)
    rounded = round_count(raw)
    if denominator is None:
        return Figure(f"{rounded:,}", rounded, "", False)
    base = _dec(denominator)
    if raw > base:
        raise ValueError(f"A count ({count}) cannot exceed its denominator ({denominator})")
    base_text = f"{round_count(base):,}"
    if base < MIN_PERCENT_DENOMINATOR or rounded == 0:
        percent_text, suppressed = SUPPRESSED, True
    else:
        percent_text = _format_number(raw * 100 / base, decimals) + "%"
        suppressed = False
    return Figure(f"{rounded:,}", rounded, base_text, suppressed, kind="count",
                  percent_text=percent_text)


def _signed(value: Number) -> Decimal:
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


@dataclass(frozen=True)
class Row:
    label: str
    figure: Figure


@dataclass(frozen=True)
class Table:
    """A breakdown (e.g. by ethnic group) with its total, all disclosure-controlled."""

    title: str
    rows: tuple[Row, ...]
    total: Figure

    @property
    def all_figures(self) -> Iterable[Figure]:
        yield from (row.figure for row in self.rows)
        yield self.total


def disclose_breakdown(title: str, counts: Mapping[str, Number]) -> Table:
    """Each category's rounded count and percentage of the total; the total is the sum of
    the *unrounded* counts, then rounded (HESA)."""
    raw_total = sum((_dec(v) for v in counts.values()), Decimal(0))
    rows = tuple(Row(label, disclose(value, raw_total)) for label, value in counts.items())
    return Table(title, rows, disclose(raw_total, raw_total))


__all__ = ["SUPPRESSED", "Figure", "Row", "Table", "disclose", "disclose_breakdown",
           "round_count"]
