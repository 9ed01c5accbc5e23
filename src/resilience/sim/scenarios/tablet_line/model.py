"""Rotary tablet press model shared by the interactive scenario and the batch generator.

Per-tablet properties come from :func:`resilience.sim.science.solid_dose.compress_tablet`
(die fill → Heckel porosity → Ryshkewitch–Duckworth strength → Fell & Newton breaking
force, plus the empirical disintegration, dissolution and friability relations), and the
pharmacopoeial release tests from the same module [1]_.

Modelling assumptions (this module; rationale in ``docs/scenarios.md``):

* **Force-controlled compression.** Porosity depends only on pressure, so tablets made
  at the same force differ only in mass; thickness and breaking force scale with mass.
  A tablet of mass ``r × nominal`` is exactly ``compress_tablet`` at ``r ×`` fill depth.
* **Die fill at speed.** Shorter feed-frame dwell lowers the mean fill density by 0.15 %
  per rpm above 30 rpm and raises the mass CV from 0.8 % by 0.025 %-points per rpm above
  20 rpm (fill variability rises with turret speed, as in [2]_).
* **Low hopper.** Below 20 % hopper level the powder head no longer consolidates the feed:
  mass CV ×2.5 and fill density falls by up to 2 %; an empty hopper starves the dies
  (−15 % mass).
* **Punch wear.** Worn punch tips lose up to 30 % of the effective force (over 4 000
  tablets) and add 0.6 %-points of mass CV.
* **Granule moisture drift.** Each %-point of extra loss on drying lowers fill density by
  1.5 %, adds 0.2 %-points of mass CV and slows disintegration by 15 %.
* **Content.** Paracetamol content is proportional to mass with a 1.0 % blend RSD.

References
----------
.. [1] Ph. Eur. 2.9.1, 2.9.3, 2.9.5, 2.9.7, 2.9.40 (reference/science.md §2).
.. [2] Jain S. Mechanical properties of powders for compaction and tableting: an overview.
   Pharm Sci Technol Today 1999; 2(1): 20-31 (speed and dwell-time effects).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from resilience.sim.science import solid_dose as sd

__all__ = [
    "DIAMETER_MM",
    "HARDNESS_RANGE_N",
    "Q_PCT",
    "Q_TIME_MIN",
    "TARGET_MASS_MG",
    "Conditions",
    "ReleaseResult",
    "conditions",
    "fill_depth_for_mass",
    "release_tests",
]

DIAMETER_MM: Final = 12.0
"""Die and punch diameter [mm]."""
TARGET_MASS_MG: Final = 575.0
"""Target tablet mass for 500 mg paracetamol [mg] (reference/science.md §2)."""
LABEL_CLAIM_MG: Final = 500.0
HARDNESS_RANGE_N: Final = (80.0, 150.0)
"""In-process breaking-force target for immediate release [N] (reference/science.md §2)."""
Q_PCT: Final = 80.0
"""Dissolution Q for paracetamol tablets: 80 % in 30 min (USP Acetaminophen Tablets)."""
Q_TIME_MIN: Final = 30.0
BLEND_RSD: Final = 0.010
MAX_WEAR: Final = 0.30
WEAR_TABLETS: Final = 4000.0
MAX_MOISTURE_RISE_PCT: Final = 3.0
MOISTURE_RATE_PCT_PER_1000: Final = 0.5


@dataclass(frozen=True, slots=True)
class Conditions:
    """Effective press conditions at one moment.

    Attributes
    ----------
    depth_mm : float
        Effective mean fill depth (set depth × fill-density factor) [mm].
    mass_cv : float
        Coefficient of variation of tablet mass [-].
    force_kn : float
        Effective compression force [kN].
    disintegration_factor : float
        Multiplier on disintegration time [-].
    """

    depth_mm: float
    mass_cv: float
    force_kn: float
    disintegration_factor: float


def fill_depth_for_mass(mass_mg: float, blend: sd.BlendParams = sd.PARACETAMOL_BLEND) -> float:
    """Fill depth [mm] that gives ``mass_mg`` [mg] at the nominal fill density.

    Examples
    --------
    >>> round(fill_depth_for_mass(575.0), 2)
    10.17
    """
    per_mm = sd.die_fill_mass_mg(blend.fill_density_g_cm3, DIAMETER_MM, 1.0)
    return mass_mg / per_mm


def conditions(
    fill_depth_mm: float,
    force_kn: float,
    speed_rpm: float,
    hopper_level: float = 1.0,
    wear: float = 0.0,
    moisture_rise_pct: float = 0.0,
) -> Conditions:
    """Effective conditions from the settings and the state of the line.

    Parameters
    ----------
    fill_depth_mm : float > 0
        Set fill depth [mm].
    force_kn : float in [0, 60]
        Set main compression force [kN].
    speed_rpm : float > 0
        Turret speed [rpm].
    hopper_level : float in [0, 1]
        Hopper level as a fraction of full.
    wear : float in [0, 0.3]
        Fractional loss of effective force from punch wear.
    moisture_rise_pct : float >= 0
        Rise in granule loss on drying above specification [%-points].
    """
    density = 1.0 - 0.0015 * max(0.0, speed_rpm - 30.0)
    cv = 0.008 + 0.00025 * max(0.0, speed_rpm - 20.0)
    if hopper_level <= 0.0:
        density *= 0.85
        cv *= 2.5
    elif hopper_level < 0.2:
        density *= 1.0 - 0.1 * (0.2 - hopper_level)
        cv *= 2.5
    if wear > 0:
        cv += 0.006 * min(1.0, wear / MAX_WEAR)
    density *= 1.0 - 0.015 * moisture_rise_pct
    cv += 0.002 * moisture_rise_pct
    return Conditions(
        depth_mm=fill_depth_mm * density,
        mass_cv=cv,
        force_kn=force_kn * (1.0 - wear),
        disintegration_factor=1.0 + 0.15 * moisture_rise_pct,
    )


def nominal_tablet(c: Conditions) -> sd.Tablet:
    """The tablet made at the mean fill depth of conditions ``c``."""
    return sd.compress_tablet(max(c.force_kn, 0.0), max(c.depth_mm, 0.1), DIAMETER_MM)


@dataclass(frozen=True, slots=True)
class Unit:
    """One sampled tablet: mass [mg], thickness [mm], breaking force [N], content [%]."""

    mass_mg: float
    thickness_mm: float
    hardness_n: float
    content_pct: float
    tensile_mpa: float
    friability_pct: float
    disintegration_min: float
    k_per_min: float


def sample_units(
    rng: random.Random, nominal: sd.Tablet, c: Conditions, n: int
) -> list[Unit]:
    """Draw ``n`` tablets made under conditions ``c`` (nominal tablet ``nominal``)."""
    out: list[Unit] = []
    for _ in range(n):
        r = max(0.5, 1.0 + rng.gauss(0.0, c.mass_cv))
        mass = nominal.mass_mg * r
        content = (
            100.0 * mass * sd.PARACETAMOL_BLEND.api_fraction / LABEL_CLAIM_MG
            * (1.0 + rng.gauss(0.0, BLEND_RSD))
        )
        out.append(Unit(
            mass_mg=mass,
            thickness_mm=nominal.thickness_mm * r,
            hardness_n=nominal.breaking_force_n * r,
            content_pct=content,
            tensile_mpa=nominal.tensile_strength_mpa,
            friability_pct=nominal.friability_loss_pct,
            disintegration_min=nominal.disintegration_time_min * c.disintegration_factor,
            k_per_min=nominal.dissolution_k_per_min / c.disintegration_factor,
        ))
    return out


@dataclass(frozen=True, slots=True)
class ReleaseResult:
    """Outcome of release testing.

    Attributes
    ----------
    released : bool
        All tests comply.
    tests : dict of str to sd.TestResult
        ``uniformity_of_mass``, ``content_uniformity``, ``friability``,
        ``disintegration``, ``dissolution``.
    """

    released: bool
    tests: dict[str, sd.TestResult]

    def reasons(self) -> list[str]:
        """Plain-words reason for each failing test."""
        return [f"{name.replace('_', ' ')}: {r.reason}" for name, r in self.tests.items()
                if not r.passed]


def release_tests(
    rng: random.Random, draw: Sequence[tuple[sd.Tablet, Conditions]]
) -> ReleaseResult:
    """Run the release tests on tablets drawn from the batch.

    Parameters
    ----------
    rng : random.Random
        Seeded generator.
    draw : sequence of (Tablet, Conditions)
        Production segments to sample from, one entry per tablet to draw from them in
        turn (the caller weights segments by output). At least 24 entries are needed.
    """
    pool: list[Unit] = []
    for i in range(60):
        nominal, c = draw[i % len(draw)]
        pool.extend(sample_units(rng, nominal, c, 1))
    masses = [u.mass_mg for u in pool[:20]]
    uom = sd.uniformity_of_mass(masses, "tablet")
    cu1 = [u.content_pct for u in pool[:10]]
    cu = sd.content_uniformity(cu1)
    if not cu.passed and cu.details.get("next_stage_units", 0) > 0:
        cu = sd.content_uniformity(cu1, [u.content_pct for u in pool[10:30]])
    mean_mass = sum(masses) / len(masses)
    n_fri = sd.friability_sample_size(mean_mass)
    fri_units = pool[30:30 + n_fri]
    initial = sum(u.mass_mg for u in fri_units) / 1000.0
    loss = sum(u.mass_mg * min(100.0, u.friability_pct) / 100.0 for u in fri_units) / 1000.0
    loss *= max(0.0, 1.0 + rng.gauss(0.0, 0.1))
    broken = sum(1 for u in fri_units if u.tensile_mpa < 0.5)
    fri = sd.friability_test(initial, max(0.0, initial - loss), broken)
    dis_units = pool[41:47]
    dis = sd.disintegration_test(
        [u.disintegration_min * max(0.5, 1.0 + rng.gauss(0.0, 0.1)) for u in dis_units],
        "uncoated")

    def dissolved(u: Unit) -> float:
        f = sd.first_order_release(Q_TIME_MIN, u.k_per_min) * u.content_pct / 100.0
        return min(110.0, max(0.0, f + rng.gauss(0.0, 2.0)))

    s = [dissolved(u) for u in pool[36:60]]
    diss = sd.dissolution_test(Q_PCT, s[:6])
    if not diss.passed and diss.details.get("next_stage_units", 0) > 0:
        diss = sd.dissolution_test(Q_PCT, s[:6], s[6:12])
        if not diss.passed and diss.details.get("next_stage_units", 0) > 0:
            diss = sd.dissolution_test(Q_PCT, s[:6], s[6:12], s[12:24])
    tests = {
        "uniformity_of_mass": uom,
        "content_uniformity": cu,
        "friability": fri,
        "disintegration": dis,
        "dissolution": diss,
    }
    return ReleaseResult(all(t.passed for t in tests.values()), tests)


def wear_after(tablets_since_fault: float) -> float:
    """Punch wear (fractional force loss) after ``tablets_since_fault`` tablets."""
    return MAX_WEAR * min(1.0, tablets_since_fault / WEAR_TABLETS)


def moisture_after(tablets_since_fault: float) -> float:
    """Granule moisture rise [%-points] after ``tablets_since_fault`` tablets."""
    return min(MAX_MOISTURE_RISE_PCT, MOISTURE_RATE_PCT_PER_1000 * tablets_since_fault / 1000.0)

