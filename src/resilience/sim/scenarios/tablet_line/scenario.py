"""Paracetamol 500 mg tablet line: set up the press, control it with SPC, release the batch.

The learner sets fill depth, compression force and turret speed on a rotary press and
starts the batch. Every ``ipc_interval`` tablets an in-process check weighs, gauges and
crushes a subgroup of tablets; subgroup means go on an X̄–R chart whose limits come from
the first eight subgroups [1]_, and Nelson rules [2]_ raise alerts. Faults (granule
moisture drift, punch wear, low hopper) change the tablets the way the press model in
:mod:`resilience.sim.scenarios.tablet_line.model` describes. When the batch is complete,
release testing (Ph. Eur. 2.9.5, 2.9.40, 2.9.7, 2.9.1, 2.9.3) decides release or reject.

References
----------
.. [1] Montgomery D. C. *Introduction to Statistical Quality Control*, 7th ed., §6.2.
.. [2] Nelson L. S. The Shewhart control chart — tests for special causes. J Qual Technol
   1984; 16(4): 237-239. (reference/science.md §5)

Examples
--------
Sixteen stations at 40 rpm make 640 tablets a minute; a 575 mg tablet needs a 10.17 mm
fill in a 12 mm die at 0.50 g/cm³ (W = ρ·πd²/4·h, reference/science.md §2):

>>> TabletLine().rate_per_s(TabletLine().start(1, {"speed_rpm": 40})) * 60
640.0
>>> round(m.fill_depth_for_mass(575.0), 2)
10.17
"""

from __future__ import annotations

import random
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
from resilience.sim.scenarios.tablet_line import model as m
from resilience.sim.scene import Affordance, Node, Scene
from resilience.sim.science import quality as q
from resilience.sim.science import solid_dose as sd

__all__ = ["TabletLine", "TabletState"]

STATIONS: Final = 16
"""Punch stations on the turret."""
BASELINE_SUBGROUPS: Final = 8
"""Subgroups used to set the X̄–R control limits (after start or a limit reset)."""
RESPONSE_CHECKS: Final = 3
"""In-process checks allowed between an alert or fault and a corrective action."""
CHANGE_PUNCHES_PRESS_S: Final = 120.0
"""Press time lost changing punches [s]."""
CHART_POINTS: Final = 40
MAX_SEGMENTS: Final = 48
"""Production snapshots kept for sampling release-test tablets across the batch."""
COUNT_STEP: Final = 50
"""The tablet counter is shown to the nearest 50 tablets (fewer patches)."""

CAPTIONS: Final = {
    "setup": ("Set up the press: turn the fill-depth dial for a 575 mg tablet, the force dial "
              "for a breaking force of 80–150 N, and the turret speed. Then press Start."),
    "running": ("The press is running. Watch the in-process checks and the X̄–R chart; "
                "correct the press when a rule fires or a result drifts."),
    "released": "Batch complete: release testing passed. The batch is released.",
    "rejected": "Batch complete: release testing failed. The batch is rejected.",
}


@dataclass(slots=True)
class TabletState(BaseState):
    """State of one tablet-line run."""

    fill_depth_mm: float = 9.0
    force_kn: float = 10.0
    speed_rpm: float = 30.0
    running: bool = False
    produced: float = 0.0
    pause_s: float = 0.0
    hopper: float = 1.0
    wear_start: float | None = None
    moisture_start: float | None = None
    next_check: float = 0.0
    xbars: list[float] = field(default_factory=list)
    ranges: list[float] = field(default_factory=list)
    hardness: list[float] = field(default_factory=list)
    limits: q.XbarRLimits | None = None
    baseline: list[list[float]] = field(default_factory=list)
    baseline_from: int = 0
    alerts: list[Event] = field(default_factory=list)
    alert_open: int | None = None  # check index of the oldest unanswered alert
    unanswered: int = 0
    answered: int = 0
    ipc_masses_in: int = 0
    ipc_masses_all: int = 0
    last_units: list[m.Unit] = field(default_factory=list)
    segments: list[tuple[sd.Tablet, m.Conditions]] = field(default_factory=list)
    seg_count: int = 0
    seg_stride: int = 1
    responded: dict[str, float] = field(default_factory=dict)
    fault_checks: dict[str, int] = field(default_factory=dict)
    deviations: int = 0
    release: m.ReleaseResult | None = None
    settings_log: list[tuple[float, str, float]] = field(default_factory=list)
    cache_key: tuple[float, ...] = ()
    cache: tuple[sd.Tablet, m.Conditions] | None = None


def _dial(nid: str, label: str, value: float, lo: float, hi: float, step: float, unit: str,
          pos: tuple[float, float, float], text: str) -> Node:
    return Node(nid, "dial", label, position=pos, scale=(0.12, 0.12, 0.04), colour="blue",
                text=text, value=value, unit=unit,
                affordances=(Affordance("dial", lo, hi, step, unit),))


class TabletLine(Scenario[TabletState]):
    """Run a paracetamol tablet batch from press set-up to release."""

    meta = ScenarioMeta(
        id="tablet-line",
        title="Tablet line: compress, control and release a paracetamol batch",
        summary=(
            "Set up a rotary tablet press for 500 mg paracetamol tablets, run the batch "
            "with in-process checks and an X̄–R chart, react to drifting granules, wearing "
            "punches and a low hopper, then see whether release testing passes."
        ),
        audiences=("ks4", "post-16", "he", "industry"),
        priority_areas=("data analysis", "digital technology"),
        curriculum=(
            CurriculumTag("gcse-chemistry-rp", "rates",
                          "Required practical: rates of reaction (dissolution rate)"),
            CurriculumTag("a-level-cpac", "CPAC 4", "Makes and records observations"),
            CurriculumTag("btec-applied-science", "quality",
                          "Quality control and testing in manufacturing"),
            CurriculumTag("cfe", "SCN 4-20a",
                          "Topical science: new developments and their applications"),
        ),
        apprenticeships=(
            ApprenticeshipTag("ST0422", "1.0", "Science manufacturing process operative", 2),
            ApprenticeshipTag("ST1406", "1.0", "Science manufacturing technician", 3),
        ),
        competencies=("process-control", "quality-testing", "data-analysis",
                      "gmp-documentation", "deviation-handling"),
        duration_min=20,
        comfort_notes=(
            "Seated or standing at a control panel; no walking needed.",
            "Dials can be set by grabbing and turning, by the keyboard (arrow keys) or by "
            "typing a value.",
            "No time pressure: the batch runs at 10× speed and can be paused.",
        ),
        devices=("vr", "desktop", "touch", "screen-reader"),
        params=(
            ParamSpec("batch_size", "int", 20_000, 2_000, 500_000, "tablets",
                      "Tablets in the batch."),
            ParamSpec("time_scale", "float", 10.0, 1.0, 100.0, "×",
                      "Press seconds per real second."),
            ParamSpec("ipc_interval", "int", 500, 100, 10_000, "tablets",
                      "Tablets between in-process checks."),
            ParamSpec("subgroup_size", "int", 5, 2, 10, "tablets",
                      "Tablets per in-process check (X̄–R subgroup)."),
            ParamSpec("fill_depth_mm", "float", 9.0, 4.0, 16.0, "mm",
                      "Fill depth at the start of the run."),
            ParamSpec("force_kn", "float", 10.0, 0.0, 60.0, "kN",
                      "Main compression force at the start of the run."),
            ParamSpec("speed_rpm", "float", 30.0, 10.0, 80.0, "rpm",
                      "Turret speed at the start of the run."),
        ),
        faults=(
            FaultSpec("moisture-drift", "Granule moisture drift",
                      "The granule lot is wetter than specified and getting wetter: it fills "
                      "the dies less densely, so mass drifts down and disintegration slows. "
                      "Spot the trend on the chart, raise a deviation and correct the fill "
                      "depth."),
            FaultSpec("punch-wear", "Punch wear",
                      "Worn punch tips lose compression force: hardness falls and mass "
                      "scatters more. Change the punches."),
            FaultSpec("low-hopper", "Low hopper",
                      "The feeder to the hopper is blocked and the level falls: mass "
                      "scatters and drops, and an empty hopper starves the dies. Refill."),
        ),
    )

    def start(self, seed: int, params: Mapping[str, object] | None = None) -> TabletState:
        """Return the press at set-up, stopped."""
        p = self.params(params)
        st = TabletState(seed=seed, params=p, rng=random.Random(seed))
        st.fill_depth_mm = float(p["fill_depth_mm"])
        st.force_kn = float(p["force_kn"])
        st.speed_rpm = float(p["speed_rpm"])
        st.next_check = float(p["ipc_interval"])
        st.caption = CAPTIONS["setup"]
        return st

    # Model ------------------------------------------------------------------------------

    def _current(self, st: TabletState) -> tuple[sd.Tablet, m.Conditions]:
        wear = m.wear_after(st.produced - st.wear_start) if st.wear_start is not None else 0.0
        moist = (m.moisture_after(st.produced - st.moisture_start)
                 if st.moisture_start is not None else 0.0)
        key = (st.fill_depth_mm, st.force_kn, st.speed_rpm, round(st.hopper, 3),
               round(wear, 4), round(moist, 3))
        if key != st.cache_key or st.cache is None:
            c = m.conditions(st.fill_depth_mm, st.force_kn, st.speed_rpm, st.hopper, wear,
                             moist)
            st.cache = (m.nominal_tablet(c), c)
            st.cache_key = key
        return st.cache

    def rate_per_s(self, st: TabletState) -> float:
        """Tablets per press second at the current turret speed."""
        return st.speed_rpm * STATIONS / 60.0

    def step(self, st: TabletState, dt: float) -> list[Event]:
        """Advance the press by ``dt`` [s] real time (``time_scale`` × press time)."""
        st.t += dt
        if st.finished or not st.running:
            return []
        press_dt = dt * float(st.params["time_scale"])
        if st.pause_s > 0:
            used = min(st.pause_s, press_dt)
            st.pause_s -= used
            press_dt -= used
            if press_dt <= 0:
                return []
        n = self.rate_per_s(st) * press_dt
        if "low-hopper" in st.faults and "low-hopper" not in st.responded:
            st.hopper = max(0.0, st.hopper - n / 2000.0)
        st.produced += n
        ev: list[Event] = []
        while st.produced >= st.next_check and not st.finished:
            ev.extend(self._check(st))
            st.next_check += float(st.params["ipc_interval"])
            if st.produced >= float(st.params["batch_size"]):
                ev.extend(self._complete(st))
        return ev

    def _check(self, st: TabletState) -> list[Event]:
        nominal, c = self._current(st)
        # Keep at most MAX_SEGMENTS production snapshots spread evenly over the batch:
        # when full, drop every other one and sample half as often.
        st.seg_count += 1
        if st.seg_count % st.seg_stride == 0:
            st.segments.append((nominal, c))
            if len(st.segments) >= MAX_SEGMENTS:
                del st.segments[1::2]
                st.seg_stride *= 2
        units = m.sample_units(st.rng, nominal, c, int(st.params["subgroup_size"]))
        st.last_units = units
        masses = [u.mass_mg for u in units]
        xbar = sum(masses) / len(masses)
        st.xbars.append(xbar)
        st.ranges.append(max(masses) - min(masses))
        st.hardness.append(sum(u.hardness_n for u in units) / len(units))
        lo, hi = m.TARGET_MASS_MG * 0.95, m.TARGET_MASS_MG * 1.05
        st.ipc_masses_all += len(masses)
        st.ipc_masses_in += sum(1 for x in masses if lo <= x <= hi)
        k = len(st.xbars) - 1
        ev: list[Event] = []  # the result itself is on the in-process panel
        for name, v, lo_, hi_ in (("mass", xbar, lo, hi),
                                  ("hardness", st.hardness[-1], *m.HARDNESS_RANGE_N)):
            if not lo_ <= v <= hi_:
                ev.append(self._alert(st, k, "ipc-out-of-spec",
                                      f"In-process {name} {v:.0f} is outside {lo_:.0f}–{hi_:.0f}."))
        if st.limits is None:
            st.baseline.append(masses)
            if len(st.baseline) >= BASELINE_SUBGROUPS:
                st.limits = q.xbar_r_limits(st.baseline)
                st.baseline = []
                ev.append(Event(st.t, "info", "limits-set",
                                f"Control limits set from {BASELINE_SUBGROUPS} subgroups: "
                                f"{st.limits.lcl:.1f}–{st.limits.ucl:.1f} mg."))
        else:
            sigma = (st.limits.ucl - st.limits.centre) / 3.0
            # Nelson rules look back at most 15 points; check the recent window only.
            lo_i = max(st.baseline_from, k - 29)
            if sigma > 0:
                fired = [v for v in q.nelson_rules(st.xbars[lo_i:], st.limits.centre, sigma)
                         if lo_i + v.index == k]
                if fired:
                    rules = sorted({v.rule for v in fired})
                    first = next(v for v in fired if v.rule == rules[0])
                    more = f" (also rule {', '.join(map(str, rules[1:]))})" if rules[1:] else ""
                    ev.append(self._alert(
                        st, k, f"nelson-{rules[0]}",
                        f"Nelson rule {rules[0]}: {first.description}{more}.",
                        rules=rules))
            if st.ranges[-1] > st.limits.r_ucl:
                ev.append(self._alert(st, k, "range-high",
                                      f"Range {st.ranges[-1]:.1f} mg is above the R-chart limit "
                                      f"{st.limits.r_ucl:.1f} mg: mass is scattering."))
        if st.alert_open is not None and k - st.alert_open > RESPONSE_CHECKS:
            st.unanswered += 1
            st.alert_open = None
        return ev

    def _alert(self, st: TabletState, k: int, code: str, message: str,
               rules: list[int] | None = None) -> Event:
        data: dict[str, Any] = {"check": k + 1}
        if rules:
            data["rules"] = rules
        e = Event(st.t, "alert", code, message, data)
        st.alerts.append(e)
        if st.alert_open is None:
            st.alert_open = k
        return e

    def _responded(self, st: TabletState, what: str) -> None:
        st.settings_log.append((st.t, what, st.produced))
        if st.alert_open is not None:
            st.answered += 1
            st.alert_open = None

    def _complete(self, st: TabletState) -> list[Event]:
        st.running = False
        return self._release(st)

    def _release(self, st: TabletState) -> list[Event]:
        if st.release is not None or st.finished:
            return []
        segs = list(st.segments) or [self._current(st)]
        st.release = m.release_tests(st.rng, segs)
        ev = [Event(st.t, "result", name, f"{name.replace('_', ' ')}: {r.reason}",
                    {"passed": r.passed, "stage": r.stage or ""})
              for name, r in st.release.tests.items()]
        st.caption = CAPTIONS["released" if st.release.released else "rejected"]
        verdict = "released" if st.release.released else "rejected: " + "; ".join(
            st.release.reasons())
        ev.append(Event(st.t, "result", "batch-decision", f"Batch {verdict}.",
                        {"released": st.release.released}))
        st.finished = True
        ev.append(Event(st.t, "done", "finished", "The run has ended."))
        return ev

    # Actions ----------------------------------------------------------------------------

    def act(self, st: TabletState, action: Action) -> list[Event]:
        """Apply a learner action (already validated against the scene)."""
        n, v = action.node_id, action.value
        ev: list[Event] = []
        if action.verb == "set" and isinstance(v, float):
            attr = {"fill_depth": "fill_depth_mm", "force": "force_kn",
                    "speed": "speed_rpm"}[n]
            old = getattr(st, attr)
            setattr(st, attr, v)
            if st.running and v != old:
                self._responded(st, n)
                if n == "fill_depth" and "moisture-drift" in st.faults:
                    st.responded.setdefault("moisture-drift", st.t)
            ev.append(Event(st.t, "info", "setting", f"{n.replace('_', ' ')} set to {v:g}."))
            return ev
        if n == "start":
            st.running = not st.running
            st.caption = CAPTIONS["running"] if st.running else "Press paused."
            return [Event(st.t, "caption", "instruction", st.caption)]
        if n == "refill":
            st.hopper = 1.0
            if "low-hopper" in st.faults:
                st.responded.setdefault("low-hopper", st.t)
            self._responded(st, n)
            return [Event(st.t, "info", "refilled", "Hopper refilled; feeder cleared.")]
        if n == "change_punches":
            if "punch-wear" in st.faults and st.wear_start is not None:
                st.responded.setdefault("punch-wear", st.t)
            st.wear_start = None
            st.pause_s += CHANGE_PUNCHES_PRESS_S
            self._responded(st, n)
            return [Event(st.t, "info", "punches-changed",
                          "Punches changed (two minutes of press time).")]
        if n == "deviation":
            st.deviations += 1
            if "moisture-drift" in st.faults:
                st.responded.setdefault("moisture-drift", st.t)
            self._responded(st, n)
            return [Event(st.t, "info", "deviation-raised",
                          "Deviation raised and recorded in the batch record.")]
        if n == "investigate":
            self._responded(st, n)
            return [Event(st.t, "info", "investigated",
                          "Signal investigated and recorded in the batch record.")]
        if n == "reset_limits":
            st.limits = None
            st.baseline = []
            st.baseline_from = len(st.xbars)
            return [Event(st.t, "info", "limits-reset",
                          f"Control limits will be recalculated from the next "
                          f"{BASELINE_SUBGROUPS} checks.")]
        if n == "finish":
            return self.finish(st)
        return ev

    def inject_fault(self, st: TabletState, fault_id: str) -> list[Event]:
        """Activate a fault; its effect grows with the tablets made after it."""
        ev = super().inject_fault(st, fault_id)
        if not ev:
            return ev
        st.fault_checks[fault_id] = len(st.xbars)
        if fault_id == "punch-wear":
            st.wear_start = st.produced
        elif fault_id == "moisture-drift":
            st.moisture_start = st.produced
        return ev

    def finish(self, st: TabletState) -> list[Event]:
        """Stop the batch and run release testing on what was made."""
        if st.finished:
            return []
        st.running = False
        return self._release(st)

    # Scene ------------------------------------------------------------------------------

    def scene(self, st: TabletState) -> Scene:
        """Return the press, its control panel, the SPC charts and the results."""
        nominal, c = self._current(st)
        live = not st.finished
        press = (Affordance("press"),) if live else ()
        nodes = [
            Node("press", "box", "Rotary tablet press (16 stations)",
                 position=(0, 0.9, -1), scale=(0.9, 1.8, 0.9), colour="grey",
                 text=("running" if st.running else "stopped") +
                      (f", {st.speed_rpm:.0f} rpm" if st.running else "")),
            Node("hopper", "gauge", "Hopper level", position=(0.3, 1.7, -1),
                 scale=(0.15, 0.15, 0.05),
                 colour="vermillion" if st.hopper < 0.2 else "bluish_green",
                 text=f"{st.hopper * 100:.0f} % — {'LOW' if st.hopper < 0.2 else 'ok'}",
                 value=round(st.hopper * 100), unit="%", limits=(20.0,)),
            _dial("fill_depth", "Fill depth", st.fill_depth_mm, 4.0, 16.0, 0.05, "mm",
                  (-0.4, 1.2, -0.3), f"{st.fill_depth_mm:.2f} mm"),
            _dial("force", "Main compression force", st.force_kn, 0.0, 60.0, 0.5, "kN",
                  (-0.2, 1.2, -0.3), f"{st.force_kn:.1f} kN"),
            _dial("speed", "Turret speed", st.speed_rpm, 10.0, 80.0, 1.0, "rpm",
                  (0.0, 1.2, -0.3),
                  f"{st.speed_rpm:.0f} rpm = {st.speed_rpm * STATIONS:.0f} tablets/min"),
        ]
        for nid, label, text, x in (
            ("start", "Start / pause", "pause" if st.running else "start", 0.25),
            ("refill", "Refill hopper", "clear feeder and refill", 0.4),
            ("change_punches", "Change punches", "stops the press for 2 min", 0.55),
            ("deviation", "Raise deviation", f"{st.deviations} raised", 0.7),
            ("investigate", "Investigate signal", "check the press and record the cause", 0.78),
            ("reset_limits", "Recalculate control limits", "after a deliberate change", 0.85),
            ("finish", "End batch and test", "run release tests now", 1.0),
        ):
            nodes.append(Node(nid, "button", label, position=(x, 1.2, -0.3),
                              scale=(0.08, 0.08, 0.03),
                              colour="bluish_green" if nid == "start" else "grey",
                              text=text, affordances=press))
        total = float(st.params["batch_size"])
        shown = int(st.produced // COUNT_STEP) * COUNT_STEP
        nodes.append(Node("count", "label", "Tablets made", position=(0.6, 1.6, -1),
                          colour="black",
                          text=f"{shown:,.0f} of {total:,.0f}",
                          value=shown, unit="tablets"))
        lim = st.limits
        limits = (lim.lcl, lim.centre, lim.ucl) if lim else (
            m.TARGET_MASS_MG * 0.95, m.TARGET_MASS_MG, m.TARGET_MASS_MG * 1.05)
        last = st.xbars[-1] if st.xbars else 0.0
        nodes.append(Node(
            "xbar_chart", "chart", "X̄ chart: subgroup mean mass", position=(-1, 1.6, -0.8),
            scale=(0.9, 0.45, 0.02), colour="blue", unit="mg",
            text=(f"latest {last:.1f} mg; limits {limits[0]:.1f}–{limits[2]:.1f} mg"
                  + ("" if lim else " (specification ±5 % until control limits are set)")),
            series=(tuple(st.xbars[-CHART_POINTS:]),), limits=limits))
        r_lim = (lim.r_lcl, lim.r_bar, lim.r_ucl) if lim else ()
        nodes.append(Node(
            "r_chart", "chart", "R chart: subgroup range", position=(-1, 1.1, -0.8),
            scale=(0.9, 0.3, 0.02), colour="orange", unit="mg",
            text=f"latest {st.ranges[-1] if st.ranges else 0:.1f} mg",
            series=(tuple(st.ranges[-CHART_POINTS:]),), limits=r_lim))
        lu = st.last_units
        ipc = ("no check yet" if not lu else
               f"mass {sum(u.mass_mg for u in lu) / len(lu):.1f} mg, "
               f"thickness {sum(u.thickness_mm for u in lu) / len(lu):.2f} mm, "
               f"hardness {sum(u.hardness_n for u in lu) / len(lu):.0f} N")
        nodes.append(Node("ipc", "panel", "Last in-process check", position=(1, 1.6, -0.8),
                          scale=(0.6, 0.3, 0.02), colour="white", text=ipc))
        recent = st.alerts[-3:]
        nodes.append(Node(
            "alerts", "panel", "SPC alerts", position=(1, 1.2, -0.8), scale=(0.6, 0.3, 0.02),
            colour="vermillion" if st.alert_open is not None else "bluish_green",
            text=" | ".join(e.message for e in recent) if recent else "no alerts",
            value=len(st.alerts)))
        if st.release is not None:
            rel = st.release
            nodes.append(Node(
                "release", "panel", "Release testing", position=(0, 1.9, -0.8),
                scale=(1.2, 0.4, 0.02),
                colour="bluish_green" if rel.released else "vermillion",
                text=("RELEASED. " if rel.released else "REJECTED. ") + " | ".join(
                    f"{k.replace('_', ' ')}: {'pass' if r.passed else 'fail'}"
                    for k, r in rel.tests.items())))
        status = ("set-up" if not st.running and not st.produced else
                  "finished" if st.finished else
                  f"{'running' if st.running else 'paused'}: "
                  f"{shown / total * 100:.0f} % of batch")
        del nominal, c
        return Scene(self.meta.id, nodes, st.caption, st.t, status)

    def scene_key(self, st: TabletState) -> object:
        """Everything the scene shows, at display precision (see :meth:`scene`)."""
        return (st.fill_depth_mm, st.force_kn, st.speed_rpm, st.running,
                int(st.produced // COUNT_STEP), round(st.hopper * 100), len(st.xbars),
                st.limits is None, len(st.alerts), st.alert_open, st.deviations,
                st.release is None, st.finished, st.caption)

    # Assessment -------------------------------------------------------------------------

    def assess(self, st: TabletState) -> Assessment:
        """Judge the release decision, in-process control and fault handling."""
        crit: list[Criterion] = []
        rel = st.release
        crit.append(Criterion(
            "release", "Batch passes release testing", bool(rel and rel.released),
            "all five release tests comply" if rel and rel.released else
            "; ".join(rel.reasons()) if rel else "the batch was not completed",
            weight=3, critical=True, competencies=("quality-testing",)))
        share = st.ipc_masses_in / st.ipc_masses_all if st.ipc_masses_all else 0.0
        crit.append(Criterion(
            "mass-control", "Tablet mass within ±5 % of 575 mg in process", share >= 0.95,
            f"{share * 100:.0f} % of in-process tablets within 546–604 mg (need 95 %)",
            weight=2, competencies=("process-control",)))
        lo, hi = m.HARDNESS_RANGE_N
        hard_ok = sum(1 for h in st.hardness if lo <= h <= hi)
        hshare = hard_ok / len(st.hardness) if st.hardness else 0.0
        mean_h = sum(st.hardness) / len(st.hardness) if st.hardness else 0.0
        crit.append(Criterion(
            "hardness", "Breaking force within 80–150 N", hshare >= 0.8,
            f"{hshare * 100:.0f} % of checks within range (need 80 %); mean {mean_h:.0f} N",
            weight=2, competencies=("process-control",)))
        open_now = 1 if st.alert_open is not None else 0
        missed = st.unanswered + open_now
        crit.append(Criterion(
            "spc-response", "Acted on SPC alerts", missed == 0,
            (f"{len(st.alerts)} alert(s), every one followed by a correction"
             if st.alerts else "no alerts fired; the process stayed in control")
            if missed == 0 else
            f"{missed} alert(s) with no correction within {RESPONSE_CHECKS} checks",
            weight=2, competencies=("data-analysis", "process-control")))
        for fid, t0 in st.faults.items():
            t1 = st.responded.get(fid)
            crit.append(Criterion(
                f"fault-{fid}", f"Response to fault: {self.meta.fault(fid).title}",
                t1 is not None,
                f"corrected {t1 - t0:.0f} s after it began" if t1 is not None else
                "not corrected",
                weight=1, competencies=("deviation-handling",)))
        if "moisture-drift" in st.faults:
            crit.append(Criterion(
                "deviation", "Deviation recorded for the out-of-specification granules",
                st.deviations > 0,
                "deviation raised" if st.deviations else
                "no deviation raised for a raw-material problem",
                weight=1, competencies=("gmp-documentation",)))
        details: dict[str, Any] = {
            "produced": round(st.produced),
            "checks": len(st.xbars),
            "alerts": [e.to_json() for e in st.alerts[-20:]],
            "mean_mass_mg": sum(st.xbars) / len(st.xbars) if st.xbars else 0.0,
            "mean_hardness_n": mean_h,
        }
        if rel:
            details["release"] = {k: {"passed": r.passed, "reason": r.reason,
                                      "stage": r.stage} for k, r in rel.tests.items()}
            details["released"] = rel.released
        return Assessment.from_criteria(self.meta.id, crit, st.t, details=details)

    def snapshot(self, st: TabletState) -> dict[str, object]:
        """Return key figures for the CLI."""
        return {
            "t_s": st.t, "finished": st.finished, "running": st.running,
            "fill_depth_mm": st.fill_depth_mm, "force_kn": st.force_kn,
            "speed_rpm": st.speed_rpm, "produced": round(st.produced),
            "hopper_pct": st.hopper * 100, "faults": sorted(st.faults),
            "xbar_mg": st.xbars[-20:], "hardness_n": st.hardness[-20:],
            "released": st.release.released if st.release else None,
        }
