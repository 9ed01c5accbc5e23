"""Tests for resilience.sim.science.solid_dose: compaction models and pharmacopoeial tests."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resilience.sim.science import solid_dose as sd

FAST = settings(max_examples=50, deadline=None, database=None, derandomize=True)
PB = sd.PARACETAMOL_BLEND


# --- compaction -------------------------------------------------------------------------


def test_it_die_fill_mass_by_hand():
    # 0.5 mg/mm³ × π × 10²/4 mm² × 8 mm = 0.5 × 78.540 × 8 = 314.16 mg.
    assert sd.die_fill_mass_mg(0.5, 10.0, 8.0) == pytest.approx(314.159, abs=1e-3)


def test_it_thickness_by_hand():
    # 500 mg, ρ 1.5, ε 0.2, 10 mm: 500 / (1.5 × 0.8 × 78.540) = 5.305 mm.
    assert sd.tablet_thickness_mm(500.0, 1.5, 0.2, 10.0) == pytest.approx(5.3052, abs=1e-4)
    with pytest.raises(ValueError, match=r"porosity must be between 0 and 1 \(not 1\), got 1"):
        sd.tablet_thickness_mm(500.0, 1.5, 1.0, 10.0)


def test_it_compaction_pressure_and_force_guard():
    # 10 kN on 10 mm: 10 000 / 78.540 = 127.32 MPa.
    assert sd.compaction_pressure_mpa(10.0, 10.0) == pytest.approx(127.324, abs=1e-3)
    with pytest.raises(ValueError, match="compression force must be between 0 and 60 kN, got -3"):
        sd.compaction_pressure_mpa(-3, 12.0)


def test_it_heckel_by_hand():
    # K = 0.01, A = 0.5, P = 100: ln(1/(1−D)) = 1.5 → D = 1 − e^−1.5 = 0.77687.
    assert sd.heckel_relative_density(100.0, 0.01, 0.5) == pytest.approx(0.776870, abs=1e-6)
    assert sd.porosity_from_pressure(100.0, 0.01, 0.5) == pytest.approx(0.223130, abs=1e-6)
    # Round trip: ln(1/(1 − D)) recovers K·P + A.
    d = sd.heckel_relative_density(80.0, 0.02, 0.3)
    assert math.log(1.0 / (1.0 - d)) == pytest.approx(0.02 * 80.0 + 0.3)
    assert sd.heckel_yield_pressure_mpa(0.02) == 50.0
    with pytest.raises(ValueError, match="Heckel K must be more than 0 1/MPa, got 0"):
        sd.heckel_yield_pressure_mpa(0)


def test_it_kawakita_by_hand():
    # a = 0.5, b = 0.1, P = 30: 0.5 × 3 / 4 = 0.375; tends to a at high pressure.
    assert sd.kawakita_volume_reduction(30.0, 0.5, 0.1) == pytest.approx(0.375)
    assert sd.kawakita_volume_reduction(1e9, 0.5, 0.1) == pytest.approx(0.5, rel=1e-6)


def test_it_ryshkewitch_by_hand():
    # σ0 = 10, kb = 8, ε = 0.25: 10 e^−2 = 1.35335 MPa.
    assert sd.ryshkewitch_strength_mpa(10.0, 8.0, 0.25) == pytest.approx(1.353353, abs=1e-6)


def test_it_fell_newton_by_hand_and_inverse():
    # 100 N, 10 mm × 4 mm: 200 / (π × 40) = 1.59155 MPa.
    assert sd.diametral_tensile_strength_mpa(100.0, 10.0, 4.0) == pytest.approx(1.591549)
    assert sd.breaking_force_n(1.591549, 10.0, 4.0) == pytest.approx(100.0, abs=1e-4)


def test_it_paracetamol_blend_gives_the_intended_tablets():
    assert PB.true_density_g_cm3 == 1.29
    # Fill depth 10.2 mm in 12 mm: 0.5 × 113.097 × 10.2 = 576.8 mg (550-600 mg target).
    good = sd.compress_tablet(20.0, 10.2)
    assert 550.0 <= good.mass_mg <= 600.0
    assert 80.0 <= good.breaking_force_n <= 150.0
    assert not good.weak and not good.capping_risk
    assert good.disintegration_time_min < 15.0
    assert sd.first_order_release(30.0, good.dissolution_k_per_min) >= 85.0
    assert good.friability_loss_pct < 1.0
    # Too little force: weak, friable tablets.
    weak = sd.compress_tablet(10.0, 10.2)
    assert weak.weak and weak.breaking_force_n < 50.0
    assert weak.friability_loss_pct > 1.0
    # Far too much force: capping risk, slow disintegration and dissolution.
    hard = sd.compress_tablet(35.0, 10.2)
    assert hard.capping_risk
    assert hard.disintegration_time_min > 15.0
    assert sd.first_order_release(30.0, hard.dissolution_k_per_min) < 80.0


@FAST
@given(st.floats(min_value=1, max_value=59), st.floats(min_value=0.01, max_value=1))
def test_it_more_force_gives_denser_stronger_tablets(f, df):
    a, b = sd.compress_tablet(f, 10.0), sd.compress_tablet(f + df, 10.0)
    assert b.porosity <= a.porosity
    assert b.tensile_strength_mpa >= a.tensile_strength_mpa
    assert b.thickness_mm <= a.thickness_mm
    assert b.disintegration_time_min >= a.disintegration_time_min
    assert b.dissolution_k_per_min <= a.dissolution_k_per_min
    assert 0.0 < b.porosity < 1.0 and b.mass_mg == a.mass_mg


@FAST
@given(
    st.floats(min_value=0, max_value=1000),
    st.floats(min_value=1e-4, max_value=0.1),
    st.floats(min_value=0, max_value=3),
)
def test_it_heckel_density_stays_between_0_and_1(p, k, a):
    d = sd.heckel_relative_density(p, k, a)
    assert 0.0 <= d < 1.0 or d == pytest.approx(1.0)


@FAST
@given(
    st.floats(min_value=0, max_value=10),
    st.floats(min_value=0.01, max_value=0.9),
    st.floats(min_value=0.001, max_value=0.05),
)
def test_it_empirical_relations_are_monotonic(sigma, eps, d):
    t0 = sd.disintegration_time_min(sigma, eps)
    assert sd.disintegration_time_min(sigma + d, eps) >= t0  # stronger → slower
    assert sd.disintegration_time_min(sigma, eps + d) <= t0  # more porous → faster
    k0 = sd.dissolution_rate_constant(sigma, eps)
    assert sd.dissolution_rate_constant(sigma + d, eps) <= k0
    assert sd.dissolution_rate_constant(sigma, eps + d) >= k0
    assert k0 > 0.0


def test_it_empirical_relations_by_hand():
    # t = 5 × (3/1.5) × (0.12/0.06) = 20 min; k = 1/(5 + 5) = 0.1 /min at the reference.
    assert sd.disintegration_time_min(3.0, 0.06) == pytest.approx(20.0)
    assert sd.dissolution_rate_constant(1.5, 0.12) == pytest.approx(0.1)
    # Friability: 0.5 × (1/0.5)² = 2.0 %.
    assert sd.friability_loss_pct(0.5) == pytest.approx(2.0)


# --- uniformity of mass (Ph. Eur. 2.9.5) ---------------------------------------------


def test_it_mass_uniformity_two_outside_5_percent_complies():
    # Mean 575 mg (≥ 250 mg → 5 %); 605 and 545 deviate 30/575 = 5.2 %.
    r = sd.uniformity_of_mass([575.0] * 18 + [605.0, 545.0])
    assert r.passed
    assert r.reason == (
        "2 of 20 tablets deviate by more than 5 % but none by more than 10 %: complies"
    )
    assert r.details["limit_pct"] == 5.0 and r.details["n_beyond_limit"] == 2.0


def test_it_mass_uniformity_three_outside_fails():
    # Mean (17×575 + 605 + 545 + 605)/20 = 576.5; 605 deviates 4.9 %... so use 610:
    # masses 17 × 575, 610, 540, 610 → mean 576.75; 610: 5.77 %, 540: 6.37 % → 3 outside.
    r = sd.uniformity_of_mass([575.0] * 17 + [610.0, 540.0, 610.0])
    assert not r.passed
    assert r.reason.startswith("3 of 20 tablets deviate by more than 5 %")
    assert r.reason.endswith("does not comply")


def test_it_mass_uniformity_one_beyond_double_fails():
    # 19 × 575 + 700 → mean 581.25; 700 deviates 20.4 % > 10 %.
    r = sd.uniformity_of_mass([575.0] * 19 + [700.0])
    assert not r.passed
    assert r.reason == "1 tablet of 20 deviates by more than 10 %: does not comply"


@pytest.mark.parametrize(
    ("mean", "form", "limit"),
    [
        (80.0, "tablet", 10.0),
        (80.5, "tablet", 7.5),
        (249.0, "tablet", 7.5),
        (250.0, "tablet", 5.0),
        (299.0, "capsule", 10.0),
        (300.0, "capsule", 7.5),
    ],
)
def test_it_mass_uniformity_limit_bands(mean, form, limit):
    assert sd.uniformity_of_mass([mean] * 20, form).details["limit_pct"] == limit


def test_it_mass_uniformity_needs_20_units():
    with pytest.raises(ValueError, match="masses must hold 20 results, got 10"):
        sd.uniformity_of_mass([500.0] * 10)


# --- content uniformity (Ph. Eur. 2.9.40) ---------------------------------------------


def test_it_acceptance_value_by_hand():
    # 99 and 101 five times: X̄ = 100 → M = 100; s = √(10/9) = 1.0541; AV = 2.4 × 1.0541
    # = 2.530.
    assert sd.acceptance_value([99.0, 101.0] * 5) == pytest.approx(2.52982, abs=1e-5)
    # X̄ = 103 > 101.5 → M = 101.5; s = 0 → AV = 1.5.
    assert sd.acceptance_value([103.0] * 10) == pytest.approx(1.5)
    # Same with T = 105 (> 101.5): M = X̄ = 103 (98.5 ≤ X̄ ≤ T) → AV = 0.
    assert sd.acceptance_value([103.0] * 10, reference_t=105.0) == pytest.approx(0.0)
    # 30 units, k = 2.0: 97 and 99 fifteen times: X̄ = 98 → M = 98.5; s = √(30/29) =
    # 1.017095; AV = 0.5 + 2.0 × 1.017095 = 2.53419.
    assert sd.acceptance_value([97.0, 99.0] * 15) == pytest.approx(2.53419, abs=1e-5)
    with pytest.raises(ValueError, match="contents must hold 10 or 30 results, got 12"):
        sd.acceptance_value([100.0] * 12)


def test_it_content_uniformity_stages():
    ok = sd.content_uniformity([99.0, 101.0] * 5)
    assert ok.passed and ok.stage == "L1"
    # 90 and 110 five times: s = √(1000/9) = 10.541; AV = 25.3 > 15.
    spread = [90.0, 110.0] * 5
    need = sd.content_uniformity(spread)
    assert not need.passed and need.stage == "L1"
    assert need.details["next_stage_units"] == 20.0
    assert "test 20 more units" in need.reason
    # Add 20 units at 100: all 30, X̄ = 100, s = √(1000/29) = 5.872, AV = 11.74 ≤ 15
    # and all within 75-125 → complies at L2.
    l2 = sd.content_uniformity(spread, [100.0] * 20)
    assert l2.passed and l2.stage == "L2"
    assert l2.details["av_stage2"] == pytest.approx(11.744, abs=1e-3)
    # Stage 1: 80 and nine at 100: X̄ = 98, s = √40 = 6.325, AV = 0.5 + 15.18 = 15.68 > 15.
    # Stage 2: 19 at 100 and one at 70. All 30: X̄ = 98.33 → M = 98.5, s = 6.477,
    # AV = 0.17 + 12.95 = 13.12 ≤ 15, but 70 < 0.75 × 98.5 = 73.9 → does not comply.
    bad = sd.content_uniformity([80.0] + [100.0] * 9, [100.0] * 19 + [70.0])
    assert bad.details["av_stage1"] == pytest.approx(15.679, abs=1e-3)
    assert bad.details["av_stage2"] == pytest.approx(13.12, abs=1e-2)
    assert not bad.passed and bad.stage == "L2"
    assert "outside" in bad.reason


# --- dissolution (USP <711>) ----------------------------------------------------------


def test_it_dissolution_s1_pass():
    r = sd.dissolution_test(80.0, [86.0, 90.0, 88.0, 92.0, 85.0, 89.0])
    assert r.passed and r.stage == "S1"


def test_it_dissolution_needs_s2_then_passes_at_s2():
    s1 = [84.0, 90.0, 88.0, 92.0, 85.0, 89.0]  # 84 < Q + 5 = 85
    r = sd.dissolution_test(80.0, s1)
    assert not r.passed and r.stage == "S1" and r.details["next_stage_units"] == 6.0
    # Mean of 12 with s2 all 82: (528 + 492)/12 = 85.0 ≥ 80, none < 65.
    r2 = sd.dissolution_test(80.0, s1, [82.0] * 6)
    assert r2.passed and r2.stage == "S2"
    assert r2.details["mean_12_pct"] == pytest.approx(85.0)


def test_it_dissolution_s3_rules():
    s1 = [70.0] * 6
    s2 = [90.0, 90.0, 90.0, 90.0, 90.0, 60.0]  # 60 < Q − 15 = 65 → S2 fails
    r = sd.dissolution_test(80.0, s1, s2)
    assert not r.passed and r.stage == "S2" and r.details["next_stage_units"] == 12.0
    # S3: 12 at 95 → total 420 + 510 + 1140 = 2070 / 24 = 86.25 ≥ 80; one < 65; none < 55.
    r3 = sd.dissolution_test(80.0, s1, s2, [95.0] * 12)
    assert r3.passed and r3.stage == "S3"
    # Three below Q − 15: fails.
    r4 = sd.dissolution_test(80.0, s1, s2, [95.0] * 10 + [60.0, 60.0])
    assert not r4.passed and "3 of 24 units are below 65 %" in r4.reason
    # One below Q − 25 = 55: fails.
    r5 = sd.dissolution_test(80.0, s1, s2, [99.0] * 11 + [50.0])
    assert not r5.passed and "below 55 %" in r5.reason


def test_it_dissolution_guards():
    with pytest.raises(ValueError, match="S1 results must hold 6 results, got 5"):
        sd.dissolution_test(80.0, [90.0] * 5)
    with pytest.raises(ValueError, match="S3 results need S2 results first"):
        sd.dissolution_test(80.0, [70.0] * 6, None, [90.0] * 12)


# --- friability and disintegration ----------------------------------------------------


def test_it_friability():
    # (6.325 − 6.270)/6.325 = 0.87 % → complies; 6.250 → 1.19 % → fails.
    assert sd.friability_test(6.325, 6.270, 0).passed
    r = sd.friability_test(6.325, 6.250, 0)
    assert not r.passed and r.details["loss_pct"] == pytest.approx(1.1858, abs=1e-4)
    assert not sd.friability_test(6.5, 6.49, 1).passed
    # 575 mg → 6500/575 = 11.3 → 11 tablets; 300 mg → 21.7 → 22; > 650 mg → 10.
    assert sd.friability_sample_size(575.0) == 11
    assert sd.friability_sample_size(300.0) == 22
    assert sd.friability_sample_size(651.0) == 10


def test_it_disintegration():
    assert sd.disintegration_test([5.0] * 6).passed
    r = sd.disintegration_test([5.0] * 5 + [16.0])
    assert not r.passed and r.reason.startswith("1 of 6 tablets did not disintegrate")
    assert sd.disintegration_test([25.0] * 6, "film_coated").passed
    assert not sd.disintegration_test([3.5] * 6, "orodispersible").passed
    assert not sd.disintegration_test([math.inf] + [1.0] * 5).passed
    assert dict(sd.DISINTEGRATION_LIMITS_MIN) == {
        "uncoated": 15.0,
        "film_coated": 30.0,
        "effervescent": 5.0,
        "orodispersible": 3.0,
    }


# --- dissolution models ---------------------------------------------------------------


def test_it_release_models_by_hand():
    # Weibull β = 1 equals first order with k = 1/td: at 10 min, td = 20: 1 − e^−0.5 =
    # 39.35 %.
    assert sd.weibull_release(10.0, 100.0, 20.0, 1.0) == pytest.approx(39.3469, abs=1e-4)
    assert sd.first_order_release(10.0, 0.05) == pytest.approx(39.3469, abs=1e-4)
    assert sd.weibull_release(0.0, 90.0, 5.0, 2.0) == 0.0


def test_it_f2_by_hand():
    assert sd.f2_similarity([20, 50, 80, 95], [20, 50, 80, 95]) == pytest.approx(100.0)
    # Differences 5, 5, 5: 50 log10(100/√26) = 50 × log10(19.612) = 50 × 1.29251 = 64.626.
    assert sd.f2_similarity([20, 50, 80], [25, 55, 85]) == pytest.approx(64.6257, abs=1e-4)
    with pytest.raises(ValueError, match="same number of points"):
        sd.f2_similarity([1, 2, 3], [1, 2])


@FAST
@given(
    st.floats(min_value=0, max_value=600),
    st.floats(min_value=0, max_value=600),
    st.floats(min_value=1, max_value=100),
    st.floats(min_value=0.1, max_value=5),
)
def test_it_release_is_monotonic_and_bounded(t1, t2, td, beta):
    lo, hi = sorted((t1, t2))
    a, b = sd.weibull_release(lo, 100.0, td, beta), sd.weibull_release(hi, 100.0, td, beta)
    assert 0.0 <= a <= b <= 100.0


@FAST
@given(st.lists(st.floats(min_value=0, max_value=100), min_size=3, max_size=12), st.data())
def test_it_f2_is_at_most_100_and_symmetric(ref, data):
    test = data.draw(
        st.lists(st.floats(min_value=0, max_value=100), min_size=len(ref), max_size=len(ref))
    )
    f = sd.f2_similarity(ref, test)
    assert f <= 100.0 + 1e-9
    assert f == pytest.approx(sd.f2_similarity(test, ref))
