"""Headless generator of realistic fed-batch bioreactor histories (for data-analysis work).

Each batch draws an operator's feed, temperature-shift and harvest decisions around good
practice and faults at assumed plant rates, then integrates the same culture model as the
interactive scenario (:meth:`FedBatchBioreactor._advance`) in 6-hour steps.

Assumed rates (modelling assumptions, per batch): kLa shortfall 3 %, foaming 5 %,
contamination 1 %, pH probe drift 4 %; each is corrected within a day with probability
0.85 (a contamination is then terminated).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Final

from resilience.sim.scenarios.bioreactor.scenario import INDUSTRY, FedBatchBioreactor, _viability

__all__ = ["COLUMNS", "FAULT_RATES", "generate"]

FAULT_RATES: Final = {"kla-shortfall": 0.03, "foaming": 0.05, "contamination": 0.01,
                      "ph-probe-drift": 0.04}
RESPONSE_P: Final = 0.85
DT_H: Final = 6.0

COLUMNS: Final = (
    "batch", "feed_pct_per_day", "feed_start_day", "shift_day", "shift_temperature_c",
    "do_set_pct", "ph_set", "agitation_w_m3", "faults", "faults_corrected", "peak_vcd_e6_per_ml",
    "harvest_day", "harvest_viability_pct", "titre_g_l", "final_glucose_mm",
    "final_lactate_mm", "final_ammonia_mm", "do_in_range_pct", "ph_in_range_pct",
    "protein_a_cycles", "antibody_recovered_kg", "outcome", "titre_in_industry_range",
)


def generate(n: int, seed: int) -> Iterator[dict[str, object]]:
    """Yield ``n`` batch records (dicts keyed by :data:`COLUMNS`).

    Parameters
    ----------
    n : int >= 1
        Number of batches.
    seed : int
        Seed; the same seed gives the same history.
    """
    sc = FedBatchBioreactor()
    rng = random.Random(seed)
    for b in range(1, n + 1):
        st = sc.start(rng.randrange(2**31))
        feed = max(0.5, rng.gauss(3.0, 0.7))
        feed_day = rng.uniform(2.5, 3.5)
        shift_day = rng.uniform(5.0, 7.0) if rng.random() < 0.85 else None
        shift_t = rng.uniform(31.5, 33.5)
        harvest_day = rng.uniform(13.0, 14.5)
        st.ph_set = round(rng.gauss(7.0, 0.03), 2)
        st.agitation_w_m3 = rng.choice((40.0, 50.0, 60.0))
        faults = {f: rng.uniform(2.0, 10.0) for f, p in FAULT_RATES.items() if rng.random() < p}
        fixed = {f: faults[f] + rng.uniform(0.1, 1.0) for f in faults if rng.random() < RESPONSE_P}
        while not st.finished:
            day = st.culture.time_h / 24.0
            if day >= feed_day:
                st.feed_pct_per_day = feed
            if shift_day is not None and day >= shift_day and st.shift_day is None:
                st.temperature_c = shift_t
                st.shift_day, st.shift_temp = day, shift_t
            for f, d in faults.items():
                if day >= d and f not in st.faults:
                    sc.inject_fault(st, f)
                if f in fixed and day >= fixed[f] and f not in st.responded:
                    st.responded[f] = st.culture.time_h
                    if f == "kla-shortfall":
                        st.agitation_w_m3, st.gas_m_s = 120.0, 0.008
                    elif f == "foaming":
                        st.antifoam_doses += 1
                        st.foam = 0.0
                        st.foamed_out = False
                    elif f == "ph-probe-drift":
                        st.drift_start_h = None
                        st.probe_offset = 0.0
                    elif f == "contamination":
                        st.terminated = True
                        st.finished = True
            if st.finished:
                break
            if day >= harvest_day:
                sc._harvest(st)
                break
            sc._advance(st, DT_H)
        c = st.culture
        cap = st.capture
        outcome = ("terminated" if st.terminated else
                   "harvested" if cap is not None else "destroyed")
        hrs = st.hours or 1.0
        titre = st.harvest_titre if st.harvested else c.titre_g_l
        lo, hi = INDUSTRY["titre_g_l"]
        yield {
            "batch": f"BR{b:06d}",
            "feed_pct_per_day": round(feed, 2),
            "feed_start_day": round(feed_day, 2),
            "shift_day": round(shift_day, 2) if shift_day is not None else "",
            "shift_temperature_c": round(shift_t, 1) if shift_day is not None else "",
            "do_set_pct": st.do_set,
            "ph_set": st.ph_set,
            "agitation_w_m3": st.agitation_w_m3,
            "faults": ";".join(sorted(faults)),
            "faults_corrected": ";".join(sorted(fixed)),
            "peak_vcd_e6_per_ml": round(st.peak_vcd, 2),
            "harvest_day": round(c.time_h / 24.0, 2),
            "harvest_viability_pct": round(_viability(c), 1),
            "titre_g_l": round(titre, 3),
            "final_glucose_mm": round(c.glucose_mm, 1),
            "final_lactate_mm": round(c.lactate_mm, 1),
            "final_ammonia_mm": round(c.ammonia_mm, 2),
            "do_in_range_pct": round(100.0 * st.hours_do_ok / hrs, 1),
            "ph_in_range_pct": round(100.0 * st.hours_ph_ok / hrs, 1),
            "protein_a_cycles": cap.cycles if cap else 0,
            "antibody_recovered_kg": round(cap.mass_recovered_g / 1000.0, 3) if cap else 0.0,
            "outcome": outcome,
            "titre_in_industry_range": outcome == "harvested" and lo <= titre <= hi,
        }
