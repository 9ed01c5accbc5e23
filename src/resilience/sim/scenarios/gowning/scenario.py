"""Grade B gowning and cleanroom behaviour (EU GMP Annex 1 §7).

The learner gowns in the Annex 1 order, enters a grade B room, exposes a settle plate
and stoppers a vial in the grade A cabinet, then leaves (a glove print is taken). Every
error that matters is recorded. Inside the room, the learner's head speed (from pose
samples) sets an activity factor, which scales the person's particle and microbe
emission [1]_; a well-mixed room model [2]_ turns that into ≥0.5 µm, ≥5 µm and MCP
concentrations, read by a particle counter as 1-minute samples and judged against the
Annex 1 in-operation limits [3]_.

Modelling assumptions (stated here, used below):

* Gowning errors raise the emission of the gowned person: every contaminated garment worn
  (outside touched, floor contact) multiplies MCP emission by 1.5; a garment sequence
  out of order (hood after coverall, so the hood is not tucked in) multiplies ≥5 µm and
  MCP emission by 1.5; no coverall means indoor-clothing emission [1]_.
* The settle plate is reported as a *projected 4 h plate*: the expected count over 4 h
  at the session's mean airborne MCP concentration (``settle_plate_expected_cfu``), drawn
  from a Poisson distribution with the seeded generator. The active air sample and the
  glove print are drawn the same way.
* An open door to the grade C corridor lets in 10 % of the supply air at the grade C
  in-operation concentrations (with its pressure at 0 Pa instead of +15 Pa).

References
----------
.. [1] Whyte W, Hejab M. Eur J Parenter Pharm Sci 2007; 12(2): 39-46 (reference/science.md §1).
.. [2] Whyte W et al. Eur J Parenter Pharm Sci 2017; 22(4): 126-138 (well-mixed room).
.. [3] EudraLex Vol. 4, EU GMP Annex 1 (2022), Tables 5-6 and §7.

Examples
--------
The grade B in-operation limits the counter is judged against [3]_ (≥0.5 µm, ≥5 µm per
m³; settle plate CFU per 4 h):

>>> LIMIT_P05, LIMIT_P5, LIMIT_PLATE
(352000.0, 2930.0, 5.0)

A still person in cleanroom garments (1 020 000 /min [1]_) in the default room
(80 m³, 60 air changes per hour) settles at G / (N·V):

>>> round(cr.steady_state_concentration(1_020_000.0, 80.0, 60.0))
12750
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

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
    Pose,
    Scenario,
    ScenarioMeta,
)
from resilience.sim.rand import poisson
from resilience.sim.scene import Affordance, Node, Scene
from resilience.sim.science import cleanroom as cr

__all__ = ["STEPS", "GowningState", "GradeBGowning"]

# (step id, node that completes it, short title, caption)
STEPS: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("outer-clothes", "locker", "Outer clothes, jewellery and make-up off",
     "Step 1: take off outer clothes, jewellery and make-up and put them in the locker."),
    ("wash-hands", "sink", "Wash hands",
     "Step 2: wash your hands at the sink."),
    ("facility-garments", "facility_garments", "Facility garments on",
     "Step 3: put on the facility garments (scrubs)."),
    ("disinfect-hands", "hand_rub", "Disinfect hands",
     "Step 4: disinfect your hands with the hand rub."),
    ("inner-gloves", "inner_gloves", "First pair of sterile gloves",
     "Step 5: put on the first pair of sterile, powder-free gloves."),
    ("mask-hood", "hood", "Mask and hood",
     "Step 6: put on the sterile mask, then the hood. Hold them by the inside."),
    ("coverall", "coverall", "Coverall (not touching the floor)",
     "Step 7: put on the coverall by the inside. Do not let it touch the floor. "
     "Tuck the hood into the neck."),
    ("boots", "boots", "Boots across the step-over bench",
     "Step 8: sit on the bench, put on one boot and swing that leg over, then the other. "
     "Tuck the trouser legs in."),
    ("goggles", "goggles", "Goggles",
     "Step 9: put on the sterile goggles."),
    ("outer-gloves", "outer_gloves", "Second gloves over the sleeves",
     "Step 10: put on the second pair of sterile gloves over the coverall sleeves."),
    ("mirror-check", "mirror", "Mirror check",
     "Step 11: check in the mirror: no hair or skin showing, everything tucked in."),
    ("disinfect-gloves", "glove_spray", "Disinfect gloves",
     "Step 12: disinfect your gloves with the sterile alcohol spray."),
)
STEP_IDS: Final = tuple(s[0] for s in STEPS)
_STEP_OF_NODE: Final = {s[1]: i for i, s in enumerate(STEPS)}
_STEP_OF_NODE["mask"] = _STEP_OF_NODE["hood"]
GARMENTS: Final = ("facility_garments", "inner_gloves", "mask", "hood", "coverall", "boots",
                   "goggles", "outer_gloves")
_STERILE_OUTSIDE: Final = frozenset({"mask", "hood", "coverall", "boots", "goggles",
                                     "outer_gloves"})

GRADE_B_TASKS: Final = (
    ("settle-plate", "Expose the settle plate on the marked spot by the cabinet."),
    ("stopper-vial", "At the grade A cabinet, place the stopper on the open vial, reaching "
                     "in from the side: never put your hands between the filter and the vial."),
)

# Layout [m]: gowning room z in (2, 6), grade B room z in (-3, 2), door at z = 2.
CABINET: Final = (0.0, 0.9, -2.3)
#: First-air zone above the open vial (x, y, z min and max) [m].
FIRST_AIR: Final = ((-0.15, 0.93, -2.45), (0.15, 1.7, -2.15))

FAST_SPEED_M_S: Final = 1.0
"""Head speed treated as fast movement (brisk walking is ≥ 1.2 m/s) [m/s]."""
SPEED_TAU_S: Final = 0.5
"""Time constant of the head-speed smoothing [s]."""
SAMPLE_S: Final = 60
"""Particle counter sample length: 1-minute samples (28.3 L/min counter) [s]."""
FAULT_RESPONSE_S: Final = 120.0
"""Time allowed to respond to a fault [s]."""

LIMIT_P05: Final = cr.annex1_particle_limit("B", "in_operation", 0.5) or 352_000.0
LIMIT_P5: Final = cr.annex1_particle_limit("B", "in_operation", 5.0) or 2_930.0
LIMIT_AIR: Final = cr.annex1_microbial_limit("B", "air")
LIMIT_PLATE: Final = cr.annex1_microbial_limit("B", "settle_plate")
LIMIT_GLOVE: Final = cr.annex1_microbial_limit("B", "glove_print")
_C_P05: Final = cr.annex1_particle_limit("C", "in_operation", 0.5) or 3_520_000.0
_C_P5: Final = cr.annex1_particle_limit("C", "in_operation", 5.0) or 29_300.0
_C_MCP: Final = cr.annex1_microbial_limit("C", "air")
_AIR_FAULTS: Final = frozenset({"hvac-air-change-loss", "door-open"})
"""Faults that raise room counts whatever the learner does."""


@dataclass(slots=True)
class GowningState(BaseState):
    """State of one learner's gowning run (see module docstring for the model)."""

    location: str = "gowning"  # "gowning" | "grade-b" | "left"
    done: list[bool] = field(default_factory=lambda: [False] * len(STEPS))
    worn: set[str] = field(default_factory=set)
    holding: str | None = None
    contaminated: set[str] = field(default_factory=set)
    worn_contaminated: set[str] = field(default_factory=set)
    order_penalty: bool = False
    # movement
    speed: float = 0.0
    last_pose_t: float | None = None
    last_head: tuple[float, float, float] | None = None
    last_pose_sim_t: float = 0.0
    fast_armed: bool = True
    first_air_armed: bool = True
    # room air [per m³]
    c05: float = 0.0
    c5: float = 0.0
    cmcp: float = 0.0
    bin_sum: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    bin_t: float = 0.0
    samples05: deque[float] = field(default_factory=lambda: deque(maxlen=SAMPLE_S))
    samples5: deque[float] = field(default_factory=lambda: deque(maxlen=SAMPLE_S))
    samplesmcp: deque[float] = field(default_factory=lambda: deque(maxlen=SAMPLE_S))
    reading05: float = 0.0
    reading5: float = 0.0
    history05: deque[float] = field(default_factory=lambda: deque(maxlen=60))
    over05: bool = False
    over5: bool = False
    excursions: list[Event] = field(default_factory=list)
    time_in_b: float = 0.0
    mcp_integral: float = 0.0
    max05: float = 0.0
    max5: float = 0.0
    # tasks and hygiene
    plate_exposed: bool = False
    vial_stoppered: bool = False
    touches: int = 0
    glove_exposure_s: float = 0.0
    door_open: bool = False
    responded: dict[str, float] = field(default_factory=dict)
    results: dict[str, float] = field(default_factory=dict)
    entered_at: float | None = None


def _handle(st: GowningState, nid: str, grips: tuple[str, ...],
            targets: tuple[str, ...]) -> tuple[Affordance, ...]:
    """Grab it (choosing the grip) and place it on one of ``targets``.

    ``place`` is always offered (clients keep a held object only while it affords
    ``place``); placing without grabbing first counts as holding it by the inside.
    """
    del st, nid
    return (Affordance("grab", options=grips), Affordance("place", options=targets))


def _node_title(node_id: str) -> str:
    return node_id.replace("_", " ")


class GradeBGowning(Scenario[GowningState]):
    """Gown for grade B, work in the room and see what your movement does to the air."""

    meta = ScenarioMeta(
        id="grade-b-gowning",
        title="Gowning for a grade B cleanroom",
        summary=(
            "Gown up in the EU GMP Annex 1 order, walk into a grade B aseptic room and do a "
            "simple task at the grade A cabinet. A live particle counter shows how your "
            "movement and any gowning mistakes change the air; settle plate and glove print "
            "results come at the end."
        ),
        audiences=("ks4", "post-16", "he", "nhs", "industry"),
        priority_areas=("digital technology", "data analysis"),
        curriculum=(
            CurriculumTag("gcse-biology-rp", "microbiology",
                          "Required practical: microbiology and aseptic technique"),
            CurriculumTag("gcse-at", "AT4",
                          "Apparatus and techniques: safe and ethical use of living organisms"),
            CurriculumTag("a-level-cpac", "CPAC 3",
                          "Safely uses a range of practical equipment and materials"),
            CurriculumTag("cfe", "SCN 4-13c",
                          "Micro-organisms and how their growth can be controlled"),
            CurriculumTag("t-level-science", "core", "T Level Science: good practice in "
                          "scientific work (GMP, aseptic working)"),
        ),
        apprenticeships=(
            ApprenticeshipTag("ST1406", "1.0", "Science manufacturing technician "
                              "(aseptic pharmaceuticals option)", 3),
            ApprenticeshipTag("ST0422", "1.0", "Science manufacturing process operative", 2),
        ),
        competencies=("gowning", "aseptic-technique", "environmental-monitoring",
                      "deviation-handling", "data-analysis"),
        duration_min=15,
        comfort_notes=(
            "Seated or standing; the room is small (about 5 m walk) and you can teleport "
            "with the controller or the keyboard instead of walking.",
            "Slow, deliberate movement is what the scenario rewards; there is no time "
            "pressure and no sudden motion or flashing.",
            "Reaching: the cabinet work surface is at 0.9 m; seated users can raise it.",
        ),
        devices=("vr", "desktop", "touch", "screen-reader"),
        params=(
            ParamSpec("room_volume_m3", "float", 80.0, 20.0, 500.0, "m³",
                      "Volume of the grade B room."),
            ParamSpec("air_changes_per_h", "float", 60.0, 10.0, 120.0, "1/h",
                      "Design supply air changes per hour of the grade B room."),
            ParamSpec("room_pressure_pa", "float", 15.0, 10.0, 30.0, "Pa",
                      "Design pressure difference to the grade C corridor."),
            ParamSpec("show_counts", "bool", True, description=(
                "Show the live particle counter and chart to the learner.")),
        ),
        faults=(
            FaultSpec("hvac-air-change-loss", "Loss of air changes",
                      "The supply fan fails to 20 % of the design flow: particle counts "
                      "climb even when you stand still. Stop work and raise the alarm."),
            FaultSpec("door-open", "Door left open / pressure cascade lost",
                      "The door to the grade C corridor is ajar; the pressure gauge drops to "
                      "0 Pa and dirtier air flows in. Close the door."),
            FaultSpec("torn-glove", "Torn outer glove",
                      "A small tear in the outer glove exposes the inner glove. Change the "
                      "outer glove at the glove station and disinfect."),
        ),
    )

    # Contract ---------------------------------------------------------------------------

    def start(self, seed: int, params: Mapping[str, object] | None = None) -> GowningState:
        """Return the state at the changing-room door."""
        import random

        p = self.params(params)
        st = GowningState(seed=seed, params=p, rng=random.Random(seed))
        st.caption = STEPS[0][3]
        return st

    def _ach(self, st: GowningState) -> float:
        """Air changes per hour now: 20 % of design while the fan has failed (the alarm
        stops work but does not mend the fan)."""
        ach = float(st.params["air_changes_per_h"])
        return 0.2 * ach if "hvac-air-change-loss" in st.faults else ach

    def step(self, st: GowningState, dt: float) -> list[Event]:
        """Advance the room air by ``dt`` [s]; flag 1-minute samples over the limits."""
        if st.finished:
            return []
        st.t += dt
        ev: list[Event] = []
        # Head speed decays when no pose arrives (a still learner sends few poses).
        if st.t - st.last_pose_sim_t > 0.2:
            st.speed *= math.exp(-dt / SPEED_TAU_S)
        if st.location != "grade-b":
            return ev
        st.time_in_b += dt
        st.glove_exposure_s += dt
        vol = float(st.params["room_volume_m3"])
        ach = self._ach(st)
        stopped = "hvac-air-change-loss" in st.responded
        factor = 1.0 if stopped else cr.activity_factor_for_speed(st.speed)
        garment = "cleanroom" if "coverall" in st.worn else "indoor"
        mcp_mult = 1.5 ** len(st.worn_contaminated)
        p5_mult = 1.5 if st.order_penalty else 1.0
        g05 = cr.person_emission_per_min("p05", garment, factor)
        g5 = cr.person_emission_per_min("p5", garment, factor) * p5_mult
        gm = cr.person_emission_per_min("mcp", garment, factor) * mcp_mult * p5_mult
        if st.door_open:
            # 10 % of the supply flow from grade C, as a source term [particles/min].
            q_in = 0.1 * float(st.params["air_changes_per_h"]) * vol / 60.0
            g05 += q_in * _C_P05
            g5 += q_in * _C_P5
            gm += q_in * _C_MCP
        st.c05 = cr.room_concentration_step(st.c05, g05, vol, ach, dt)
        st.c5 = cr.room_concentration_step(st.c5, g5, vol, ach, dt)
        st.cmcp = cr.room_concentration_step(st.cmcp, gm, vol, ach, dt)
        st.mcp_integral += st.cmcp * dt
        s = st.bin_sum
        s[0] += st.c05 * dt
        s[1] += st.c5 * dt
        s[2] += st.cmcp * dt
        st.bin_t += dt
        if st.bin_t >= 1.0 - 1e-9:
            st.samples05.append(s[0] / st.bin_t)
            st.samples5.append(s[1] / st.bin_t)
            st.samplesmcp.append(s[2] / st.bin_t)
            st.bin_sum = [0.0, 0.0, 0.0]
            st.bin_t = 0.0
            # A 1-minute sample: the mean over the last minute (shorter at first).
            st.reading05 = sum(st.samples05) / len(st.samples05)
            st.reading5 = sum(st.samples5) / len(st.samples5)
            st.history05.append(st.reading05)
            st.max05 = max(st.max05, st.reading05)
            st.max5 = max(st.max5, st.reading5)
            ev.extend(self._check_limits(st))
        return ev

    def _check_limits(self, st: GowningState) -> list[Event]:
        ev: list[Event] = []
        for size, reading, limit, attr in (
            ("≥0.5 µm", st.reading05, LIMIT_P05, "over05"),
            ("≥5 µm", st.reading5, LIMIT_P5, "over5"),
        ):
            over = reading > limit
            if over and not getattr(st, attr):
                e = Event(
                    st.t, "excursion", "particle-excursion",
                    f"Particle counter: {size} count {reading:,.0f}/m³ is above the grade B "
                    f"in-operation limit of {limit:,.0f}/m³. Stop, stand still and let the "
                    "room recover.",
                    {"size": size, "count_per_m3": round(reading), "limit_per_m3": limit,
                     "faults": sorted(f for f in st.faults if f in _AIR_FAULTS)},
                )
                st.excursions.append(e)
                ev.append(e)
            elif not over and getattr(st, attr):
                ev.append(Event(st.t, "info", "particle-recovered",
                                f"{size} count is back below the grade B limit."))
            setattr(st, attr, over)
        return ev

    def _error(self, st: GowningState, code: str, message: str, **data: object) -> Event:
        e = Event(st.t, "error", code, message, dict(data))
        st.errors.append(e)
        return e

    def pose(self, st: GowningState, pose: Pose) -> list[Event]:
        """Update head speed (and check hands against first air) from a pose sample."""
        ev: list[Event] = []
        if st.last_head is not None and st.last_pose_t is not None:
            dtp = pose.t - st.last_pose_t
            if dtp > 1e-3:
                d = math.dist(pose.head, st.last_head)
                v = d / dtp
                a = 1.0 - math.exp(-dtp / SPEED_TAU_S)
                st.speed += a * (v - st.speed)
        st.last_head = pose.head
        st.last_pose_t = pose.t
        st.last_pose_sim_t = st.t
        if st.finished:
            return ev
        if st.speed > FAST_SPEED_M_S and st.fast_armed:
            st.fast_armed = False
            ev.append(self._error(
                st, "fast-movement",
                f"You are moving fast ({st.speed:.1f} m/s). Move slowly and deliberately: fast "
                "movement sheds many more particles from your gown.",
                speed_m_s=round(st.speed, 2), location=st.location))
        elif st.speed < 0.5 * FAST_SPEED_M_S:
            st.fast_armed = True
        if st.location == "grade-b":
            lo, hi = FIRST_AIR
            inside = any(
                h is not None and all(lo[i] <= h[i] <= hi[i] for i in range(3))
                for h in (pose.left, pose.right)
            )
            if inside and st.first_air_armed and not st.vial_stoppered:
                st.first_air_armed = False
                ev.append(self._first_air(st))
            elif not inside:
                st.first_air_armed = True
        return ev

    def _first_air(self, st: GowningState) -> Event:
        return self._error(
            st, "first-air-break",
            "Your hand came between the filter and the open vial, breaking first air. "
            "Reach in from the side and keep your hands below and beside the critical zone.")

    def _do_step(self, st: GowningState, i: int) -> list[Event]:
        ev: list[Event] = []
        if st.done[i]:
            return ev
        missing = [STEPS[j][2] for j in range(i) if not st.done[j]]
        if missing:
            ev.append(self._error(
                st, "wrong-order",
                f"Wrong order: '{STEPS[i][2]}' before '{missing[0]}'. The Annex 1 sequence "
                "goes from dirtier to cleaner, so each step protects the next.",
                step=STEP_IDS[i], missing=missing))
            if STEP_IDS[i] in ("mask-hood",) and st.done[STEP_IDS.index("coverall")]:
                st.order_penalty = True
        st.done[i] = True
        nxt = next((s for k, s in enumerate(STEPS) if not st.done[k]), None)
        st.caption = nxt[3] if nxt else (
            "Gowning complete. Press the door to enter the grade B room, and move slowly.")
        ev.append(Event(st.t, "caption", "instruction", st.caption))
        return ev

    def act(self, st: GowningState, action: Action) -> list[Event]:
        """Apply a learner action (already validated against the scene)."""
        n, verb, value = action.node_id, action.verb, action.value
        ev: list[Event] = []
        if verb == "grab":
            st.holding = n
            if n in GARMENTS and value == "outside" and n in _STERILE_OUTSIDE:
                st.contaminated.add(n)
                ev.append(self._error(
                    st, "touched-outside",
                    f"You touched the outside of the {_node_title(n)}. Its outer surface must "
                    "stay sterile: hold it by the inside. Put it in the bin and take a new one.",
                    garment=n))
            if n == "stopper" and value == "over_vial":
                ev.append(self._first_air(st))
            return ev
        if verb == "place":
            target = str(value)
            st.holding = None
            if target == "floor":
                st.contaminated.add(n)
                ev.append(self._error(
                    st, "floor-contact",
                    f"The {_node_title(n)} touched the floor. It is no longer sterile: put it "
                    "in the bin and take a new one.", garment=n))
                return ev
            if target == "bin":
                if n in st.contaminated:
                    st.contaminated.discard(n)
                    ev.append(Event(st.t, "info", "garment-replaced",
                                    f"Good: the {_node_title(n)} was discarded and replaced."))
                return ev
            if target == "body" and n in GARMENTS:
                st.worn.add(n)
                if n in st.contaminated:
                    st.worn_contaminated.add(n)
                    ev.append(self._error(
                        st, "contaminated-garment-worn",
                        f"You put on a {_node_title(n)} that is no longer sterile.", garment=n))
                i = _STEP_OF_NODE[n]
                if n in ("mask", "hood"):
                    if {"mask", "hood"} <= st.worn:
                        ev.extend(self._do_step(st, i))
                    return ev
                ev.extend(self._do_step(st, i))
                return ev
            if n == "settle_plate" and target == "plate_spot":
                st.plate_exposed = True
                ev.append(Event(st.t, "info", "plate-exposed",
                                "Settle plate exposed, lid off, agar facing up."))
                return ev
            if n == "stopper" and target == "vial":
                st.vial_stoppered = True
                ev.append(Event(st.t, "info", "vial-stoppered", "Vial stoppered."))
                return ev
            return ev
        if verb == "press":
            return self._press(st, n)
        return ev

    def _press(self, st: GowningState, n: str) -> list[Event]:
        ev: list[Event] = []
        if n in _STEP_OF_NODE:
            i = _STEP_OF_NODE[n]
            if n == "glove_spray":
                st.glove_exposure_s = 0.0
                st.touches = 0
            return self._do_step(st, i)
        if n == "door_b":
            if st.location == "gowning":
                return self._enter(st)
            if st.door_open:
                st.door_open = False
                st.responded.setdefault("door-open", st.t)
                ev.append(Event(st.t, "info", "door-closed",
                                "Door closed; the pressure cascade is restored."))
            return ev
        if n == "alarm":
            if "hvac-air-change-loss" in st.faults:
                st.responded.setdefault("hvac-air-change-loss", st.t)
                ev.append(Event(st.t, "info", "alarm-raised",
                                "Alarm raised and work stopped: the right response to an "
                                "HVAC failure. Stand still until engineering restores the air."))
            else:
                ev.append(Event(st.t, "info", "alarm-raised", "Alarm raised (no fault active)."))
            return ev
        if n == "glove_spray_b":
            st.glove_exposure_s = 0.0
            st.touches = 0
            ev.append(Event(st.t, "info", "gloves-disinfected", "Gloves disinfected."))
            return ev
        if n == "glove_station":
            if "torn-glove" in st.faults:
                st.responded.setdefault("torn-glove", st.t)
            st.glove_exposure_s = 0.0
            st.touches = 0
            ev.append(Event(st.t, "info", "gloves-changed",
                            "Outer gloves changed and disinfected."))
            return ev
        if n == "wall":
            st.touches += 1
            ev.append(self._error(st, "non-sterile-touch",
                                  "You touched a non-sterile surface with your gloves. "
                                  "Disinfect them before going on."))
            return ev
        if n == "finish":
            return self.finish(st)
        return ev

    def _enter(self, st: GowningState) -> list[Event]:
        ev: list[Event] = []
        skipped = [i for i, d in enumerate(st.done) if not d]
        for i in skipped:
            code = "skipped-disinfection" if STEP_IDS[i].startswith("disinfect") else "skipped-step"
            ev.append(self._error(st, code, f"You entered without: {STEPS[i][2]}.",
                                  step=STEP_IDS[i]))
        if not st.done[STEP_IDS.index("disinfect-gloves")]:
            # Gloves carry what they touched while gowning (about ten contacts).
            st.touches += 10
        if st.contaminated & st.worn - st.worn_contaminated:
            st.worn_contaminated |= st.contaminated & st.worn
        st.location = "grade-b"
        st.entered_at = st.t
        st.caption = ("You are in grade B. " + GRADE_B_TASKS[0][1] + " Then: "
                      + GRADE_B_TASKS[1][1] + " Press 'finish' at the exit when done.")
        ev.append(Event(st.t, "caption", "instruction", st.caption))
        return ev

    def inject_fault(self, st: GowningState, fault_id: str) -> list[Event]:
        """Activate a fault (see ``meta.faults``)."""
        ev = super().inject_fault(st, fault_id)
        if ev and fault_id == "door-open":
            st.door_open = True
        return ev

    def finish(self, st: GowningState) -> list[Event]:
        """Leave the room; read the settle plate, air sample and glove print."""
        if st.finished:
            return []
        ev: list[Event] = []
        mean_mcp = st.mcp_integral / st.time_in_b if st.time_in_b > 0 else 0.0
        plate_exp = cr.settle_plate_expected_cfu(mean_mcp, 4.0)
        torn = "torn-glove" in st.faults and "torn-glove" not in st.responded
        glove_exp = cr.glove_print_expected_cfu(
            st.cmcp, st.glove_exposure_s / 60.0, st.touches) + (8.0 if torn else 0.0)
        air = poisson(st.rng, mean_mcp)  # 1 m³ active air sample
        plate = poisson(st.rng, plate_exp) if st.plate_exposed else 0
        glove = poisson(st.rng, glove_exp) if st.location == "grade-b" else 0
        st.results = {
            "mean_mcp_per_m3": mean_mcp,
            "air_cfu_per_m3": float(air),
            "settle_plate_expected_cfu": plate_exp,
            "settle_plate_cfu": float(plate),
            "glove_print_expected_cfu": glove_exp,
            "glove_print_cfu": float(glove),
        }
        for name, got, limit in (("Active air sample", air, LIMIT_AIR),
                                 ("Settle plate (projected 4 h)", plate, LIMIT_PLATE),
                                 ("Glove print", glove, LIMIT_GLOVE)):
            verdict = "within" if got <= limit else "above"
            ev.append(Event(st.t, "result", "em-result",
                            f"{name}: {got} CFU, {verdict} the grade B limit of {limit:g}.",
                            {"name": name, "cfu": got, "limit": limit}))
        st.location = "left"
        ev.extend(super().finish(st))
        st.caption = "Run finished. See your results."
        return ev

    # Scene ------------------------------------------------------------------------------

    def scene(self, st: GowningState) -> Scene:
        """Return the gowning room, the grade B room and their instruments."""
        nodes: list[Node] = []
        press = (Affordance("press"),)
        in_gowning = st.location == "gowning"
        in_b = st.location == "grade-b"
        for k, (_sid, nid, title, _cap) in enumerate(STEPS):
            done = st.done[k]
            x = -2.5 + 0.45 * k
            aff = _handle(st, nid, ("inside", "outside"), ("body", "floor", "bin")) \
                if nid in GARMENTS else press
            nodes.append(Node(
                nid, "box", title, position=(x, 1.0, 5.5), scale=(0.35, 0.35, 0.2),
                colour="bluish_green" if done else "sky_blue",
                text=("done" if done else "in your hands" if st.holding == nid else "to do")
                + (", not sterile" if nid in st.contaminated else ""),
                affordances=aff if in_gowning and not (done and nid in GARMENTS) else (),
            ))
        mask_worn = "mask" in st.worn
        nodes.append(Node(
            "mask", "box", "Sterile mask", position=(0.2, 1.0, 5.5), scale=(0.2, 0.1, 0.1),
            colour="bluish_green" if mask_worn else "sky_blue",
            text=("worn" if mask_worn else "in your hands" if st.holding == "mask"
                  else "on the rack") + (", not sterile" if "mask" in st.contaminated else ""),
            affordances=_handle(st, "mask", ("inside", "outside"), ("body", "floor", "bin"))
            if in_gowning and not mask_worn else (),
        ))
        nodes.append(Node("bin", "cylinder", "Waste bin", position=(2.6, 0.3, 5.5),
                          scale=(0.4, 0.6, 0.4), colour="grey", text="for discarded garments"))
        nodes.append(Node("floor", "plane", "Floor", position=(0.0, 0.0, 0.0),
                          scale=(6.0, 1.0, 9.0), colour="white", text="not sterile"))
        nodes.append(Node("body", "zone", "You", position=(0.0, 1.0, 4.5),
                          scale=(0.6, 1.8, 0.6), colour="grey",
                          text="wearing: " + (", ".join(sorted(st.worn)) or "own clothes"),
                          affordances=(Affordance("zone"),)))
        nodes.append(Node("bench", "box", "Step-over bench", position=(0.0, 0.45, 2.6),
                          scale=(3.0, 0.45, 0.4), colour="grey",
                          text="dirty side / clean side line"))
        door_text = ("open: pressure lost" if st.door_open else
                     "enter grade B" if in_gowning else "closed")
        nodes.append(Node("door_b", "box", "Door to grade B", position=(0.0, 1.0, 2.0),
                          scale=(1.0, 2.0, 0.05),
                          colour="vermillion" if st.door_open else "blue", text=door_text,
                          affordances=press if not st.finished else ()))
        pressure = 0.0 if st.door_open else float(st.params["room_pressure_pa"])
        nodes.append(Node("pressure", "gauge", "Room pressure to corridor",
                          position=(1.2, 1.8, 2.0), scale=(0.2, 0.2, 0.05),
                          colour="vermillion" if pressure < 10 else "bluish_green",
                          text=f"{pressure:.0f} Pa ({'LOW' if pressure < 10 else 'OK'})",
                          value=pressure, unit="Pa", limits=(10.0,)))
        # Grade B room
        nodes.append(Node("plate_spot", "zone", "Settle plate spot",
                          position=(0.6, 0.9, -2.0), scale=(0.1, 0.01, 0.1),
                          colour="yellow", text="exposed" if st.plate_exposed else "empty",
                          affordances=(Affordance("zone"),)))
        nodes.append(Node("settle_plate", "cylinder", "Settle plate (90 mm)",
                          position=(1.5, 0.9, 0.5), scale=(0.09, 0.015, 0.09),
                          colour="yellow",
                          text="exposed" if st.plate_exposed else "lid on",
                          affordances=_handle(st, "settle_plate", (), ("plate_spot", "floor"))
                          if in_b and not st.plate_exposed else ()))
        nodes.append(Node("cabinet", "box", "Grade A cabinet (first air from above)",
                          position=CABINET, scale=(1.2, 0.05, 0.7), colour="blue",
                          text="unidirectional airflow, grade A"))
        nodes.append(Node("first_air", "zone", "First air: keep hands out",
                          position=(0.0, 1.3, -2.3), scale=(0.3, 0.77, 0.3),
                          colour="reddish_purple", text="critical zone above the open vial"))
        nodes.append(Node("vial", "cylinder", "Open vial",
                          position=(0.0, 0.95, -2.3), scale=(0.03, 0.06, 0.03),
                          colour="bluish_green" if st.vial_stoppered else "orange",
                          text="stoppered" if st.vial_stoppered else "open"))
        nodes.append(Node("stopper", "cylinder", "Sterile stopper",
                          position=(0.35, 0.95, -2.3), scale=(0.02, 0.01, 0.02), colour="grey",
                          text="on the vial" if st.vial_stoppered else "in the bowl",
                          affordances=_handle(st, "stopper", ("from_side", "over_vial"),
                                              ("vial", "floor"))
                          if in_b and not st.vial_stoppered else ()))
        for nid, label, pos, text in (
            ("alarm", "Alarm: stop work", (-2.5, 1.5, -0.5), "press to raise the alarm"),
            ("glove_station", "Glove station", (-2.5, 1.0, 1.0), "change outer gloves"),
            ("wall", "Wall (not sterile)", (2.9, 1.2, -1.0), "do not touch"),
            ("finish", "Exit and finish", (1.0, 1.0, 1.8), "leave and take a glove print"),
        ):
            nodes.append(Node(nid, "button", label, position=pos, scale=(0.15, 0.15, 0.05),
                              colour="vermillion" if nid == "alarm" else "grey", text=text,
                              affordances=press if in_b else ()))
        nodes.append(Node("glove_spray_b", "button", "Glove disinfectant (in room)",
                          position=(-2.5, 1.0, 0.0), scale=(0.1, 0.2, 0.1), colour="sky_blue",
                          text="sterile 70 % alcohol", affordances=press if in_b else ()))
        show = bool(st.params["show_counts"])
        r05, r5 = st.reading05, st.reading5
        nodes.append(Node(
            "counter_05", "gauge", "Particle counter ≥0.5 µm (1-min sample)",
            position=(-1.5, 1.8, -2.9), scale=(0.3, 0.3, 0.05),
            colour="vermillion" if r05 > LIMIT_P05 else "bluish_green",
            text=f"{r05:,.0f} per m³ — {'ABOVE' if r05 > LIMIT_P05 else 'within'} limit "
                 f"{LIMIT_P05:,.0f}",
            value=r05, unit="/m³", limits=(LIMIT_P05,), visible=show))
        nodes.append(Node(
            "counter_5", "gauge", "Particle counter ≥5 µm (1-min sample)",
            position=(-0.9, 1.8, -2.9), scale=(0.3, 0.3, 0.05),
            colour="vermillion" if r5 > LIMIT_P5 else "bluish_green",
            text=f"{r5:,.0f} per m³ — {'ABOVE' if r5 > LIMIT_P5 else 'within'} limit "
                 f"{LIMIT_P5:,.0f}",
            value=r5, unit="/m³", limits=(LIMIT_P5,), visible=show))
        nodes.append(Node(
            "counter_chart", "chart", "≥0.5 µm counts, last minute (1 point per second)",
            position=(-1.2, 1.3, -2.9), scale=(0.8, 0.4, 0.05), colour="blue",
            text=f"latest {r05:,.0f}/m³, limit {LIMIT_P05:,.0f}/m³",
            series=(tuple(st.history05),), limits=(LIMIT_P05,), unit="/m³", visible=show))
        nodes.append(Node(
            "speed", "gauge", "Your movement speed", position=(0.0, 2.2, 1.9),
            scale=(0.2, 0.2, 0.05),
            colour="vermillion" if st.speed > FAST_SPEED_M_S else "bluish_green",
            text=f"{st.speed:.1f} m/s — {'too fast' if st.speed > FAST_SPEED_M_S else 'ok'}",
            value=round(st.speed, 1), unit="m/s", limits=(FAST_SPEED_M_S,)))
        if st.results:
            r = st.results
            nodes.append(Node(
                "results", "panel", "Environmental monitoring results",
                position=(0.0, 1.6, 1.9), scale=(1.0, 0.6, 0.02), colour="white",
                text=(f"Air {r['air_cfu_per_m3']:.0f} CFU/m³ (limit {LIMIT_AIR:g}); "
                      f"settle plate {r['settle_plate_cfu']:.0f} CFU/4 h (limit "
                      f"{LIMIT_PLATE:g}); glove print {r['glove_print_cfu']:.0f} CFU "
                      f"(limit {LIMIT_GLOVE:g})")))
        n_done = sum(st.done)
        status = (f"gowning: {n_done} of {len(STEPS)} steps" if in_gowning else
                  "in grade B" if in_b else "finished")
        return Scene("grade-b-gowning", nodes, st.caption, st.t, status)

    def scene_key(self, st: GowningState) -> object:
        """Everything the scene shows, at display precision (see :meth:`scene`)."""
        return (st.location, st.holding, tuple(st.done), frozenset(st.worn),
                frozenset(st.contaminated),
                st.door_open, st.plate_exposed, st.vial_stoppered, st.reading05, st.reading5,
                len(st.history05), round(st.speed, 1), bool(st.results), st.finished,
                st.caption)

    # Assessment -------------------------------------------------------------------------

    def assess(self, st: GowningState) -> Assessment:
        """Judge gowning, behaviour in the room and the monitoring results."""
        codes = [e.code for e in st.errors]
        crit: list[Criterion] = []
        order = [e for e in st.errors if e.code in ("wrong-order", "skipped-step")]
        crit.append(Criterion(
            "gowning-order", "Annex 1 gowning order", not order and all(st.done),
            "all 12 steps in order" if not order and all(st.done) else
            "; ".join(e.message for e in order[:3]) or "gowning was not completed",
            weight=2, critical=True, competencies=("gowning",)))
        handling = [e for e in st.errors if e.code in ("touched-outside", "floor-contact")]
        worn_bad = sorted(st.worn_contaminated)
        crit.append(Criterion(
            "garment-handling", "Garments handled without contaminating them",
            not worn_bad,
            ("no garment touched on the outside or dropped" if not handling else
             f"{len(handling)} handling error(s), each garment discarded and replaced")
            if not worn_bad else
            "you wore " + ", ".join(_node_title(g) for g in worn_bad) +
            " after touching the outside or the floor",
            weight=2, critical=True, competencies=("gowning", "aseptic-technique")))
        disinf = [e for e in st.errors if e.code == "skipped-disinfection"]
        crit.append(Criterion(
            "disinfection", "Hands and gloves disinfected",
            not disinf and st.done[3] and st.done[11],
            "hands disinfected before gloving and gloves before entry" if not disinf
            else "skipped: " + ", ".join(str(e.data.get("step")) for e in disinf),
            weight=2, critical=True, competencies=("aseptic-technique",)))
        fast = codes.count("fast-movement")
        crit.append(Criterion(
            "movement", "Slow, deliberate movement", fast == 0,
            "never above 1 m/s" if fast == 0 else
            f"moved faster than 1 m/s {fast} time(s)",
            weight=1, competencies=("aseptic-technique",)))
        fa = codes.count("first-air-break")
        crit.append(Criterion(
            "first-air", "First air kept clear", fa == 0,
            "hands never between the filter and the open vial" if fa == 0 else
            f"first air broken {fa} time(s)",
            weight=2, critical=True, competencies=("aseptic-technique",)))
        own = [e for e in st.excursions if not e.data.get("faults")]
        crit.append(Criterion(
            "particles", "Particle counts within grade B in-operation limits",
            st.time_in_b > 0 and not own,
            (f"highest 1-min samples {st.max05:,.0f}/m³ ≥0.5 µm and {st.max5:,.0f}/m³ ≥5 µm"
             if not own else
             f"{len(own)} excursion(s) caused by movement or gowning; highest "
             f"{st.max05:,.0f}/m³ ≥0.5 µm (limit {LIMIT_P05:,.0f}), {st.max5:,.0f}/m³ ≥5 µm "
             f"(limit {LIMIT_P5:,.0f})") if st.time_in_b > 0 else "never entered the room",
            weight=2, competencies=("environmental-monitoring", "data-analysis")))
        r = st.results
        if r:
            bad = [n for n, k, lim in (("air", "air_cfu_per_m3", LIMIT_AIR),
                                       ("settle plate", "settle_plate_cfu", LIMIT_PLATE),
                                       ("glove print", "glove_print_cfu", LIMIT_GLOVE))
                   if r[k] > lim]
            crit.append(Criterion(
                "microbiology", "Microbial monitoring within grade B limits", not bad,
                (f"air {r['air_cfu_per_m3']:.0f}, plate {r['settle_plate_cfu']:.0f}, glove "
                 f"{r['glove_print_cfu']:.0f} CFU" if not bad else
                 "above the limit: " + ", ".join(bad)),
                weight=2, competencies=("environmental-monitoring",)))
        else:
            crit.append(Criterion("microbiology", "Microbial monitoring within grade B limits",
                                  False, "the run did not finish, so no plates were read",
                                  weight=2))
        tasks_ok = st.plate_exposed and st.vial_stoppered
        crit.append(Criterion(
            "tasks", "Tasks in the grade B room", tasks_ok,
            "settle plate exposed and vial stoppered" if tasks_ok else
            "not done: " + ", ".join(
                t for t, d in (("settle plate", st.plate_exposed),
                               ("stopper the vial", st.vial_stoppered)) if not d),
            weight=1, competencies=("aseptic-technique",)))
        for fid, t0 in st.faults.items():
            t1 = st.responded.get(fid)
            ok = t1 is not None and t1 - t0 <= FAULT_RESPONSE_S
            title = self.meta.fault(fid).title
            crit.append(Criterion(
                f"fault-{fid}", f"Response to fault: {title}", ok,
                f"responded after {t1 - t0:.0f} s" if ok and t1 is not None else
                f"no correct response within {FAULT_RESPONSE_S:.0f} s" if t1 is None else
                f"responded after {t1 - t0:.0f} s (allowed {FAULT_RESPONSE_S:.0f} s)",
                weight=1, competencies=("deviation-handling",)))
        details = {"errors": [e.to_json() for e in st.errors],
                   "max_p05_per_m3": st.max05, "max_p5_per_m3": st.max5,
                   "time_in_grade_b_s": st.time_in_b, **st.results}
        return Assessment.from_criteria(self.meta.id, crit, st.t, details=details)

    def snapshot(self, st: GowningState) -> dict[str, object]:
        """Return key figures for the CLI."""
        return {
            "t_s": st.t, "location": st.location, "finished": st.finished,
            "steps_done": [STEP_IDS[i] for i, d in enumerate(st.done) if d],
            "worn": sorted(st.worn), "p05_per_m3": st.reading05, "p5_per_m3": st.reading5,
            "mcp_per_m3": st.cmcp, "speed_m_s": st.speed, "faults": sorted(st.faults),
            "errors": [e.code for e in st.errors], "results": dict(st.results),
        }
