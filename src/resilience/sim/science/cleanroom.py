# cleanroom.py - cleanroom limits, human particle dispersion and room air models
#
# Regulatory limits (EU GMP Annex 1 (2022), ISO 14644-1:2015) are reproduced exactly;
# literature values are default parameters with their citation. See
# reference/science.md section 1 and docs/science.md.
"""Cleanroom particle and microbial limits, human dispersion and well-mixed room air."""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import Final

from resilience.sim.science._guards import finite as _check_finite
from resilience.sim.science._guards import non_negative as _check_non_negative
from resilience.sim.science._guards import positive as _check_positive

__all__ = [
    "ACTIVITY_FACTORS",
    "ANNEX1_AIR_CHANGE_CLEANUP_MIN",
    "ANNEX1_IMPLIED_MCP_DEPOSITION_VELOCITY_M_S",
    "ANNEX1_MICROBIAL_LIMITS",
    "ANNEX1_MONITORING_PARTICLE_LIMITS",
    "ANNEX1_PARTICLE_LIMITS",
    "GLOVE_FINGERTIP_AREA_CM2",
    "MCP_DEPOSITION_VELOCITY_M_S",
    "PERSON_EMISSION_PER_MIN",
    "activity_factor_for_speed",
    "annex1_microbial_limit",
    "annex1_monitoring_particle_limit",
    "annex1_particle_limit",
    "cleanup_time_min",
    "glove_print_expected_cfu",
    "iso_class_limit",
    "iso_min_sample_volume_l",
    "person_emission_per_min",
    "recovery_100_to_1_time_min",
    "room_concentration_step",
    "settle_plate_expected_cfu",
    "steady_state_concentration",
]

_GRADES: Final = ("A", "B", "C", "D")
_STATES: Final = ("at_rest", "in_operation")
_SIZES: Final = (0.5, 5.0)

# EU GMP Annex 1 (2022) Table 1 (cleanroom classification) and Table 5 (monitoring).
# Keys (grade, state, size in µm); ``None`` means "not specified" (grade A ≥5 µm,
# grade B at rest ≥5 µm) or "set by risk assessment" (grade D in operation).
ANNEX1_PARTICLE_LIMITS: Final[MappingProxyType[tuple[str, str, float], float | None]] = (
    MappingProxyType(
        {
            ("A", "at_rest", 0.5): 3_520.0,
            ("A", "at_rest", 5.0): None,
            ("A", "in_operation", 0.5): 3_520.0,
            ("A", "in_operation", 5.0): None,
            ("B", "at_rest", 0.5): 3_520.0,
            ("B", "at_rest", 5.0): None,
            ("B", "in_operation", 0.5): 352_000.0,
            ("B", "in_operation", 5.0): 2_930.0,
            ("C", "at_rest", 0.5): 352_000.0,
            ("C", "at_rest", 5.0): 2_930.0,
            ("C", "in_operation", 0.5): 3_520_000.0,
            ("C", "in_operation", 5.0): 29_300.0,
            ("D", "at_rest", 0.5): 3_520_000.0,
            ("D", "at_rest", 5.0): 29_300.0,
            ("D", "in_operation", 0.5): None,
            ("D", "in_operation", 5.0): None,
        }
    )
)

# Monitoring (action) limits equal the classification limits except ≥5 µm, which is 29
# for grade A (both states) and for grade B at rest.
ANNEX1_MONITORING_PARTICLE_LIMITS: Final[MappingProxyType[tuple[str, str, float], float | None]] = (
    MappingProxyType(
        {
            **ANNEX1_PARTICLE_LIMITS,
            ("A", "at_rest", 5.0): 29.0,
            ("A", "in_operation", 5.0): 29.0,
            ("B", "at_rest", 5.0): 29.0,
        }
    )
)

# EU GMP Annex 1 (2022) Table 6, microbial action limits. Grade A is "no growth",
# stored as 0.0: any count above zero is an excursion. Glove prints are set only for
# grades A and B.
ANNEX1_MICROBIAL_LIMITS: Final[MappingProxyType[tuple[str, str], float]] = MappingProxyType(
    {
        ("A", "air"): 0.0,
        ("B", "air"): 10.0,
        ("C", "air"): 100.0,
        ("D", "air"): 200.0,
        ("A", "settle_plate"): 0.0,
        ("B", "settle_plate"): 5.0,
        ("C", "settle_plate"): 50.0,
        ("D", "settle_plate"): 100.0,
        ("A", "contact_plate"): 0.0,
        ("B", "contact_plate"): 5.0,
        ("C", "contact_plate"): 25.0,
        ("D", "contact_plate"): 50.0,
        ("A", "glove_print"): 0.0,
        ("B", "glove_print"): 5.0,
    }
)

_MICROBIAL_METHODS: Final = ("air", "settle_plate", "contact_plate", "glove_print")

# Annex 1 expects the room to return from "in operation" to "at rest" within 15-20 min.
ANNEX1_AIR_CHANGE_CLEANUP_MIN: Final[tuple[float, float]] = (15.0, 20.0)

# Whyte & Hejab (2007): mean dispersion per person per minute.
PERSON_EMISSION_PER_MIN: Final[MappingProxyType[tuple[str, str], float]] = MappingProxyType(
    {
        ("mcp", "indoor"): 2_400.0,
        ("mcp", "cleanroom"): 177.0,
        ("p5", "indoor"): 332_000.0,
        ("p5", "cleanroom"): 37_300.0,
        ("p05", "indoor"): 2_130_000.0,
        ("p05", "cleanroom"): 1_020_000.0,
    }
)

# Emission multiples by activity, relative to a motionless person (reference/science.md
# section 1; commonly quoted cleanroom rules of thumb).
ACTIVITY_FACTORS: Final[MappingProxyType[str, float]] = MappingProxyType(
    {
        "motionless": 1.0,
        "head_arm": 5.0,
        "whole_body": 10.0,
        "sit_stand": 25.0,
        "walking_slow": 50.0,
        "walking_fast": 100.0,
    }
)

# Modelling assumption: speed [m/s] -> activity factor knots, interpolated linearly.
# 0 m/s motionless (1x); 0.05 m/s head and arm movement (5x); 0.15 m/s whole-body
# movement on the spot (10x); 0.6 m/s slow walking (50x); >= 1.2 m/s brisk walking (100x).
_SPEED_KNOTS: Final[tuple[tuple[float, float], ...]] = (
    (0.0, 1.0),
    (0.05, 5.0),
    (0.15, 10.0),
    (0.6, 50.0),
    (1.2, 100.0),
)

# Modelling assumption (see settle_plate_expected_cfu): deposition velocity of
# microbe-carrying particles [m/s], of the order reported by Whyte & Eaton (2016).
MCP_DEPOSITION_VELOCITY_M_S: Final[float] = 0.0046

# Deposition velocity implied by Annex 1 grade B limits: 5 CFU per 90 mm plate per 4 h
# at 10 CFU/m³ -> 5 / (10 × π × 0.045² × 14 400) = 0.005 46 m/s.
ANNEX1_IMPLIED_MCP_DEPOSITION_VELOCITY_M_S: Final[float] = 5.0 / (
    10.0 * math.pi * 0.045**2 * 4.0 * 3600.0
)

# Modelling assumption: contact area of five gloved fingertips [cm²] (≈ 5 × 2 cm²).
GLOVE_FINGERTIP_AREA_CM2: Final[float] = 10.0


def _check_grade(grade: str) -> str:
    if grade not in _GRADES:
        raise ValueError(f"grade must be one of A, B, C or D, got {grade!r}")
    return grade





def _particle_key(grade: str, state: str, size_um: float) -> tuple[str, str, float]:
    _check_grade(grade)
    if state not in _STATES:
        raise ValueError(f"state must be 'at_rest' or 'in_operation', got {state!r}")
    if size_um not in _SIZES:
        raise ValueError(f"particle size must be 0.5 or 5.0 µm, got {size_um}")
    return (grade, state, float(size_um))


def annex1_particle_limit(grade: str, state: str, size_um: float) -> float | None:
    """Maximum airborne particle concentration for an Annex 1 cleanroom grade.

    Parameters
    ----------
    grade : {"A", "B", "C", "D"}
        Cleanroom grade.
    state : {"at_rest", "in_operation"}
        Occupancy state of the room.
    size_um : {0.5, 5.0}
        Particle size threshold [µm]; the limit counts particles of this size or larger.

    Returns
    -------
    float or None
        Maximum permitted concentration [particles/m³], or ``None`` where Annex 1 gives
        no number ("not specified" for ≥5 µm in grade A and grade B at rest, "set by
        risk assessment" for grade D in operation).

    Raises
    ------
    ValueError
        If the grade, state or size is not one listed above.

    Notes
    -----
    These are the classification limits (Table 1) of [1]_. The 2008 edition's ≥5 µm
    values (20; 2 900; 29 000) are superseded. For routine monitoring use
    :func:`annex1_monitoring_particle_limit`.

    References
    ----------
    .. [1] EudraLex Vol. 4, EU GMP Annex 1: Manufacture of Sterile Medicinal Products
       (2022), Table 1 (cleanroom classification). Summarised in reference/science.md section 1.

    Examples
    --------
    >>> annex1_particle_limit("B", "in_operation", 0.5)
    352000.0
    >>> annex1_particle_limit("C", "at_rest", 5.0)
    2930.0
    >>> annex1_particle_limit("A", "in_operation", 5.0) is None
    True
    """
    return ANNEX1_PARTICLE_LIMITS[_particle_key(grade, state, size_um)]


def annex1_monitoring_particle_limit(grade: str, state: str, size_um: float) -> float | None:
    """Annex 1 total-particle monitoring (action) limit.

    Parameters
    ----------
    grade : {"A", "B", "C", "D"}
        Cleanroom grade.
    state : {"at_rest", "in_operation"}
        Occupancy state of the room.
    size_um : {0.5, 5.0}
        Particle size threshold [µm].

    Returns
    -------
    float or None
        Monitoring limit [particles/m³]; ``None`` where Annex 1 sets it by risk
        assessment (grade D in operation) or does not specify it (grade B in operation
        ≥5 µm is 2 930 as for classification).

    Raises
    ------
    ValueError
        If the grade, state or size is not one listed above.

    Notes
    -----
    Equal to the classification limits of :func:`annex1_particle_limit`, except that
    ≥5 µm is 29 particles/m³ for grade A and for grade B at rest (Table 5 of [1]_), so
    that a rise in large particles is noticed early.

    References
    ----------
    .. [1] EudraLex Vol. 4, EU GMP Annex 1 (2022), Table 5 (total particle monitoring limits).
       Summarised in reference/science.md section 1.

    Examples
    --------
    >>> annex1_monitoring_particle_limit("A", "in_operation", 5.0)
    29.0
    >>> annex1_monitoring_particle_limit("B", "in_operation", 5.0)
    2930.0
    """
    return ANNEX1_MONITORING_PARTICLE_LIMITS[_particle_key(grade, state, size_um)]


def annex1_microbial_limit(grade: str, method: str) -> float:
    """Annex 1 microbial action limit for a grade and sampling method.

    Parameters
    ----------
    grade : {"A", "B", "C", "D"}
        Cleanroom grade.
    method : {"air", "settle_plate", "contact_plate", "glove_print"}
        ``"air"`` active air sample [CFU/m³]; ``"settle_plate"`` 90 mm plate [CFU/4 h];
        ``"contact_plate"`` 55 mm plate [CFU/plate]; ``"glove_print"`` five fingers
        [CFU/glove].

    Returns
    -------
    float
        Action limit in the unit of the method. Grade A returns ``0.0``, meaning
        "no growth": any count above zero is an excursion that must be investigated.

    Raises
    ------
    ValueError
        If the grade or method is unknown, or for glove prints in grades C and D, for
        which Annex 1 sets no limit.

    References
    ----------
    .. [1] EudraLex Vol. 4, EU GMP Annex 1 (2022), Table 6 (microbial action limits).
       Summarised in reference/science.md section 1.

    Examples
    --------
    >>> annex1_microbial_limit("B", "air")
    10.0
    >>> annex1_microbial_limit("D", "settle_plate")
    100.0
    >>> annex1_microbial_limit("A", "glove_print")
    0.0
    """
    _check_grade(grade)
    if method not in _MICROBIAL_METHODS:
        raise ValueError(
            f"method must be one of air, settle_plate, contact_plate or glove_print, got {method!r}"
        )
    try:
        return ANNEX1_MICROBIAL_LIMITS[(grade, method)]
    except KeyError:
        raise ValueError(
            f"Annex 1 sets glove print limits only for grades A and B, got grade {grade}"
        ) from None


def _round_iso(value: float) -> float:
    """Round to no more than three significant figures, and to whole particles."""
    if value <= 0.0:
        return 0.0
    digits = 2 - math.floor(math.log10(value))
    rounded = round(value, digits)
    if rounded >= 1.0:
        rounded = math.floor(rounded + 0.5)
    return float(rounded)


def iso_class_limit(iso_class: float, size_um: float) -> float:
    """ISO 14644-1:2015 maximum concentration for an ISO class and particle size.

    Parameters
    ----------
    iso_class : float in [1, 9]
        ISO class number N (intermediate classes such as 5.5 are allowed).
    size_um : float in [0.1, 5]
        Particle size threshold D [µm]; particles of this size or larger are counted.

    Returns
    -------
    float
        Class limit Cn [particles/m³], rounded to no more than three significant
        figures (and to whole particles, as in Table 1 of the standard).

    Raises
    ------
    ValueError
        If the class or size is outside the ranges above.

    Notes
    -----
    From [1]_:

    .. math:: C_n = 10^N \\left(\\frac{0.1}{D}\\right)^{2.08}

    References
    ----------
    .. [1] ISO 14644-1:2015 Cleanrooms and associated controlled environments - Part 1:
       Classification of air cleanliness by particle concentration, Table 1 and
       Annex A. Summarised in reference/science.md section 1.

    Examples
    --------
    ISO class 5 at 0.5 µm is 10^5 × (0.1/0.5)^2.08 = 3 517 → 3 520 (Table 1):

    >>> iso_class_limit(5, 0.5)
    3520.0
    >>> iso_class_limit(7, 5.0)
    2930.0
    """
    _check_finite("ISO class", iso_class)
    _check_finite("particle size", size_um)
    if not 1.0 <= iso_class <= 9.0:
        raise ValueError(f"ISO class must be between 1 and 9, got {iso_class}")
    if not 0.1 <= size_um <= 5.0:
        raise ValueError(f"particle size must be between 0.1 and 5 µm, got {size_um}")
    return _round_iso(10.0**iso_class * (0.1 / size_um) ** 2.08)


def iso_min_sample_volume_l(class_limit_per_m3: float) -> float:
    """Minimum single-sample volume for ISO 14644-1:2015 classification.

    Parameters
    ----------
    class_limit_per_m3 : float > 0
        Class limit Cn,m for the largest considered particle size [particles/m³].

    Returns
    -------
    float
        Minimum volume of one sample [L]: enough to expect 20 particles at the class
        limit, and never less than 2 L.

    Raises
    ------
    ValueError
        If the class limit is not positive.

    Notes
    -----
    From [1]_: :math:`V_s = (20 / C_{n,m}) \\times 1000`, with
    :math:`V_s \\ge 2` L.

    References
    ----------
    .. [1] ISO 14644-1:2015, Annex A (minimum single sample volume).
       Summarised in reference/science.md section 1.

    Examples
    --------
    Class 5 at 5 µm (29 /m³): 20 / 29 × 1000 = 689.7 L.

    >>> round(iso_min_sample_volume_l(29.0), 1)
    689.7
    >>> iso_min_sample_volume_l(3_520_000.0)
    2.0
    """
    _check_positive("class limit", class_limit_per_m3, "particles/m³")
    return max(20.0 / class_limit_per_m3 * 1000.0, 2.0)


def person_emission_per_min(kind: str, garment: str, activity_factor: float = 1.0) -> float:
    """Airborne dispersion from one person per minute.

    Parameters
    ----------
    kind : {"mcp", "p5", "p05"}
        ``"mcp"`` microbe-carrying particles, ``"p5"`` particles ≥5 µm, ``"p05"``
        particles ≥0.5 µm.
    garment : {"indoor", "cleanroom"}
        Personal indoor clothing or cleanroom garments (coverall, hood, boots, mask).
    activity_factor : float in [1, 100]
        Multiple of the measured mean rate for the person's activity; see
        :data:`ACTIVITY_FACTORS` and :func:`activity_factor_for_speed`.

    Returns
    -------
    float
        Dispersion rate [particles/min] (MCPs in [CFU/min]).

    Raises
    ------
    ValueError
        If the kind or garment is unknown or the factor is outside 1-100.

    Notes
    -----
    The base rates are the means for 55 people measured in a dispersal chamber by
    [1]_. Multiplying by an activity factor is a simplification: the chamber protocol
    itself included movement, so factor 1 here stands for the measured mean.

    References
    ----------
    .. [1] Whyte W, Hejab M. Particle and microbial airborne dispersion from people.
       Eur J Parenter Pharm Sci 2007; 12(2): 39-46. Summarised in
       reference/science.md section 1.

    Examples
    --------
    >>> person_emission_per_min("mcp", "cleanroom")
    177.0
    >>> person_emission_per_min("p05", "indoor", ACTIVITY_FACTORS["head_arm"])
    10650000.0
    """
    if kind not in ("mcp", "p5", "p05"):
        raise ValueError(f"kind must be 'mcp', 'p5' or 'p05', got {kind!r}")
    if garment not in ("indoor", "cleanroom"):
        raise ValueError(f"garment must be 'indoor' or 'cleanroom', got {garment!r}")
    _check_finite("activity factor", activity_factor)
    if not 1.0 <= activity_factor <= 100.0:
        raise ValueError(f"activity factor must be between 1 and 100, got {activity_factor}")
    return PERSON_EMISSION_PER_MIN[(kind, garment)] * activity_factor


def activity_factor_for_speed(speed_m_s: float) -> float:
    """Activity factor for a person's body speed.

    Parameters
    ----------
    speed_m_s : float >= 0
        Speed of the person's body (for example the head) [m/s].

    Returns
    -------
    float
        Activity factor in [1, 100], rising monotonically with speed.

    Raises
    ------
    ValueError
        If the speed is negative or not finite.

    Notes
    -----
    **Modelling assumption.** Piecewise-linear interpolation of the activity levels in
    [1]_ placed on a speed axis: 0 m/s motionless (1×), 0.05 m/s head and arm
    movement (5×), 0.15 m/s whole-body movement on the spot (10×), 0.6 m/s slow
    walking (50×) and 1.2 m/s brisk walking (100×, held above 1.2 m/s). Slow walking
    is 0.5-0.7 m/s and normal adult walking about 1.2-1.4 m/s; the knots are chosen so
    that walking in a cleanroom too fast is clearly penalised.

    References
    ----------
    .. [1] Activity multiples of reference/science.md section 1 (motionless 1×, head
       and arm 5×, whole body 10×, sit-to-stand 25×, walking 50-100×).

    Examples
    --------
    >>> activity_factor_for_speed(0.0)
    1.0
    >>> activity_factor_for_speed(0.6)
    50.0
    >>> activity_factor_for_speed(2.0)
    100.0
    """
    _check_non_negative("speed", speed_m_s, "m/s")
    prev_v, prev_f = _SPEED_KNOTS[0]
    for v, f in _SPEED_KNOTS[1:]:
        if speed_m_s <= v:
            t = (speed_m_s - prev_v) / (v - prev_v)
            return prev_f * (1.0 - t) + f * t
        prev_v, prev_f = v, f
    return _SPEED_KNOTS[-1][1]


def steady_state_concentration(
    generation_per_min: float, volume_m3: float, air_changes_per_h: float
) -> float:
    """Steady-state concentration in a well-mixed, ventilated room.

    Parameters
    ----------
    generation_per_min : float >= 0
        Rate at which particles enter the room air [particles/min].
    volume_m3 : float > 0
        Room volume [m³].
    air_changes_per_h : float > 0
        Clean (filtered) air changes per hour N [1/h].

    Returns
    -------
    float
        Concentration C = G / Q with supply Q = N·V [particles/m³].

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] Whyte W, Eaton T, Whyte WM, Lenegan N, Ward S, Agricola K. Calculation of
       air supply rates and concentrations of airborne contamination in non-UDAF
       cleanrooms. Eur J Parenter Pharm Sci 2017; 22(4): 126-138.
       Summarised in reference/science.md section 1 (well-mixed room).

    Examples
    --------
    One gowned person (1 020 000 /min ≥0.5 µm) in 100 m³ at 20 ACH:
    Q = 20 × 100 / 60 = 33.3 m³/min, so C = 1 020 000 / 33.3 = 30 600 /m³.

    >>> round(steady_state_concentration(1_020_000.0, 100.0, 20.0))
    30600
    """
    _check_non_negative("generation rate", generation_per_min, "particles/min")
    _check_positive("room volume", volume_m3, "m³")
    _check_positive("air changes per hour", air_changes_per_h)
    return generation_per_min / (volume_m3 * air_changes_per_h / 60.0)


def room_concentration_step(
    c_per_m3: float,
    generation_per_min: float,
    volume_m3: float,
    air_changes_per_h: float,
    dt_s: float,
) -> float:
    """Advance the well-mixed room concentration by one time step.

    Parameters
    ----------
    c_per_m3 : float >= 0
        Concentration at the start of the step [particles/m³].
    generation_per_min : float >= 0
        Generation rate, held constant over the step [particles/min].
    volume_m3 : float > 0
        Room volume [m³].
    air_changes_per_h : float >= 0
        Clean air changes per hour N [1/h]; 0 means an unventilated room.
    dt_s : float >= 0
        Step length [s]; any length is stable because the exact solution is used.

    Returns
    -------
    float
        Concentration at the end of the step [particles/m³].

    Raises
    ------
    ValueError
        If an argument is out of range.

    Notes
    -----
    Exact solution over the step of the well-mixed balance of [1]_,

    .. math:: \\frac{dC}{dt} = \\frac{G}{V} - N C
        \\quad\\Rightarrow\\quad
        C(t + \\Delta t) = C_\\infty + (C - C_\\infty) e^{-N \\Delta t},
        \\quad C_\\infty = \\frac{G}{N V}

    and :math:`C + (G/V)\\Delta t` when N = 0.

    References
    ----------
    .. [1] Whyte W et al. Eur J Parenter Pharm Sci 2017; 22(4): 126-138.
       Summarised in reference/science.md section 1 (well-mixed room).

    Examples
    --------
    With no source, one hour at 20 ACH divides the concentration by e^20:

    >>> room_concentration_step(3_520_000.0, 0.0, 100.0, 20.0, 3600.0) < 1.0
    True
    >>> round(room_concentration_step(0.0, 1_020_000.0, 100.0, 20.0, 1e6))
    30600
    """
    _check_non_negative("concentration", c_per_m3, "particles/m³")
    _check_non_negative("generation rate", generation_per_min, "particles/min")
    _check_positive("room volume", volume_m3, "m³")
    _check_non_negative("air changes per hour", air_changes_per_h)
    _check_non_negative("time step", dt_s, "s")
    x = air_changes_per_h / 3600.0 * dt_s
    # (1 - e^-x) / x, written with expm1 so that tiny N·dt neither overflows nor loses
    # precision; it tends to 1 as N -> 0 (the unventilated case).
    growth = -math.expm1(-x) / x if x > 0.0 else 1.0
    return c_per_m3 * math.exp(-x) + generation_per_min / 60.0 / volume_m3 * dt_s * growth


def cleanup_time_min(c0: float, c_target: float, air_changes_per_h: float) -> float:
    """Time for a well-mixed room to decay from one concentration to a lower one.

    Parameters
    ----------
    c0 : float > 0
        Starting concentration [particles/m³].
    c_target : float in (0, c0]
        Target concentration [particles/m³].
    air_changes_per_h : float > 0
        Clean air changes per hour N [1/h].

    Returns
    -------
    float
        Clean-up time t = ln(C0 / C) / N [min], with no particle source.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Notes
    -----
    Annex 1 [2]_ expects a room to return from its "in operation" to its "at rest"
    limits within 15-20 minutes; for grade C at ≥0.5 µm that is 3 520 000 → 352 000,
    ten to one. The ISO 14644-3 recovery test uses 100 to one
    (:func:`recovery_100_to_1_time_min`).

    References
    ----------
    .. [1] Whyte W et al. Eur J Parenter Pharm Sci 2017; 22(4): 126-138
       (decay C = C0·e^(−N·t)).
    .. [2] EudraLex Vol. 4, EU GMP Annex 1 (2022), cleanroom qualification: clean-up 15-20 min.

    Examples
    --------
    Ten to one at 20 ACH: ln(10) / 20 h = 0.1151 h = 6.9 min.

    >>> round(cleanup_time_min(3_520_000.0, 352_000.0, 20.0), 1)
    6.9
    """
    _check_positive("starting concentration", c0, "particles/m³")
    _check_positive("target concentration", c_target, "particles/m³")
    _check_positive("air changes per hour", air_changes_per_h)
    if c_target > c0:
        raise ValueError(
            "target concentration must be no more than the starting concentration "
            f"({c0}), got {c_target}"
        )
    return math.log(c0 / c_target) / air_changes_per_h * 60.0


def recovery_100_to_1_time_min(air_changes_per_h: float) -> float:
    """100:1 recovery time of a well-mixed room.

    Parameters
    ----------
    air_changes_per_h : float > 0
        Clean air changes per hour N [1/h].

    Returns
    -------
    float
        Time to fall to 1 % of the starting concentration, ln(100) / N [min].

    Raises
    ------
    ValueError
        If the air change rate is not positive.

    References
    ----------
    .. [1] ISO 14644-3:2019, recovery test (100:1); Annex 1 (2022) section 4.29
       (clean-up 15-20 min). Summarised in reference/science.md section 1.

    Examples
    --------
    ln(100) / 15 h × 60 = 18.4 min, inside Annex 1's 15-20 minutes:

    >>> round(recovery_100_to_1_time_min(15.0), 1)
    18.4
    """
    return cleanup_time_min(100.0, 1.0, air_changes_per_h)


def settle_plate_expected_cfu(
    mcp_per_m3: float,
    exposure_h: float,
    plate_diameter_mm: float = 90.0,
    deposition_velocity_m_s: float = MCP_DEPOSITION_VELOCITY_M_S,
) -> float:
    """Expected colonies on a settle plate exposed to an airborne MCP concentration.

    Parameters
    ----------
    mcp_per_m3 : float >= 0
        Airborne concentration of microbe-carrying particles [CFU/m³].
    exposure_h : float in [0, 4]
        Exposure time [h]; Annex 1 limits are for up to 4 h per plate.
    plate_diameter_mm : float > 0
        Diameter of the agar surface [mm]; 90 mm is the Annex 1 plate.
    deposition_velocity_m_s : float > 0
        Deposition velocity of MCPs [m/s].

    Returns
    -------
    float
        Expected count [CFU]: concentration × deposition velocity × plate area × time.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Notes
    -----
    The relation count = c·v·A·t is the one used by [1]_ to relate air sampler and
    settle plate counts. **Modelling assumption:** the default deposition velocity
    0.0046 m/s is of the order reported in [1]_ for cleanrooms and operating theatres
    but has not been checked against that paper's tables; [1]_ also reports that it
    varies with concentration. For comparison, the Annex 1 grade B limits (10 CFU/m³
    in air, 5 CFU per 4 h plate) imply 5 / (10 × π × 0.045² × 14 400) = 0.005 46 m/s
    (:data:`ANNEX1_IMPLIED_MCP_DEPOSITION_VELOCITY_M_S`).

    References
    ----------
    .. [1] Whyte W, Eaton T. Deposition velocities of airborne microbe-carrying
       particles. Eur J Parenter Pharm Sci 2016; 21(2): 45-49.

    Examples
    --------
    10 CFU/m³ for 4 h with v = 0.0046 m/s: 10 × 0.0046 × π × 0.045² × 14 400 = 4.21 CFU.

    >>> round(settle_plate_expected_cfu(10.0, 4.0), 2)
    4.21
    """
    _check_non_negative("MCP concentration", mcp_per_m3, "CFU/m³")
    _check_finite("exposure time", exposure_h)
    if not 0.0 <= exposure_h <= 4.0:
        raise ValueError(f"exposure time must be between 0 and 4 h, got {exposure_h}")
    _check_positive("plate diameter", plate_diameter_mm, "mm")
    _check_positive("deposition velocity", deposition_velocity_m_s, "m/s")
    area_m2 = math.pi * (plate_diameter_mm / 2000.0) ** 2
    return mcp_per_m3 * deposition_velocity_m_s * area_m2 * exposure_h * 3600.0


def glove_print_expected_cfu(
    mcp_per_m3: float,
    exposure_min: float,
    non_sterile_touches: int = 0,
    cfu_per_touch: float = 0.5,
    fingertip_area_cm2: float = GLOVE_FINGERTIP_AREA_CM2,
    deposition_velocity_m_s: float = MCP_DEPOSITION_VELOCITY_M_S,
) -> float:
    """Expected colonies on a five-finger glove print.

    Parameters
    ----------
    mcp_per_m3 : float >= 0
        Airborne MCP concentration around the hands [CFU/m³].
    exposure_min : float >= 0
        Time since the gloves were last disinfected [min].
    non_sterile_touches : int >= 0
        Number of fingertip contacts with a non-sterile surface since then.
    cfu_per_touch : float >= 0
        Colonies picked up per contact [CFU].
    fingertip_area_cm2 : float > 0
        Area of five fingertips [cm²].
    deposition_velocity_m_s : float > 0
        MCP deposition velocity [m/s].

    Returns
    -------
    float
        Expected count on the glove print [CFU].

    Raises
    ------
    ValueError
        If an argument is out of range.

    Notes
    -----
    **Modelling assumption.** No published glove-print model was found for these
    sources. Airborne deposition onto the fingertips uses the settle-plate relation of
    [1]_ (c·v·A·t); each touch of a non-sterile surface adds ``cfu_per_touch``
    (default 0.5 CFU, chosen so that ten careless touches exceed the grade B limit of
    5 CFU, [2]_). Disinfecting the gloves resets the exposure and touches to zero.

    References
    ----------
    .. [1] Whyte W, Eaton T. Eur J Parenter Pharm Sci 2016; 21(2): 45-49.
    .. [2] EudraLex Vol. 4, EU GMP Annex 1 (2022), Table 6.

    Examples
    --------
    >>> glove_print_expected_cfu(0.0, 30.0, non_sterile_touches=10)
    5.0
    """
    _check_non_negative("MCP concentration", mcp_per_m3, "CFU/m³")
    _check_non_negative("exposure time", exposure_min, "min")
    if non_sterile_touches < 0:
        raise ValueError(f"number of touches must be 0 or more, got {non_sterile_touches}")
    _check_non_negative("CFU per touch", cfu_per_touch, "CFU")
    _check_positive("fingertip area", fingertip_area_cm2, "cm²")
    _check_positive("deposition velocity", deposition_velocity_m_s, "m/s")
    airborne = mcp_per_m3 * deposition_velocity_m_s * fingertip_area_cm2 * 1e-4 * exposure_min * 60
    return airborne + non_sterile_touches * cfu_per_touch
