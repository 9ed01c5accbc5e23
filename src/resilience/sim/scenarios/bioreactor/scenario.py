"""14-day CHO fed-batch for a monoclonal antibody, in accelerated time.

The learner runs a 2 000 L fed-batch bioreactor: sets the feed, the dissolved-oxygen and
pH set points, agitation and gas flow, and shifts the temperature. Cell growth, glucose,
lactate, ammonia and titre follow the fed-batch model of [1]_ (via
:func:`resilience.sim.science.bioprocess.fed_batch_step`); dissolved oxygen follows the
oxygen balance OTR = kLa (C* − C) with kLa from van 't Riet [2]_ and OUR = qO2·Xv [3]_.
At harvest, Protein A capture sizes the column and gives the final yield.

Modelling assumptions (this module):

* **DO control.** The controller holds DO at its set point while the oxygen transfer
  capacity allows; otherwise DO settles at C = C* − OUR/kLa (air sparging only, so the
  learner must raise agitation or gas flow when kLa is short). CHO qO2 = 0.3 pmol/cell/h
  (literature range 0.1–0.4 [3]_).
* **pH control.** The controller holds the *probe reading* at the set point, so a probe
  that drifts by +δ holds the culture at set point − δ. Offline samples read the true pH
  (±0.02).
* **Foaming** builds over 6 h after onset; at full foam the culture foams out: 2 % of the
  volume is lost and kLa halves until antifoam is added. Each antifoam dose lowers kLa
  by 5 % (antifoam reduces mass transfer).
* **Contamination.** A fast-growing bacterium (doubling time 1.4 h, qO2 0.02 pmol/cell/h,
  glucose uptake 2 × 10⁻¹⁰ mmol/cell/h) is seeded at 100 cells/mL; from 10⁶ cells/mL it
  kills CHO cells (extra death 0.05 /h). Microscopy of an offline sample shows it from
  10⁵ cells/mL.
* Clarification recovers 95 % of the harvest volume.

References
----------
.. [1] Bioengineering 2018, 5(1): 25 (reference/science.md §3).
.. [2] van 't Riet K. Ind Eng Chem Process Des Dev 1979; 18: 357-364.
.. [3] reference/science.md §3 (industry ranges and oxygen transfer).

Examples
--------
Default agitation (40 W/m³) and gas velocity (3 mm/s) give kLa = 0.026 · 40^0.4 ·
0.003^0.5 s⁻¹ = 22.4 h⁻¹ [2]_; at 5 × 10⁶ cells/mL the uptake is 0.3 pmol/cell/h × 5 × 10⁶
= 1.5 mmol/(L·h), so DO can be held up to 100 (1 − 1.5 / (22.4 × 0.228)) = 71 %:

>>> kla = bp.kla_van_t_riet(40.0, 0.003) * 3600
>>> round(kla, 1)
22.4
>>> our = bp.oxygen_uptake_rate(Q_O2_PMOL, 5e6)
>>> round(100 * (1 - our / (kla * bp.oxygen_saturation_mmol_per_l(36.8))))
71
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from resilience.sim.engine import (
    Action,
    ApprenticeshipTag,
    Assessment,
    BaseState,
    Criterion,
    CurriculumTag,
    Event,
    FaultSpec,
    ParamSpec,
    Scenario,
    ScenarioMeta,
)
from resilience.sim.scene import Affordance, Node, Scene
from resilience.sim.science import bioprocess as bp

__all__ = ["FedBatchBioreactor", "ReactorState"]

DAYS: Final = 14.0
"""Nominal culture length [d]."""
Q_O2_PMOL: Final = 0.3
"""CHO specific oxygen uptake [pmol/(cell·h)]."""
BACT_MU: Final = math.log(2) / 1.4
BACT_QO2_PMOL: Final = 0.02
BACT_QGLC: Final = 2e-10
CLARIFICATION_YIELD: Final = 0.95
MAX_DT_H: Final = 0.25
"""Largest integration step of the culture model [h]."""
CHART_EVERY_H: Final = 6.0

INDUSTRY: Final = {
    "peak_vcd_e6_per_ml": (10.0, 30.0),
    "titre_g_l": (1.0, 10.0),
    "do_pct": (30.0, 50.0),
    "ph": (6.9, 7.2),
    "shift_temperature_c": (31.0, 34.0),
}
"""Industry ranges (reference/science.md §3)."""

RESPONSE_H: Final = {"kla-shortfall": 24.0, "foaming": 12.0, "contamination": 48.0,
                     "ph-probe-drift": 48.0}
"""Culture time allowed to respond to each fault [h]."""


@dataclass(slots=True)
class ReactorState(BaseState):
    """State of one bioreactor run."""

    culture: bp.FedBatchState = field(default_factory=bp.FedBatchState)
    kin: bp.FedBatchParams = field(default_factory=bp.FedBatchParams)
    v0_l: float = 1400.0
    feed_pct_per_day: float = 0.0
    do_set: float = 40.0
    ph_set: float = 7.0
    temperature_c: float = 36.8
    agitation_w_m3: float = 40.0
    gas_m_s: float = 0.003
    do_pct: float = 40.0
    ph_true: float = 7.0
    probe_offset: float = 0.0
    drift_start_h: float | None = None
    foam: float = 0.0
    foamed_out: bool = False
    antifoam_doses: int = 0
    bacteria_per_ml: float = 0.0
    kla_fault: bool = False
    harvested: bool = False
    terminated: bool = False
    capture: bp.CaptureResult | None = None
    harvest_volume_l: float = 0.0
    harvest_titre: float = 0.0
    harvest_viability: float = 0.0
    peak_vcd: float = 0.0
    shift_day: float | None = None
    shift_temp: float | None = None
    hours: float = 0.0
    hours_do_ok: float = 0.0
    hours_ph_ok: float = 0.0
    hours_glc_ok: float = 0.0
    low_glucose_h: float = 0.0
    samples: list[dict[str, float | str]] = field(default_factory=list)
    chart_vcd: deque[float] = field(default_factory=lambda: deque(maxlen=60))
    chart_titre: deque[float] = field(default_factory=lambda: deque(maxlen=60))
    next_chart_h: float = 0.0
    alarms: dict[str, bool] = field(default_factory=dict)
    responded: dict[str, float] = field(default_factory=dict)
    fault_h: dict[str, float] = field(default_factory=dict)


def _viability(c: bp.FedBatchState) -> float:
    tot = c.vcd + c.dead
    return 100.0 * c.vcd / tot if tot > 0 else 100.0


class FedBatchBioreactor(Scenario[ReactorState]):
    """Run a CHO fed-batch to harvest and Protein A capture."""

    meta = ScenarioMeta(
        id="fed-batch-bioreactor",
        title="Fed-batch bioreactor: grow CHO cells and make an antibody",
        summary=(
            "Run a 14-day, 2 000 L CHO cell fed-batch in fast-forward. Feed the cells, hold "
            "dissolved oxygen and pH, shift the temperature to boost productivity, handle "
            "foaming, oxygen shortfall, a drifting pH probe or a contamination, then "
            "harvest and capture the antibody on Protein A."
        ),
        audiences=("post-16", "he", "industry"),
        priority_areas=("data analysis", "digital technology", "environmental sustainability"),
        curriculum=(
            CurriculumTag("a-level-cpac", "CPAC 2",
                          "Applies investigative approaches and methods"),
            CurriculumTag("t-level-science", "core", "T Level Science: biotechnology "
                          "and scientific data"),
            CurriculumTag("btec-applied-science", "biotech",
                          "Industrial microbiology and bioprocessing"),
            CurriculumTag("cfe", "SCN 4-13c",
                          "Micro-organisms and cells in industry"),
        ),
        apprenticeships=(
            ApprenticeshipTag("ST1406", "1.0", "Science manufacturing technician "
                              "(biotechnology option)", 3),
            ApprenticeshipTag("ST0248", "1.0", "Laboratory technician", 3),
        ),
        competencies=("bioprocess-operation", "process-control", "data-analysis",
                      "deviation-handling", "quality-testing"),
        duration_min=15,
        comfort_notes=(
            "Seated or standing at a control panel; no walking needed.",
            "Time runs fast (one culture day every 30 s by default) but you can pause.",
            "Sliders work by grab, keyboard or typed value.",
        ),
        devices=("vr", "desktop", "touch", "screen-reader"),
        params=(
            ParamSpec("seconds_per_day", "float", 30.0, 2.0, 600.0, "s",
                      "Real seconds per culture day."),
            ParamSpec("start_volume_l", "float", 1400.0, 1.0, 20_000.0, "L",
                      "Working volume at inoculation."),
            ParamSpec("ph", "float", 7.0, 6.5, 7.6, "",
                      "pH set point at the start."),
            ParamSpec("do_pct", "float", 40.0, 10.0, 80.0, "%",
                      "Dissolved-oxygen set point at the start [% air saturation]."),
            ParamSpec("resin_volume_l", "float", 100.0, 1.0, 2000.0, "L",
                      "Protein A column resin volume."),
            ParamSpec("dbc_g_per_l", "float", 45.0, 30.0, 60.0, "g/L",
                      "Protein A dynamic binding capacity."),
        ),
        faults=(
            FaultSpec("kla-shortfall", "Oxygen transfer shortfall",
                      "The sparger partly blocks: kLa falls to 35 %. DO drops below set point "
                      "as the cells grow. Raise agitation and/or gas flow."),
            FaultSpec("foaming", "Foaming",
                      "Foam builds in the headspace and will foam out within 6 h, losing "
                      "volume and wetting the exhaust filter. Add antifoam."),
            FaultSpec("contamination", "Bacterial contamination",
                      "A bacterium is growing: glucose falls fast, DO crashes. Take an "
                      "offline sample (microscopy) and terminate the batch."),
            FaultSpec("ph-probe-drift", "pH probe drift",
                      "The pH probe drifts upward by 0.1 per day; the controller follows the "
                      "wrong reading. Compare with an offline sample and recalibrate."),
        ),
    )

    def start(self, seed: int, params: Mapping[str, object] | None = None) -> ReactorState:
        """Return the reactor just after inoculation at 0.3 × 10⁶ cells/mL."""
        p = self.params(params)
        v0 = float(p["start_volume_l"])
        st = ReactorState(seed=seed, params=p, rng=random.Random(seed),
                          culture=bp.FedBatchState(volume_l=v0), v0_l=v0)
        st.ph_set = float(p["ph"])
        st.do_set = float(p["do_pct"])
        st.do_pct = st.do_set
        st.ph_true = st.ph_set
        st.caption = ("Day 0: inoculated at 0.3 million cells/mL. Start the feed around day "
                      "3, keep DO and pH in range, consider a temperature shift mid-run, "
                      "sample daily and harvest around day 14.")
        return st

    # Model ------------------------------------------------------------------------------

    def _kla_per_h(self, st: ReactorState) -> float:
        k = bp.kla_van_t_riet(st.agitation_w_m3, st.gas_m_s) * 3600.0
        if st.kla_fault:
            k *= 0.35
        if st.foamed_out:
            k *= 0.5
        return k * 0.95 ** st.antifoam_doses

    def _advance(self, st: ReactorState, dt_h: float) -> list[Event]:
        ev: list[Event] = []
        c = st.culture
        # Oxygen balance -> DO actually achieved.
        c_star = bp.oxygen_saturation_mmol_per_l(st.temperature_c)
        our = bp.oxygen_uptake_rate(Q_O2_PMOL, c.vcd * 1e6) + bp.oxygen_uptake_rate(
            BACT_QO2_PMOL, st.bacteria_per_ml)
        kla = self._kla_per_h(st)
        do_max = max(0.0, 100.0 * (1.0 - our / (kla * c_star))) if kla > 0 else 0.0
        st.do_pct = min(st.do_set, do_max)
        # pH: the controller holds the probe reading at the set point.
        if st.drift_start_h is not None:
            st.probe_offset = 0.1 * (c.time_h - st.drift_start_h) / 24.0
        st.ph_true = min(8.0, max(6.0, st.ph_set - st.probe_offset))
        feed = st.feed_pct_per_day / 100.0 * st.v0_l / 24.0
        c = bp.fed_batch_step(c, st.kin, dt_h, feed, temperature_c=st.temperature_c,
                              do_pct=st.do_pct, ph=st.ph_true)
        if st.bacteria_per_ml > 0:
            glc_use = BACT_QGLC * st.bacteria_per_ml * 1e3 * dt_h  # mmol/L
            growth = 1.0 if c.glucose_mm > 0.5 else 0.0
            st.bacteria_per_ml = min(5e9, st.bacteria_per_ml * math.exp(BACT_MU * growth * dt_h))
            kill = 0.05 * dt_h if st.bacteria_per_ml > 1e6 else 0.0
            c = dataclasses.replace(
                c, glucose_mm=max(0.0, c.glucose_mm - glc_use),
                vcd=c.vcd * (1.0 - kill), dead=c.dead + c.vcd * kill)
        if st.foam < 1.0 and "foaming" in st.faults and "foaming" not in st.responded:
            st.foam = min(1.0, st.foam + dt_h / 6.0)
            if st.foam >= 1.0 and not st.foamed_out:
                st.foamed_out = True
                c = dataclasses.replace(c, volume_l=c.volume_l * 0.98)
                ev.append(Event(st.t, "excursion", "foam-out",
                                "Foam-out: culture lost through the exhaust line and the "
                                "exhaust filter is wet. Add antifoam now."))
        st.culture = c
        st.peak_vcd = max(st.peak_vcd, c.vcd)
        st.hours += dt_h
        if st.do_pct >= INDUSTRY["do_pct"][0] - 1e-9:
            st.hours_do_ok += dt_h
        lo, hi = INDUSTRY["ph"]
        if lo - 1e-9 <= st.ph_true <= hi + 1e-9:
            st.hours_ph_ok += dt_h
        if 1.0 <= c.glucose_mm <= 60.0 or c.time_h < 48.0:
            st.hours_glc_ok += dt_h
        ev.extend(self._alarms(st))
        return ev

    def _alarms(self, st: ReactorState) -> list[Event]:
        ev: list[Event] = []
        c = st.culture
        for key, on, msg in (
            ("do-low", st.do_pct < st.do_set - 5.0,
             f"DO alarm: {st.do_pct:.0f} % is below the set point {st.do_set:.0f} %."),
            ("glucose-low", c.glucose_mm < 2.0 and c.time_h > 48.0,
             f"Glucose {c.glucose_mm:.1f} mM: the cells are starving."),
            ("foam", st.foam > 0.5, "Foam high in the headspace."),
        ):
            if on and not st.alarms.get(key):
                ev.append(Event(st.t, "alert", key, msg))
            st.alarms[key] = on
        return ev

    def step(self, st: ReactorState, dt: float) -> list[Event]:
        """Advance by ``dt`` real seconds (``24 / seconds_per_day`` culture hours each)."""
        st.t += dt
        if st.finished:
            return []
        ev: list[Event] = []
        dt_h = dt * 24.0 / float(st.params["seconds_per_day"])
        while dt_h > 1e-12 and not st.finished:
            h = min(dt_h, MAX_DT_H)
            ev.extend(self._advance(st, h))
            dt_h -= h
        c = st.culture
        if c.time_h >= st.next_chart_h:
            st.chart_vcd.append(c.vcd)
            st.chart_titre.append(c.titre_g_l)
            st.next_chart_h += CHART_EVERY_H
        if c.time_h >= (DAYS + 4.0) * 24.0 and not st.finished:
            ev.append(Event(st.t, "info", "overrun",
                            "Day 18: the culture has died back; harvesting now."))
            ev.extend(self._harvest(st))
        return ev

    # Actions ----------------------------------------------------------------------------

    def act(self, st: ReactorState, action: Action) -> list[Event]:
        """Apply a learner action (already validated against the scene)."""
        n, v = action.node_id, action.value
        day = st.culture.time_h / 24.0
        if action.verb == "set" and isinstance(v, float):
            if n == "feed":
                st.feed_pct_per_day = v
            elif n == "do_set":
                st.do_set = v
            elif n == "ph_set":
                st.ph_set = v
            elif n == "temperature":
                st.temperature_c = v
                if v < 35.0 and st.shift_day is None:
                    st.shift_day = day
                    st.shift_temp = v
                elif st.shift_day is not None and v < 35.0:
                    st.shift_temp = v
            elif n == "agitation":
                st.agitation_w_m3 = v
            elif n == "gas":
                st.gas_m_s = v / 1000.0
            if n in ("agitation", "gas") and "kla-shortfall" in st.faults:
                st.responded.setdefault("kla-shortfall", st.culture.time_h)
            return [Event(st.t, "info", "setting", f"{n.replace('_', ' ')} set to {v:g}.")]
        if n == "sample":
            return self._sample(st)
        if n == "antifoam":
            st.antifoam_doses += 1
            st.foam = 0.0
            st.foamed_out = False
            if "foaming" in st.faults:
                st.responded.setdefault("foaming", st.culture.time_h)
            return [Event(st.t, "info", "antifoam", "Antifoam added; foam collapsed.")]
        if n == "recalibrate":
            if st.drift_start_h is not None:
                st.responded.setdefault("ph-probe-drift", st.culture.time_h)
            st.drift_start_h = None
            st.probe_offset = 0.0
            return [Event(st.t, "info", "recalibrated",
                          "pH probe standardised against the offline reading.")]
        if n == "harvest":
            return self._harvest(st)
        if n == "terminate":
            st.terminated = True
            if "contamination" in st.faults:
                st.responded.setdefault("contamination", st.culture.time_h)
            ev = [Event(st.t, "result", "terminated",
                        f"Batch terminated on day {day:.1f}; the culture is sent for "
                        "decontamination and nothing is harvested.")]
            return ev + super().finish(st)
        return []

    def _sample(self, st: ReactorState) -> list[Event]:
        c = st.culture
        r = st.rng
        micro = ("bacteria seen: rods, cloudy broth" if st.bacteria_per_ml > 1e5
                 else "CHO cells only")
        s: dict[str, float | str] = {
            "day": round(c.time_h / 24.0, 2),
            "vcd_e6_per_ml": round(c.vcd * (1 + r.gauss(0, 0.05)), 2),
            "viability_pct": round(min(100.0, _viability(c) + r.gauss(0, 1.0)), 1),
            "glucose_mm": round(max(0.0, c.glucose_mm + r.gauss(0, 0.3)), 1),
            "lactate_mm": round(max(0.0, c.lactate_mm + r.gauss(0, 0.3)), 1),
            "titre_g_l": round(max(0.0, c.titre_g_l * (1 + r.gauss(0, 0.03))), 2),
            "ph_offline": round(st.ph_true + r.gauss(0, 0.02), 2),
            "ph_online": round(st.ph_true + st.probe_offset, 2),
            "microscopy": micro,
        }
        st.samples.append(s)
        if len(st.samples) > 40:
            del st.samples[0]
        msg = (f"Offline sample day {s['day']}: VCD {s['vcd_e6_per_ml']} ×10⁶/mL, viability "
               f"{s['viability_pct']} %, glucose {s['glucose_mm']} mM, lactate "
               f"{s['lactate_mm']} mM, titre {s['titre_g_l']} g/L, pH {s['ph_offline']} "
               f"(probe {s['ph_online']}), microscopy: {micro}.")
        return [Event(st.t, "result", "offline-sample", msg, s)]

    def _harvest(self, st: ReactorState) -> list[Event]:
        if st.finished:
            return []
        c = st.culture
        st.harvested = True
        st.harvest_volume_l = c.volume_l * CLARIFICATION_YIELD
        st.harvest_titre = c.titre_g_l
        st.harvest_viability = _viability(c)
        contaminated = st.bacteria_per_ml > 1e5
        if contaminated:
            st.capture = None
            ev = [Event(st.t, "result", "harvest-contaminated",
                        "The harvest is contaminated with bacteria and must be destroyed.")]
        else:
            st.capture = bp.protein_a_capture(
                st.harvest_volume_l, c.titre_g_l, float(st.params["resin_volume_l"]),
                float(st.params["dbc_g_per_l"]))
            cap = st.capture
            ev = [Event(st.t, "result", "harvest",
                        f"Harvested on day {c.time_h / 24:.1f}: {st.harvest_volume_l:,.0f} L at "
                        f"{c.titre_g_l:.2f} g/L, viability {st.harvest_viability:.0f} %. Protein "
                        f"A: {cap.cycles} cycle(s), {cap.mass_recovered_g / 1000:.2f} kg "
                        "antibody recovered.",
                        {"titre_g_l": round(c.titre_g_l, 3),
                         "recovered_kg": round(cap.mass_recovered_g / 1000, 3)})]
        st.caption = "Harvest complete. See your results."
        return ev + super().finish(st)

    def inject_fault(self, st: ReactorState, fault_id: str) -> list[Event]:
        """Activate a fault at the current culture time."""
        ev = super().inject_fault(st, fault_id)
        if not ev:
            return ev
        st.fault_h[fault_id] = st.culture.time_h
        if fault_id == "kla-shortfall":
            st.kla_fault = True
        elif fault_id == "contamination":
            st.bacteria_per_ml = max(st.bacteria_per_ml, 100.0)
        elif fault_id == "ph-probe-drift":
            st.drift_start_h = st.culture.time_h
        return ev

    def finish(self, st: ReactorState) -> list[Event]:
        """End the run by harvesting now."""
        return self._harvest(st)

    # Scene ------------------------------------------------------------------------------

    def scene(self, st: ReactorState) -> Scene:
        """Return the bioreactor, its control panel, trends and results."""
        c = st.culture
        live = not st.finished
        day = c.time_h / 24.0

        def slider(nid: str, label: str, value: float, lo: float, hi: float, step: float,
                   unit: str, x: float, text: str) -> Node:
            return Node(nid, "slider", label, position=(x, 1.1, -0.4),
                        scale=(0.04, 0.25, 0.02), colour="blue", text=text, value=value,
                        unit=unit,
                        affordances=(Affordance("slider", lo, hi, step, unit),) if live else ())

        ph_read = st.ph_true + st.probe_offset
        nodes = [
            Node("vessel", "cylinder", "2 000 L bioreactor", position=(0, 1.2, -1.5),
                 scale=(1.4, 2.4, 1.4), colour="sky_blue",
                 text=f"day {day:.1f}, {c.volume_l:,.0f} L"
                      + (", FOAMING" if st.foam > 0.5 else "")),
            Node("do", "gauge", "Dissolved oxygen", position=(-0.6, 1.7, -0.6),
                 scale=(0.15, 0.15, 0.03),
                 colour="vermillion" if st.do_pct < st.do_set - 5 else "bluish_green",
                 text=f"{st.do_pct:.0f} % (set {st.do_set:.0f} %)", value=round(st.do_pct, 1),
                 unit="%", limits=INDUSTRY["do_pct"]),
            Node("ph", "gauge", "pH (online probe)", position=(-0.3, 1.7, -0.6),
                 scale=(0.15, 0.15, 0.03), colour="bluish_green",
                 text=f"{ph_read:.2f} (set {st.ph_set:.2f})", value=round(ph_read, 2),
                 limits=INDUSTRY["ph"]),
            Node("temp", "gauge", "Temperature", position=(0.0, 1.7, -0.6),
                 scale=(0.15, 0.15, 0.03), colour="bluish_green",
                 text=f"{st.temperature_c:.1f} °C", value=st.temperature_c, unit="°C"),
            Node("foam", "gauge", "Foam level", position=(0.3, 1.7, -0.6),
                 scale=(0.15, 0.15, 0.03),
                 colour="vermillion" if st.foam > 0.5 else "bluish_green",
                 text=f"{st.foam * 100:.0f} % — {'HIGH' if st.foam > 0.5 else 'ok'}",
                 value=round(st.foam * 100), unit="%"),
            Node("vcd_chart", "chart", "Viable cell density (capacitance probe)",
                 position=(-0.8, 2.1, -0.7), scale=(0.8, 0.35, 0.02), colour="bluish_green",
                 text=f"{c.vcd:.1f} million cells/mL", unit="10⁶/mL",
                 series=(tuple(st.chart_vcd),)),
            Node("titre_chart", "chart", "Titre (model soft sensor)",
                 position=(0.8, 2.1, -0.7), scale=(0.8, 0.35, 0.02), colour="orange",
                 text=f"{c.titre_g_l:.2f} g/L", unit="g/L", series=(tuple(st.chart_titre),)),
            slider("feed", "Feed rate", st.feed_pct_per_day, 0.0, 10.0, 0.1, "%/day", -0.7,
                   f"{st.feed_pct_per_day:.1f} % of start volume per day"),
            slider("do_set", "DO set point", st.do_set, 10.0, 80.0, 1.0, "%", -0.5,
                   f"{st.do_set:.0f} % air saturation"),
            slider("ph_set", "pH set point", st.ph_set, 6.5, 7.6, 0.01, "", -0.3,
                   f"pH {st.ph_set:.2f}"),
            slider("temperature", "Temperature set point", st.temperature_c, 30.0, 38.0, 0.1,
                   "°C", -0.1, f"{st.temperature_c:.1f} °C"),
            slider("agitation", "Agitation power", st.agitation_w_m3, 10.0, 150.0, 1.0,
                   "W/m³", 0.1, f"{st.agitation_w_m3:.0f} W/m³"),
            slider("gas", "Sparge gas velocity", st.gas_m_s * 1000.0, 1.0, 10.0, 0.1, "mm/s",
                   0.3, f"{st.gas_m_s * 1000:.1f} mm/s"),
        ]
        press = (Affordance("press"),) if live else ()
        for nid, label, text, x in (
            ("sample", "Take offline sample", "cell count, metabolites, pH, microscopy", 0.5),
            ("antifoam", "Add antifoam", f"{st.antifoam_doses} dose(s) so far", 0.65),
            ("recalibrate", "Recalibrate pH probe", "standardise to the offline pH", 0.8),
            ("harvest", "Harvest", "end the culture and capture", 0.95),
            ("terminate", "Terminate batch", "for contamination", 1.1),
        ):
            nodes.append(Node(nid, "button", label, position=(x, 1.1, -0.4),
                              scale=(0.08, 0.08, 0.03),
                              colour="vermillion" if nid == "terminate" else "grey",
                              text=text, affordances=press))
        if st.samples:
            s = st.samples[-1]
            nodes.append(Node(
                "last_sample", "panel", "Last offline sample", position=(1.2, 1.6, -0.7),
                scale=(0.6, 0.4, 0.02), colour="white",
                text=(f"day {s['day']}: VCD {s['vcd_e6_per_ml']}, viability "
                      f"{s['viability_pct']} %, glucose {s['glucose_mm']} mM, lactate "
                      f"{s['lactate_mm']} mM, titre {s['titre_g_l']} g/L, pH "
                      f"{s['ph_offline']} offline / {s['ph_online']} probe; "
                      f"{s['microscopy']}")))
        if st.finished:
            cap = st.capture
            text = ("terminated: nothing harvested" if st.terminated else
                    "harvest destroyed (contaminated)" if cap is None else
                    f"{st.harvest_titre:.2f} g/L, {cap.cycles} Protein A cycle(s), "
                    f"{cap.mass_recovered_g / 1000:.2f} kg antibody")
            nodes.append(Node("result", "panel", "Batch result", position=(0, 2.5, -0.7),
                              scale=(1.0, 0.3, 0.02), colour="white", text=text))
        status = "finished" if st.finished else f"day {day:.1f} of {DAYS:.0f}"
        return Scene(self.meta.id, nodes, st.caption, st.t, status)

    def scene_key(self, st: ReactorState) -> object:
        """Everything the scene shows, at display precision (see :meth:`scene`)."""
        c = st.culture
        return (f"{c.time_h / 24.0:.1f} {c.volume_l:,.0f}", round(st.do_pct, 1),
                round(st.ph_true + st.probe_offset, 2), st.temperature_c, round(st.foam * 100),
                len(st.chart_vcd), round(c.vcd, 1), round(c.titre_g_l, 2),
                st.feed_pct_per_day, st.do_set, st.ph_set, st.agitation_w_m3, st.gas_m_s,
                st.antifoam_doses, len(st.samples), st.finished, st.caption)

    # Assessment -------------------------------------------------------------------------

    def assess(self, st: ReactorState) -> Assessment:
        """Judge the outcome against industry ranges and the handling of the culture."""
        c = st.culture
        hrs = st.hours or 1.0
        crit: list[Criterion] = []
        contaminated = "contamination" in st.faults
        lo_t = INDUSTRY["titre_g_l"][0]
        if contaminated:
            ok = st.terminated
            crit.append(Criterion(
                "outcome", "Contaminated batch terminated, not harvested", ok,
                "terminated after microscopy showed bacteria" if ok else
                "a contaminated culture was harvested or left running",
                weight=3, critical=True, competencies=("bioprocess-operation",)))
        else:
            titre = st.harvest_titre if st.harvested else c.titre_g_l
            ok = st.harvested and titre >= lo_t
            crit.append(Criterion(
                "titre", "Harvest titre in the industry range (1–10 g/L)", ok,
                f"harvested at {titre:.2f} g/L" if st.harvested else
                f"not harvested (titre so far {titre:.2f} g/L)",
                weight=3, critical=True, competencies=("bioprocess-operation",)))
            via_ok = st.harvested and st.harvest_viability >= 45.0
            crit.append(Criterion(
                "harvest-viability", "Harvested before viability fell below 45 %", via_ok,
                f"viability at harvest {st.harvest_viability:.0f} %" if st.harvested else
                "not harvested",
                weight=1, competencies=("bioprocess-operation",)))
        do_share = st.hours_do_ok / hrs
        crit.append(Criterion(
            "do-control", "Dissolved oxygen at or above 30 %", do_share >= 0.9,
            f"DO ≥ 30 % for {do_share * 100:.0f} % of the culture (need 90 %)",
            weight=2, competencies=("process-control",)))
        ph_share = st.hours_ph_ok / hrs
        crit.append(Criterion(
            "ph-control", "True culture pH within 6.9–7.2", ph_share >= 0.9,
            f"pH in range for {ph_share * 100:.0f} % of the culture (need 90 %)",
            weight=2, competencies=("process-control",)))
        glc_share = st.hours_glc_ok / hrs
        crit.append(Criterion(
            "feeding", "Glucose kept between 1 and 60 mM after day 2", glc_share >= 0.9,
            f"glucose in range for {glc_share * 100:.0f} % of the culture (need 90 %)",
            weight=2, competencies=("bioprocess-operation",)))
        lo_s, hi_s = INDUSTRY["shift_temperature_c"]
        shift_ok = (st.shift_day is not None and st.shift_temp is not None
                    and 3.0 <= st.shift_day <= 9.0 and lo_s <= st.shift_temp <= hi_s)
        crit.append(Criterion(
            "temperature-shift", "Temperature shifted to 31–34 °C between days 3 and 9",
            shift_ok,
            f"shifted to {st.shift_temp:.1f} °C on day {st.shift_day:.1f}"
            if st.shift_day is not None and st.shift_temp is not None else "no shift",
            weight=1, competencies=("bioprocess-operation",)))
        days = max(1.0, st.hours / 24.0)
        need = max(1, math.floor(days / 2.0))
        n_s = len({round(float(s["day"])) for s in st.samples})
        crit.append(Criterion(
            "sampling", "Offline samples at least every two days", n_s >= need,
            f"{n_s} sampling day(s) in {days:.0f} days (need {need})",
            weight=1, competencies=("data-analysis", "quality-testing")))
        for fid, h0 in st.fault_h.items():
            h1 = st.responded.get(fid)
            limit = RESPONSE_H[fid]
            ok = h1 is not None and h1 - h0 <= limit
            crit.append(Criterion(
                f"fault-{fid}", f"Response to fault: {self.meta.fault(fid).title}", ok,
                f"responded after {h1 - h0:.0f} h of culture" if h1 is not None else
                "no correct response",
                weight=1, competencies=("deviation-handling",)))
        details: dict[str, Any] = {
            "day": c.time_h / 24.0,
            "peak_vcd_e6_per_ml": st.peak_vcd,
            "titre_g_l": st.harvest_titre if st.harvested else c.titre_g_l,
            "viability_pct": _viability(c),
            "industry_ranges": {k: list(v) for k, v in INDUSTRY.items()},
            "qp_pg_per_cell_day": (1e12 * c.titre_g_l / (c.ivcd * 1e9) * 24.0
                                   if c.ivcd > 0 else 0.0),
        }
        if st.capture is not None:
            details["protein_a_cycles"] = st.capture.cycles
            details["antibody_recovered_kg"] = st.capture.mass_recovered_g / 1000.0
        return Assessment.from_criteria(self.meta.id, crit, st.t, details=details)

    def snapshot(self, st: ReactorState) -> dict[str, object]:
        """Return key figures for the CLI."""
        c = st.culture
        return {
            "t_s": st.t, "day": c.time_h / 24.0, "finished": st.finished,
            "vcd_e6_per_ml": c.vcd, "viability_pct": _viability(c),
            "glucose_mm": c.glucose_mm, "lactate_mm": c.lactate_mm,
            "ammonia_mm": c.ammonia_mm, "titre_g_l": c.titre_g_l, "volume_l": c.volume_l,
            "do_pct": st.do_pct, "ph_true": st.ph_true, "ph_probe": st.ph_true +
            st.probe_offset, "temperature_c": st.temperature_c, "faults": sorted(st.faults),
            "harvested": st.harvested, "terminated": st.terminated,
        }
