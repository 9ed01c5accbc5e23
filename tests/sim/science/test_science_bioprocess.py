"""Tests for resilience.sim.science.bioprocess: CHO fed-batch, oxygen and capture."""

import math
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from resilience.sim.science import bioprocess as bp

FAST = settings(max_examples=25, deadline=None, database=None, derandomize=True)
P = bp.FedBatchParams()


def test_it_params_are_table_2_values():
    assert (P.mu_max_per_h, P.kd_per_h) == (0.039, 0.004)
    assert (P.k_glc_mm, P.k_gln_mm, P.ki_lac_mm, P.ki_amm_mm) == (1.00, 0.047, 43.0, 6.51)
    assert (P.y_x_glc_cells_per_mmol, P.y_x_gln_cells_per_mmol) == (0.357e9, 0.974e9)
    assert (P.y_lac_glc, P.y_amm_gln) == (0.70, 0.67)
    assert P.m_glc_mmol_per_cell_h == 69.2e-12
    assert P.q_mab_g_per_cell_h == 1.51e-12
    # qp = 1.51 pg/cell/h × 24 = 36.2 pg/cell/day, inside the industry 10-60.
    assert 10.0 <= P.q_mab_g_per_cell_h * 1e12 * 24 <= 60.0


def test_it_growth_rate_by_hand():
    # 0.039 × 30/31 × 4/4.047 × 43/(43+20) × 6.51/(6.51+5) =
    # 0.039 × 0.967742 × 0.988386 × 0.682540 × 0.565595 = 0.014401 /h.
    mu = bp.specific_growth_rate(P, 30.0, 4.0, 20.0, 5.0)
    assert mu == pytest.approx(0.0144014, abs=1e-6)
    assert bp.specific_growth_rate(P, 0.0, 4.0, 0.0, 0.0) == 0.0


def test_it_derivatives_by_hand():
    # Xv = 0.3 (3e8 cells/L), Glc 30, Gln 4: μ = 0.039 × 30/31 × 4/4.047 = 0.0373044.
    # dXv/dt = (0.0373044 − 0.004) × 0.3 = 0.0099913.
    # Glc uptake = (μ/0.357e9 + 69.2e-12 × 30/30.01) × 3e8 = 0.031348 + 0.020753 = 0.052101.
    # Gln uptake = μ/0.974e9 × 3e8 = 0.011490; lactate 0.7 × 0.052101 = 0.036471.
    d = bp.fed_batch_derivatives(bp.FedBatchState(), P)
    assert d.vcd == pytest.approx(0.0099913, abs=1e-6)
    assert d.glucose_mm == pytest.approx(-0.052101, abs=1e-5)
    assert d.glutamine_mm == pytest.approx(-0.011490, abs=1e-5)
    assert d.lactate_mm == pytest.approx(0.036471, abs=1e-5)
    assert d.ammonia_mm == pytest.approx(0.67 * 0.011490, abs=1e-5)
    # Titre: 1.51e-12 × 3e8 = 4.53e-4 g/(L·h).
    assert d.titre_g_l == pytest.approx(4.53e-4)
    assert d.volume_l == 0.0


def test_it_feed_dilutes_and_adds_substrate():
    # F/V = 0.1 /h: extra dGlc/dt = 0.1 × (500 − 30) = 47 mM/h; dXv/dt loses 0.1 × 0.3.
    s = bp.FedBatchState()
    d0 = bp.fed_batch_derivatives(s, P)
    d1 = bp.fed_batch_derivatives(s, P, feed_rate_l_per_h=0.1)
    assert d1.glucose_mm - d0.glucose_mm == pytest.approx(47.0)
    assert d1.vcd - d0.vcd == pytest.approx(-0.03)
    assert d1.volume_l == 0.1


def _run(days=14, feed_from_h=72.0, frac_per_day=0.045, shift_h=None, dt=1.0, **kw):
    s = bp.FedBatchState(vcd=0.3, glucose_mm=30.0, glutamine_mm=4.0, volume_l=1.0)
    peak = s.vcd
    for _ in range(int(days * 24 / dt)):
        feed = frac_per_day / 24.0 if s.time_h >= feed_from_h else 0.0
        temp = 32.0 if shift_h is not None and s.time_h >= shift_h else 36.8
        s = bp.fed_batch_step(
            s,
            P,
            dt,
            feed,
            feed_glucose_mm=500.0,
            feed_glutamine_mm=100.0,
            temperature_c=temp,
            **kw,
        )
        peak = max(peak, s.vcd)
    return s, peak


def test_it_14_day_fed_batch_lands_in_industry_ranges():
    s, peak = _run()
    # Table-2 kinetics give a peak of about 8 × 10⁶ cells/mL (lactate and ammonia
    # inhibition cap growth), a little below the 10-30 industry range, and a titre of
    # about 2.4 g/L, inside 1-10 g/L.
    assert 6.0 <= peak <= 30.0
    assert 1.0 <= s.titre_g_l <= 10.0
    assert s.volume_l == pytest.approx(1.0 + 0.045 * 11, abs=1e-9)
    assert s.time_h == pytest.approx(336.0)
    assert 0.3 < s.viability < 1.0


def test_it_temperature_shift_slows_growth_and_raises_qp():
    plain, peak_plain = _run()
    shifted, peak_shift = _run(shift_h=144.0)
    assert peak_shift < peak_plain
    mu_f, qp_f, extra = bp.condition_factors(P, 32.0, 40.0, 7.0)
    assert (mu_f, qp_f, extra) == (pytest.approx(0.52), pytest.approx(1.384), 0.0)
    assert shifted.lactate_mm < plain.lactate_mm


def test_it_do_and_ph_stress():
    assert bp.condition_factors(P, 36.8, 40.0, 7.0) == (1.0, 1.0, 0.0)
    # DO 10 %: μ × 0.5, extra death 0.02 × 0.5 = 0.01 /h.
    assert bp.condition_factors(P, 36.8, 10.0, 7.0) == (0.5, 1.0, pytest.approx(0.01))
    # pH 6.65: 0.25 below 6.9 → μ × 0.5.
    assert bp.condition_factors(P, 36.8, 40.0, 6.65)[0] == pytest.approx(0.5)
    assert bp.condition_factors(P, 36.8, 0.0, 7.0)[0] == 0.0
    with pytest.raises(ValueError, match="pH must be between 6 and 8, got 9"):
        bp.condition_factors(P, 36.8, 40.0, 9)
    with pytest.raises(ValueError, match="temperature must be between 28 and 40 °C, got 45"):
        bp.fed_batch_step(bp.FedBatchState(), P, 1.0, temperature_c=45)


def test_it_batch_titre_is_qp_times_ivcd():
    # Without feed the volume is constant, so titre = qp × IVCD = 1.51e-12 × 1e9 × IVCD.
    s = bp.FedBatchState()
    for _ in range(100):
        s = bp.fed_batch_step(s, P, 1.0)
    assert s.titre_g_l == pytest.approx(1.51e-3 * s.ivcd, rel=1e-9)


@FAST
@given(
    st.floats(min_value=0.05, max_value=5),
    st.floats(min_value=0, max_value=60),
    st.floats(min_value=0, max_value=8),
    st.floats(min_value=0, max_value=0.01),
    st.floats(min_value=0.1, max_value=2),
)
def test_it_mass_balances_close(x0, glc0, gln0, feed, dt):
    # Cells made = Y_X/gln × glutamine consumed (growth-associated uptake only), and
    # ammonia made = Y_amm/gln × glutamine consumed, on a whole-vessel basis. RK4 keeps
    # such linear balances exactly, so they hold to rounding unless a concentration was
    # clipped at zero (then the run is skipped).
    s = bp.FedBatchState(vcd=x0, glucose_mm=glc0, glutamine_mm=gln0 + 2.0, volume_l=2.0)
    fed_gln = 0.0
    lowest = s.glutamine_mm
    for _ in range(int(48 / dt)):
        s = bp.fed_batch_step(s, P, dt, feed, feed_glutamine_mm=40.0)
        fed_gln += feed * dt * 40.0
        lowest = min(lowest, s.glutamine_mm)
    assume(lowest > 0.5)
    consumed_gln = (gln0 + 2.0) * 2.0 + fed_gln - s.glutamine_mm * s.volume_l  # mmol
    cells_made = ((s.vcd + s.dead) * s.volume_l - x0 * 2.0) * 1e9
    # Tolerances: relative 1e-6, absolute 1e3 cells and 1e-9 mmol (rounding).
    assert cells_made == pytest.approx(P.y_x_gln_cells_per_mmol * consumed_gln, rel=1e-6, abs=1e3)
    assert s.ammonia_mm * s.volume_l == pytest.approx(
        P.y_amm_gln * consumed_gln, rel=1e-6, abs=1e-9
    )
    assert s.volume_l == pytest.approx(2.0 + feed * int(48 / dt) * dt)


@FAST
@given(
    st.floats(min_value=0, max_value=40),
    st.floats(min_value=0, max_value=60),
    st.floats(min_value=0, max_value=10),
    st.floats(min_value=0, max_value=0.5),
    st.floats(min_value=0.01, max_value=24),
    st.floats(min_value=28, max_value=40),
    st.floats(min_value=0, max_value=200),
    st.floats(min_value=6, max_value=8),
)
def test_it_step_never_goes_negative_or_nan(x, glc, gln, feed, dt, temp, do, ph):
    s = bp.FedBatchState(vcd=x, glucose_mm=glc, glutamine_mm=gln, volume_l=1.0)
    for _ in range(3):
        s = bp.fed_batch_step(s, P, dt, feed, temperature_c=temp, do_pct=do, ph=ph)
    values = (
        s.vcd,
        s.dead,
        s.glucose_mm,
        s.glutamine_mm,
        s.lactate_mm,
        s.ammonia_mm,
        s.titre_g_l,
        s.volume_l,
        s.ivcd,
    )
    assert all(math.isfinite(v) and v >= 0.0 for v in values)
    assert 0.0 <= s.viability <= 1.0


def test_it_step_converges_with_smaller_steps():
    a = bp.FedBatchState()
    b = bp.FedBatchState()
    for _ in range(48):
        a = bp.fed_batch_step(a, P, 1.0)
    for _ in range(480):
        b = bp.fed_batch_step(b, P, 0.1)
    assert a.vcd == pytest.approx(b.vcd, rel=1e-6)
    assert a.glucose_mm == pytest.approx(b.glucose_mm, rel=1e-6)


def test_it_higher_mu_max_gives_more_cells():
    fast = replace(P, mu_max_per_h=0.045)
    a = bp.fed_batch_step(bp.FedBatchState(), P, 24.0)
    b = bp.fed_batch_step(bp.FedBatchState(), fast, 24.0)
    assert b.vcd > a.vcd


# --- oxygen -----------------------------------------------------------------------------


def test_it_henry_constant_by_hand():
    assert bp.henry_constant_o2(298.15) == pytest.approx(0.0013)
    # 310.15 K: 0.0013 × exp(1500 × (−1.29770e-4)) = 0.0013 × 0.823118 = 1.07005e-3.
    assert bp.henry_constant_o2(310.15) == pytest.approx(1.07005e-3, rel=1e-5)


def test_it_oxygen_saturation_by_hand():
    # 25 °C, air, 1 atm: 0.0013 × 1.01325 × 0.2095 × 1000 = 0.27596 mmol/L (measured
    # 0.258; Henry's law with this constant is within 7 %).
    assert bp.oxygen_saturation_mmol_per_l(25.0) == pytest.approx(0.275961, abs=1e-5)
    assert bp.oxygen_saturation_mmol_per_l(37.0) < bp.oxygen_saturation_mmol_per_l(25.0)
    # Pure oxygen: × 1/0.2095.
    assert bp.oxygen_saturation_mmol_per_l(37.0, o2_fraction=1.0) == pytest.approx(
        bp.oxygen_saturation_mmol_per_l(37.0) / 0.2095
    )


def test_it_kla_otr_our_by_hand():
    # 0.026 × 50^0.4 × 0.01^0.5 = 0.026 × 4.78176 × 0.1 = 0.0124326 /s.
    assert bp.kla_van_t_riet(50.0, 0.01) == pytest.approx(0.0124326, abs=1e-7)
    assert bp.kla_van_t_riet(0.0, 0.01) == 0.0
    # OTR = 0.01 /s × 3600 × (0.2 − 0.08) = 4.32 mmol/(L·h).
    assert bp.oxygen_transfer_rate(0.01, 0.2, 0.08) == pytest.approx(4.32)
    # OUR = 0.3 pmol/cell/h × 2e7 cells/mL = 6 mmol/(L·h).
    assert bp.oxygen_uptake_rate(0.3, 2e7) == pytest.approx(6.0)


@FAST
@given(
    st.floats(min_value=0, max_value=5000),
    st.floats(min_value=0, max_value=0.1),
    st.floats(min_value=0.01, max_value=2),
)
def test_it_kla_rises_with_power_and_gas(pv, vs, k):
    assert bp.kla_van_t_riet(pv * (1 + k), vs) >= bp.kla_van_t_riet(pv, vs)
    assert bp.kla_van_t_riet(pv, vs * (1 + k)) >= bp.kla_van_t_riet(pv, vs)


# --- downstream -------------------------------------------------------------------------


def test_it_protein_a_capture_by_hand():
    # 1000 L × 3 g/L = 3000 g; 20 L × 45 × 0.8 = 720 g/cycle → 4.17 → 5 cycles;
    # recovered 3000 × 0.95 = 2850 g; mean load 600 g.
    r = bp.protein_a_capture(1000.0, 3.0, 20.0)
    assert r.cycles == 5
    assert r.mass_loaded_g == 3000.0
    assert r.mass_recovered_g == pytest.approx(2850.0)
    assert r.capacity_per_cycle_g == pytest.approx(720.0)
    assert r.load_per_cycle_g == pytest.approx(600.0)
    # Exactly one cycle's worth needs one cycle.
    assert bp.protein_a_capture(720.0, 1.0, 20.0).cycles == 1
    with pytest.raises(ValueError, match="dynamic binding capacity must be between 30 and 60"):
        bp.protein_a_capture(1.0, 1.0, 1.0, dbc_g_per_l=80.0)


@FAST
@given(
    st.floats(min_value=0, max_value=1e4),
    st.floats(min_value=0, max_value=10),
    st.floats(min_value=0.1, max_value=500),
)
def test_it_capture_never_overloads_and_conserves_mass(v, titre, resin):
    r = bp.protein_a_capture(v, titre, resin)
    assert r.load_per_cycle_g <= r.capacity_per_cycle_g * (1 + 1e-9)
    assert r.mass_recovered_g <= r.mass_loaded_g


def test_it_low_ph_window():
    assert bp.low_ph_inactivation_ok(3.5, 30.0)
    assert bp.low_ph_inactivation_ok(3.7, 60.0)
    assert not bp.low_ph_inactivation_ok(3.6, 20.0)
    assert not bp.low_ph_inactivation_ok(3.3, 45.0)
