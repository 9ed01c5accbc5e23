"""Headless generator of realistic tablet-line batch histories (for data-analysis work).

Each batch draws operator settings around a good set-up, and faults at assumed plant
rates, then runs the same press model as the interactive scenario
(:mod:`resilience.sim.scenarios.tablet_line.model`) at the in-process check points only,
followed by the Ph. Eur. release tests. No per-tick simulation: a batch costs about forty
model evaluations, so 10 000 batches take seconds.

Assumed rates (modelling assumptions, per batch): granule moisture drift 4 %, punch wear
3 %, low hopper 6 %; an operator corrects a fault within three checks with probability
0.8. Settings: fill depth aimed at 575 mg at the chosen speed, σ 0.10 mm; force
N(20, 2.5) kN clipped to 8–35 kN; turret speed uniform 30–60 rpm.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Final

from resilience.sim.scenarios.tablet_line import model as m
from resilience.sim.science import quality as q

__all__ = ["COLUMNS", "FAULT_RATES", "generate"]

FAULT_RATES: Final = {"moisture-drift": 0.04, "punch-wear": 0.03, "low-hopper": 0.06}
RESPONSE_P: Final = 0.8
BATCH_SIZE: Final = 20_000
IPC_INTERVAL: Final = 500
SUBGROUP: Final = 5

COLUMNS: Final = (
    "batch", "fill_depth_mm", "force_kn", "speed_rpm", "faults", "faults_corrected",
    "ipc_checks", "ipc_mean_mass_mg", "ipc_min_xbar_mg", "ipc_max_xbar_mg",
    "ipc_mean_range_mg", "ipc_mean_hardness_n", "ipc_mean_thickness_mm", "ipc_rule_signals",
    "uom_max_deviation_pct", "uom_passed", "cu_av", "cu_stage", "cu_passed",
    "friability_loss_pct", "friability_passed", "disintegration_slowest_min",
    "disintegration_passed", "dissolution_stage", "dissolution_min_s1_pct",
    "dissolution_passed", "released", "reject_reasons",
)


def _r(x: float, nd: int = 3) -> float:
    return round(x, nd)


def generate(n: int, seed: int) -> Iterator[dict[str, object]]:
    """Yield ``n`` batch records (dicts keyed by :data:`COLUMNS`).

    Parameters
    ----------
    n : int >= 1
        Number of batches.
    seed : int
        Seed of the generator; the same seed gives the same history.
    """
    rng = random.Random(seed)
    target_depth = m.fill_depth_for_mass(m.TARGET_MASS_MG)
    checks = BATCH_SIZE // IPC_INTERVAL
    for b in range(1, n + 1):
        force = min(35.0, max(8.0, rng.gauss(20.0, 2.5)))
        speed = float(rng.randint(30, 60))
        # The operator aims the fill depth at 575 mg at the chosen speed (set-up checks).
        aim = target_depth * target_depth / m.conditions(target_depth, force, speed).depth_mm
        depth = aim + rng.gauss(0.0, 0.10)
        faults = [f for f, p in FAULT_RATES.items() if rng.random() < p]
        onset = {f: rng.randint(2, checks - 4) for f in faults}
        fixed_at = {f: onset[f] + rng.randint(1, 3) for f in faults if rng.random() < RESPONSE_P}
        xbars: list[float] = []
        ranges: list[float] = []
        hard: list[float] = []
        thick: list[float] = []
        segs = []
        baseline: list[list[float]] = []
        depth_now = depth
        for k in range(checks):
            made = (k + 1) * IPC_INTERVAL
            hopper = 1.0
            wear = 0.0
            moist = 0.0
            for f in faults:
                if k < onset[f]:
                    continue
                since = made - onset[f] * IPC_INTERVAL
                if f in fixed_at and k >= fixed_at[f]:
                    if f == "moisture-drift":
                        # corrected by re-aiming the fill depth at the drifted density
                        moist = m.moisture_after(since)
                        depth_now = depth / (1.0 - 0.015 * moist)
                    continue
                if f == "low-hopper":
                    hopper = max(0.0, 1.0 - since / 2000.0)
                elif f == "punch-wear":
                    wear = m.wear_after(since)
                else:
                    moist = m.moisture_after(since)
            c = m.conditions(depth_now, force, speed, hopper, wear, moist)
            nominal = m.nominal_tablet(c)
            segs.append((nominal, c))
            units = m.sample_units(rng, nominal, c, SUBGROUP)
            masses = [u.mass_mg for u in units]
            if k < 8:
                baseline.append(masses)
            xbars.append(sum(masses) / SUBGROUP)
            ranges.append(max(masses) - min(masses))
            hard.append(sum(u.hardness_n for u in units) / SUBGROUP)
            thick.append(sum(u.thickness_mm for u in units) / SUBGROUP)
        lim = q.xbar_r_limits(baseline)
        sigma = (lim.ucl - lim.centre) / 3.0
        signals = len({v.index for v in q.nelson_rules(xbars[8:], lim.centre, sigma)}) \
            if sigma > 0 else 0
        rel = m.release_tests(rng, segs)
        t = rel.tests
        yield {
            "batch": f"B{b:06d}",
            "fill_depth_mm": _r(depth),
            "force_kn": _r(force, 2),
            "speed_rpm": speed,
            "faults": ";".join(faults),
            "faults_corrected": ";".join(sorted(fixed_at)),
            "ipc_checks": checks,
            "ipc_mean_mass_mg": _r(sum(xbars) / checks, 2),
            "ipc_min_xbar_mg": _r(min(xbars), 2),
            "ipc_max_xbar_mg": _r(max(xbars), 2),
            "ipc_mean_range_mg": _r(sum(ranges) / checks, 2),
            "ipc_mean_hardness_n": _r(sum(hard) / checks, 1),
            "ipc_mean_thickness_mm": _r(sum(thick) / checks),
            "ipc_rule_signals": signals,
            "uom_max_deviation_pct": _r(t["uniformity_of_mass"].details.get(
                "max_deviation_pct", 0.0), 2),
            "uom_passed": t["uniformity_of_mass"].passed,
            "cu_av": _r(t["content_uniformity"].details.get(
                "av_stage2", t["content_uniformity"].details.get("av_stage1", 0.0)), 2),
            "cu_stage": t["content_uniformity"].stage or "",
            "cu_passed": t["content_uniformity"].passed,
            "friability_loss_pct": _r(t["friability"].details.get("loss_pct", 0.0)),
            "friability_passed": t["friability"].passed,
            "disintegration_slowest_min": _r(t["disintegration"].details.get(
                "slowest_min", 0.0), 2),
            "disintegration_passed": t["disintegration"].passed,
            "dissolution_stage": t["dissolution"].stage or "",
            "dissolution_min_s1_pct": _r(t["dissolution"].details.get("min_s1_pct", 0.0), 1),
            "dissolution_passed": t["dissolution"].passed,
            "released": rel.released,
            "reject_reasons": " | ".join(rel.reasons()),
        }
