"""Fed-batch bioreactor: culture behaviour and operator decisions.

Expectations from the sources (reference/science.md §3): industry titre 1–10 g/L;
DO 30–50 % air saturation; pH 6.9–7.2; a temperature shift to 31–34 °C; OTR = kLa (C* − C)
so, when transfer limits, DO = 100 (1 − OUR / (kLa·C*)); qO2·Xv = OUR.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from resilience.sim.engine import Action, ParamError, Session
from resilience.sim.registry import get_scenario
from resilience.sim.science import bioprocess as bp

SC = get_scenario("fed-batch-bioreactor")
FAST = {"seconds_per_day": 2.0}

GOOD_PLAN: list[tuple[float, Action]] = (
    [(d + 0.01, Action("sample", "press")) for d in range(14)]
    + [(3.0, Action("feed", "set", 3.0)), (6.0, Action("temperature", "set", 32.0)),
       (13.9, Action("harvest", "press"))]
)


def run(plan: list[tuple[float, Action]] = GOOD_PLAN, faults: dict[float, str] | None = None,
        react: Callable[[Session], None] | None = None, seed: int = 1) -> Session:
    s = Session(SC, seed, FAST)
    todo = sorted(plan, key=lambda x: x[0])
    pending = dict(faults or {})
    while not s.state.finished:
        day = s.state.culture.time_h / 24.0
        while todo and day >= todo[0][0] and not s.state.finished:
            s.apply(todo.pop(0)[1])
        for d, f in list(pending.items()):
            if day >= d:
                s.inject_fault(f)
                del pending[d]
        if react and not s.state.finished:
            react(s)
        s.tick(0.05)
    return s


def test_a_well_run_batch_reaches_an_industry_titre() -> None:
    s = run()
    a = s.assess()
    assert a.passed and a.score == 100, a.improvements
    assert 1.0 <= a.details["titre_g_l"] <= 10.0
    assert a.details["antibody_recovered_kg"] > 0
    assert 10 <= a.details["qp_pg_per_cell_day"] <= 60  # industry qp range


def test_an_unfed_unwatched_batch_fails_for_the_right_reasons() -> None:
    s = run([(13.9, Action("harvest", "press"))])
    a = s.assess()
    assert not a.passed
    assert {"feeding", "temperature-shift", "sampling"} <= set(a.failed_ids())
    assert any(e.code == "glucose-low" for e in s.events)  # the cells starved
    assert a.details["titre_g_l"] < run().assess().details["titre_g_l"]


def test_temperature_shift_trades_growth_for_productivity() -> None:
    shifted = run()
    flat = run([a for a in GOOD_PLAN if a[1].node_id != "temperature"])
    assert shifted.state.peak_vcd < flat.state.peak_vcd
    qs = shifted.assess().details["qp_pg_per_cell_day"]
    qf = flat.assess().details["qp_pg_per_cell_day"]
    assert qs > qf


def test_kla_shortfall_pulls_do_below_set_point_as_predicted_by_the_oxygen_balance() -> None:
    s = Session(SC, 1, FAST)
    s.apply(Action("feed", "set", 3.0))
    while s.state.culture.time_h < 5 * 24:
        s.tick(0.05)
    s.inject_fault("kla-shortfall")
    s.tick(0.05)
    st = s.state
    kla_h = bp.kla_van_t_riet(40.0, 0.003) * 3600 * 0.35
    c_star = bp.oxygen_saturation_mmol_per_l(36.8)
    our = 0.3e-12 * st.culture.vcd * 1e6 * 1e3 * 1e3  # pmol/cell/h × cells/mL -> mmol/L/h
    expected = 100 * (1 - our / (kla_h * c_star))
    assert st.do_pct == pytest.approx(expected, rel=0.05)
    assert st.do_pct < 40
    s.apply(Action("agitation", "set", 150.0))
    s.apply(Action("gas", "set", 8.0))
    s.tick(0.05)
    assert s.state.do_pct == pytest.approx(40.0)


def test_contamination_must_be_terminated_not_harvested() -> None:
    def spot_and_stop(s: Session) -> None:
        if s.state.samples and "bacteria" in str(s.state.samples[-1]["microscopy"]):
            s.apply(Action("terminate", "press"))

    good = run(faults={5.0: "contamination"}, react=spot_and_stop)
    assert good.state.terminated
    assert good.assess().criterion("outcome").passed
    assert good.assess().criterion("fault-contamination").passed

    bad = run(faults={5.0: "contamination"})
    assert not bad.assess().passed
    assert not bad.assess().criterion("outcome").passed
    assert any(e.code == "harvest-contaminated" for e in bad.events)


def test_a_drifting_ph_probe_is_caught_by_the_offline_sample() -> None:
    s = Session(SC, 1, FAST)
    s.inject_fault("ph-probe-drift")
    while s.state.culture.time_h < 3 * 24:
        s.tick(0.05)
    s.apply(Action("sample", "press"))
    sample = s.state.samples[-1]
    # After 3 days at +0.1 pH/day the probe still shows the set point, the culture is ~6.7.
    assert float(sample["ph_online"]) == pytest.approx(7.0, abs=0.01)
    assert float(sample["ph_offline"]) == pytest.approx(6.7, abs=0.06)
    probe = s.scene().node("ph")
    assert probe is not None and probe.value == pytest.approx(7.0, abs=0.01)
    s.apply(Action("recalibrate", "press"))
    s.tick(0.05)
    assert s.state.ph_true == pytest.approx(7.0)


def test_unattended_foam_foams_out_and_loses_volume() -> None:
    s = Session(SC, 1, FAST)
    s.inject_fault("foaming")
    v0 = s.state.culture.volume_l
    while s.state.culture.time_h < 8:
        s.tick(0.05)
    assert any(e.code == "foam-out" for e in s.events)
    assert s.state.culture.volume_l == pytest.approx(0.98 * v0, rel=1e-3)


def test_ph_parameter_out_of_range_is_refused() -> None:
    with pytest.raises(ParamError, match=r"ph must be between 6\.5 and 7\.6, got 15"):
        Session(SC, 1, {"ph": 15})
