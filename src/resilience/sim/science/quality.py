# quality.py - statistical process control, process capability and FMEA
#
# Shewhart chart constants from the standard tables, the eight Nelson rules, Cp/Cpk and
# the ICH Q9 risk priority number. See reference/science.md section 5.
"""Control charts, Nelson rules, process capability and FMEA risk priority numbers."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "IMR_D4",
    "IMR_E2",
    "SPC_CONSTANTS",
    "IMRLimits",
    "RuleViolation",
    "SpcConstants",
    "XbarRLimits",
    "cp",
    "cpk",
    "fmea_rpn",
    "imr_limits",
    "nelson_rules",
    "xbar_r_limits",
]


@dataclass(frozen=True, slots=True)
class SpcConstants:
    """Shewhart chart constants for subgroups of one size.

    Attributes
    ----------
    a2 : float
        X̄-chart factor: limits X̿ ± A2·R̄.
    d3 : float
        Range-chart lower factor: LCL = D3·R̄.
    d4 : float
        Range-chart upper factor: UCL = D4·R̄.
    d2 : float
        Mean of the relative range: σ ≈ R̄ / d2.
    """

    a2: float
    d3: float
    d4: float
    d2: float


# Montgomery, Introduction to Statistical Quality Control, Appendix Table VI (= ASTM
# MNL 7 table). Keys are the subgroup size n.
SPC_CONSTANTS: Final[MappingProxyType[int, SpcConstants]] = MappingProxyType(
    {
        2: SpcConstants(a2=1.880, d3=0.0, d4=3.267, d2=1.128),
        3: SpcConstants(a2=1.023, d3=0.0, d4=2.574, d2=1.693),
        4: SpcConstants(a2=0.729, d3=0.0, d4=2.282, d2=2.059),
        5: SpcConstants(a2=0.577, d3=0.0, d4=2.114, d2=2.326),
        6: SpcConstants(a2=0.483, d3=0.0, d4=2.004, d2=2.534),
        7: SpcConstants(a2=0.419, d3=0.076, d4=1.924, d2=2.704),
        8: SpcConstants(a2=0.373, d3=0.136, d4=1.864, d2=2.847),
        9: SpcConstants(a2=0.337, d3=0.184, d4=1.816, d2=2.970),
        10: SpcConstants(a2=0.308, d3=0.223, d4=1.777, d2=3.078),
    }
)

# Individuals chart: E2 = 3 / d2(2) = 3 / 1.128 = 2.66; moving-range UCL D4(2) = 3.267.
IMR_E2: Final[float] = 2.66
IMR_D4: Final[float] = 3.267


@dataclass(frozen=True, slots=True)
class XbarRLimits:
    """Control limits of an X̄-R chart.

    Attributes
    ----------
    centre : float
        Grand mean X̿ [unit of the data].
    ucl, lcl : float
        X̄-chart limits X̿ ± A2·R̄ [unit of the data].
    r_bar : float
        Mean subgroup range R̄ [unit of the data].
    r_ucl, r_lcl : float
        Range-chart limits D4·R̄ and D3·R̄ [unit of the data].
    sigma_estimate : float
        Within-subgroup standard deviation R̄ / d2 [unit of the data].
    """

    centre: float
    ucl: float
    lcl: float
    r_bar: float
    r_ucl: float
    r_lcl: float
    sigma_estimate: float


@dataclass(frozen=True, slots=True)
class IMRLimits:
    """Control limits of an individuals and moving-range (I-MR) chart.

    Attributes
    ----------
    centre : float
        Mean of the individual values x̄ [unit of the data].
    ucl, lcl : float
        Individuals limits x̄ ± 2.66·MR̄ [unit of the data].
    mr_bar : float
        Mean moving range of successive values MR̄ [unit of the data].
    mr_ucl, mr_lcl : float
        Moving-range limits 3.267·MR̄ and 0 [unit of the data].
    sigma_estimate : float
        MR̄ / 1.128 [unit of the data].
    """

    centre: float
    ucl: float
    lcl: float
    mr_bar: float
    mr_ucl: float
    mr_lcl: float
    sigma_estimate: float


@dataclass(frozen=True, slots=True)
class RuleViolation:
    """One Nelson-rule signal.

    Attributes
    ----------
    rule : int in [1, 8]
        Nelson rule number.
    index : int >= 0
        Index of the point that completes the pattern.
    description : str
        The rule in plain words.
    """

    rule: int
    index: int
    description: str


_NELSON_DESCRIPTIONS: Final[MappingProxyType[int, str]] = MappingProxyType(
    {
        1: "one point more than 3 standard deviations from the mean",
        2: "nine points in a row on the same side of the mean",
        3: "six points in a row steadily increasing or decreasing",
        4: "fourteen points in a row alternating up and down",
        5: "two out of three points in a row more than 2 standard deviations "
        "from the mean on the same side",
        6: "four out of five points in a row more than 1 standard deviation "
        "from the mean on the same side",
        7: "fifteen points in a row within 1 standard deviation of the mean",
        8: "eight points in a row more than 1 standard deviation from the mean, on either side",
    }
)


def _check_values(name: str, values: Sequence[float], minimum: int) -> None:
    if len(values) < minimum:
        raise ValueError(f"{name} must hold at least {minimum} values, got {len(values)}")
    for v in values:
        if not math.isfinite(v):
            raise ValueError(f"{name} must hold only finite numbers, got {v}")


def xbar_r_limits(subgroups: Sequence[Sequence[float]]) -> XbarRLimits:
    """Control limits for an X̄-R chart.

    Parameters
    ----------
    subgroups : sequence of sequences of float
        At least two subgroups, all of the same size n with 2 <= n <= 10.

    Returns
    -------
    XbarRLimits
        Centre line X̿, limits X̿ ± A2·R̄, range limits D3·R̄ and D4·R̄, and σ = R̄/d2.

    Raises
    ------
    ValueError
        If there are fewer than two subgroups, sizes differ or n is outside 2-10.

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 7th ed.,
       Wiley 2013, section 6.2 and Appendix Table VI. Summarised in
       reference/science.md section 5.

    Examples
    --------
    Two subgroups of five: means 10 and 11, ranges 2 and 2, so X̿ = 10.5, R̄ = 2 and
    UCL = 10.5 + 0.577 × 2 = 11.654; range UCL = 2.114 × 2 = 4.228.

    >>> lim = xbar_r_limits([[9, 10, 10, 10, 11], [10, 11, 11, 11, 12]])
    >>> round(lim.ucl, 3), round(lim.r_ucl, 3), round(lim.sigma_estimate, 4)
    (11.654, 4.228, 0.8598)
    """
    if len(subgroups) < 2:
        raise ValueError(f"at least 2 subgroups are needed, got {len(subgroups)}")
    n = len(subgroups[0])
    if not 2 <= n <= 10:
        raise ValueError(f"subgroup size must be between 2 and 10, got {n}")
    for i, g in enumerate(subgroups):
        if len(g) != n:
            raise ValueError(f"all subgroups must have {n} values, but subgroup {i} has {len(g)}")
        _check_values(f"subgroup {i}", g, n)
    k = SPC_CONSTANTS[n]
    means = [math.fsum(g) / n for g in subgroups]
    ranges = [max(g) - min(g) for g in subgroups]
    centre = math.fsum(means) / len(means)
    r_bar = math.fsum(ranges) / len(ranges)
    return XbarRLimits(
        centre=centre,
        ucl=centre + k.a2 * r_bar,
        lcl=centre - k.a2 * r_bar,
        r_bar=r_bar,
        r_ucl=k.d4 * r_bar,
        r_lcl=k.d3 * r_bar,
        sigma_estimate=r_bar / k.d2,
    )


def imr_limits(values: Sequence[float]) -> IMRLimits:
    """Control limits for an individuals and moving-range chart.

    Parameters
    ----------
    values : sequence of float
        At least two individual measurements in time order.

    Returns
    -------
    IMRLimits
        Centre x̄, limits x̄ ± 2.66·MR̄, MR limits 0 and 3.267·MR̄, σ = MR̄/1.128.

    Raises
    ------
    ValueError
        If there are fewer than two values or any is not finite.

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 7th ed.,
       Wiley 2013, section 6.4. Summarised in reference/science.md section 5.

    Examples
    --------
    Values 10, 12, 11, 13: x̄ = 11.5, moving ranges 2, 1, 2 so MR̄ = 1.6667,
    UCL = 11.5 + 2.66 × 1.6667 = 15.933.

    >>> lim = imr_limits([10, 12, 11, 13])
    >>> round(lim.ucl, 3), round(lim.mr_ucl, 3)
    (15.933, 5.445)
    """
    _check_values("values", values, 2)
    centre = math.fsum(values) / len(values)
    mrs = [abs(b - a) for a, b in itertools.pairwise(values)]
    mr_bar = math.fsum(mrs) / len(mrs)
    return IMRLimits(
        centre=centre,
        ucl=centre + IMR_E2 * mr_bar,
        lcl=centre - IMR_E2 * mr_bar,
        mr_bar=mr_bar,
        mr_ucl=IMR_D4 * mr_bar,
        mr_lcl=0.0,
        sigma_estimate=mr_bar / SPC_CONSTANTS[2].d2,
    )


def nelson_rules(values: Sequence[float], mean: float, sigma: float) -> list[RuleViolation]:
    """Find the points that complete any of the eight Nelson rules.

    Parameters
    ----------
    values : sequence of float
        Measurements in time order.
    mean : float
        Centre line [unit of the data].
    sigma : float > 0
        Process standard deviation [unit of the data].

    Returns
    -------
    list of RuleViolation
        One entry for every point that completes a pattern, sorted by index and rule.
        A long run is reported at each point that extends it (for example ten points
        on one side give rule 2 at the ninth and the tenth).

    Raises
    ------
    ValueError
        If sigma is not positive or a value is not finite.

    Notes
    -----
    The rules of [1]_, with "beyond kσ" meaning strictly more than kσ from the mean:

    1. one point beyond 3σ;
    2. nine points in a row on the same side of the mean (a point on the mean breaks
       the run);
    3. six points in a row steadily increasing or steadily decreasing;
    4. fourteen points in a row alternating up and down;
    5. two out of three points in a row beyond 2σ on the same side (the completing
       point is one of them);
    6. four out of five points in a row beyond 1σ on the same side (the completing
       point is one of them);
    7. fifteen points in a row within 1σ, either side;
    8. eight points in a row beyond 1σ, either side.

    References
    ----------
    .. [1] Nelson LS. The Shewhart control chart - tests for special causes.
       J Qual Technol 1984; 16(4): 237-239. Summarised in reference/science.md
       section 5.

    Examples
    --------
    >>> [(v.rule, v.index) for v in nelson_rules([0.0, 0.5, 3.5], 0.0, 1.0)]
    [(1, 2)]
    """
    if not math.isfinite(mean):
        raise ValueError(f"mean must be a finite number, got {mean}")
    if not (math.isfinite(sigma) and sigma > 0.0):
        raise ValueError(f"sigma must be more than 0, got {sigma}")
    _check_values("values", values, 0)
    z = [(v - mean) / sigma for v in values]
    out: list[RuleViolation] = []

    def hit(rule: int, i: int) -> None:
        out.append(RuleViolation(rule, i, _NELSON_DESCRIPTIONS[rule]))

    side_run = 0  # signed run length on one side of the mean
    trend_run = 1  # points in the current monotonic run (sign tracked in trend_dir)
    trend_dir = 0
    alt_run = 1  # points in the current alternating run
    within_run = 0
    outside_run = 0
    for i, zi in enumerate(z):
        # Rule 1
        if abs(zi) > 3.0:
            hit(1, i)
        # Rule 2
        if zi > 0.0:
            side_run = side_run + 1 if side_run > 0 else 1
        elif zi < 0.0:
            side_run = side_run - 1 if side_run < 0 else -1
        else:
            side_run = 0
        if abs(side_run) >= 9:
            hit(2, i)
        # Rules 3 and 4 use differences between successive points.
        if i > 0:
            d = values[i] - values[i - 1]
            direction = 1 if d > 0 else (-1 if d < 0 else 0)
            if direction != 0 and direction == trend_dir:
                trend_run += 1
            else:
                trend_run = 2 if direction != 0 else 1
            trend_dir = direction
            if trend_run >= 6:
                hit(3, i)
            if i > 1:
                prev = values[i - 1] - values[i - 2]
                prev_dir = 1 if prev > 0 else (-1 if prev < 0 else 0)
                if direction != 0 and prev_dir == -direction:
                    alt_run += 1
                else:
                    alt_run = 2 if direction != 0 else 1
            else:
                alt_run = 2 if direction != 0 else 1
            if alt_run >= 14:
                hit(4, i)
        # Rule 5: 2 of 3 beyond 2σ on the same side, completed by this point.
        if i >= 2 and abs(zi) > 2.0:
            sign = 1.0 if zi > 0 else -1.0
            if sum(1 for w in z[i - 2 : i + 1] if w * sign > 2.0) >= 2:
                hit(5, i)
        # Rule 6: 4 of 5 beyond 1σ on the same side, completed by this point.
        if i >= 4 and abs(zi) > 1.0:
            sign = 1.0 if zi > 0 else -1.0
            if sum(1 for w in z[i - 4 : i + 1] if w * sign > 1.0) >= 4:
                hit(6, i)
        # Rule 7
        within_run = within_run + 1 if abs(zi) < 1.0 else 0
        if within_run >= 15:
            hit(7, i)
        # Rule 8
        outside_run = outside_run + 1 if abs(zi) > 1.0 else 0
        if outside_run >= 8:
            hit(8, i)
    out.sort(key=lambda v: (v.index, v.rule))
    return out


def _check_sigma(sigma: float) -> None:
    if not (math.isfinite(sigma) and sigma > 0.0):
        raise ValueError(f"sigma must be more than 0, got {sigma}")


def _check_spec(usl: float, lsl: float) -> None:
    if not (math.isfinite(usl) and math.isfinite(lsl)):
        raise ValueError(f"specification limits must be finite, got {lsl} and {usl}")
    if usl <= lsl:
        raise ValueError(f"upper specification limit must be above the lower ({lsl}), got {usl}")


def cp(usl: float, lsl: float, sigma: float) -> float:
    """Process capability index Cp.

    Parameters
    ----------
    usl, lsl : float
        Upper and lower specification limits, ``usl > lsl`` [unit of the data].
    sigma : float > 0
        Process standard deviation [unit of the data].

    Returns
    -------
    float
        Cp = (USL − LSL) / 6σ; 1.33 or more is the usual target, 1.67 for new or
        critical processes.

    Raises
    ------
    ValueError
        If the limits are reversed or sigma is not positive.

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 7th ed.,
       Wiley 2013, section 8.3. Summarised in reference/science.md section 5.

    Examples
    --------
    Tablet mass 575 ± 28.75 mg (5 %) with σ = 7 mg: 57.5 / 42 = 1.369.

    >>> round(cp(603.75, 546.25, 7.0), 3)
    1.369
    """
    _check_spec(usl, lsl)
    _check_sigma(sigma)
    return (usl - lsl) / (6.0 * sigma)


def cpk(usl: float, lsl: float, mean: float, sigma: float) -> float:
    """Process capability index Cpk, which accounts for an off-centre mean.

    Parameters
    ----------
    usl, lsl : float
        Upper and lower specification limits, ``usl > lsl`` [unit of the data].
    mean : float
        Process mean [unit of the data].
    sigma : float > 0
        Process standard deviation [unit of the data].

    Returns
    -------
    float
        Cpk = min(USL − μ, μ − LSL) / 3σ (negative when the mean is outside the limits).

    Raises
    ------
    ValueError
        If the limits are reversed, the mean is not finite or sigma is not positive.

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 7th ed.,
       Wiley 2013, section 8.3. Summarised in reference/science.md section 5.

    Examples
    --------
    Mean 585 mg in 546.25-603.75 mg with σ = 7 mg: (603.75 − 585) / 21 = 0.893.

    >>> round(cpk(603.75, 546.25, 585.0, 7.0), 3)
    0.893
    """
    _check_spec(usl, lsl)
    _check_sigma(sigma)
    if not math.isfinite(mean):
        raise ValueError(f"mean must be a finite number, got {mean}")
    return min(usl - mean, mean - lsl) / (3.0 * sigma)


def fmea_rpn(severity: int, occurrence: int, detection: int) -> int:
    """Risk priority number of a failure mode (FMEA).

    Parameters
    ----------
    severity, occurrence, detection : int in [1, 10]
        Scores, where 10 is most severe, most frequent and hardest to detect.

    Returns
    -------
    int
        RPN = S × O × D, from 1 to 1000.

    Raises
    ------
    ValueError
        If a score is not a whole number from 1 to 10.

    References
    ----------
    .. [1] ICH Q9(R1) Quality Risk Management (2023), Annex I.2 (FMEA).
       Summarised in reference/science.md section 5.

    Examples
    --------
    >>> fmea_rpn(9, 3, 4)
    108
    """
    for name, score in (
        ("severity", severity),
        ("occurrence", occurrence),
        ("detection", detection),
    ):
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 10:
            raise ValueError(f"{name} must be a whole number from 1 to 10, got {score}")
    return severity * occurrence * detection
