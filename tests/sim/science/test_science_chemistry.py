"""Tests for resilience.sim.science.chemistry: aspirin stoichiometry, yields, dilution, UV."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resilience.sim.science import chemistry as ch

FAST = settings(max_examples=60, deadline=None, database=None, derandomize=True)


def test_it_molar_masses_are_the_reference_values():
    assert ch.SALICYLIC_ACID_G_MOL == 138.12
    assert ch.ACETIC_ANHYDRIDE_G_MOL == 102.09
    assert ch.ASPIRIN_G_MOL == 180.16
    assert ch.ACETIC_ACID_G_MOL == 60.05
    assert ch.PARACETAMOL_G_MOL == 151.16
    assert ch.ACETIC_ANHYDRIDE_DENSITY_G_ML == 1.08
    # Mass is conserved: 138.12 + 102.09 = 240.21 = 180.16 + 60.05.
    assert (
        pytest.approx(ch.ASPIRIN_G_MOL + ch.ACETIC_ACID_G_MOL)
        == ch.SALICYLIC_ACID_G_MOL + ch.ACETIC_ANHYDRIDE_G_MOL
    )


def test_it_moles_and_mass_by_hand():
    # 3.00 g salicylic acid / 138.12 = 0.021720 mol; back to mass gives 3.00 g.
    n = ch.moles_from_mass(3.00, ch.SALICYLIC_ACID_G_MOL)
    assert n == pytest.approx(0.0217202, abs=1e-7)
    assert ch.mass_from_moles(n, ch.SALICYLIC_ACID_G_MOL) == pytest.approx(3.00)
    # 3 mL anhydride: 3 × 1.08 / 102.09 = 0.031737 mol.
    assert ch.moles_from_volume(3.0, 1.08, ch.ACETIC_ANHYDRIDE_G_MOL) == pytest.approx(
        0.0317367, abs=1e-7
    )
    with pytest.raises(ValueError, match="molar mass must be more than 0 g/mol, got 0"):
        ch.moles_from_mass(1.0, 0.0)


def test_it_aspirin_yield_salicylic_acid_limiting():
    # 2.00 g SA = 0.014480 mol; 5.0 mL AA = 0.052895 mol → SA limits;
    # 0.014480 × 180.16 = 2.6087 g; excess 0.038414 mol anhydride.
    y = ch.aspirin_theoretical_yield(2.00, 5.0)
    assert y.limiting_reagent == "salicylic acid"
    assert y.theoretical_yield_g == pytest.approx(2.60875, abs=1e-5)
    assert y.excess_mol == pytest.approx(0.0384145, abs=1e-6)


def test_it_aspirin_yield_anhydride_limiting():
    # 10.0 g SA = 0.072401 mol; 2.0 mL AA = 2.16/102.09 = 0.021158 mol → AA limits;
    # 0.021158 × 180.16 = 3.8118 g.
    y = ch.aspirin_theoretical_yield(10.0, 2.0)
    assert y.limiting_reagent == "acetic anhydride"
    assert y.theoretical_yield_g == pytest.approx(3.81175, abs=1e-4)


def test_it_percentage_yield_and_atom_economy():
    # 1.85 / 2.6087 = 70.9 % (inside the school range 50-85 %).
    assert ch.percentage_yield(1.85, 2.60875) == pytest.approx(70.915, abs=1e-3)
    # Aspirin: 180.16 / 240.21 = 75.00 % (the acetic acid by-product is the waste).
    ae = ch.atom_economy(ch.ASPIRIN_G_MOL, [ch.SALICYLIC_ACID_G_MOL, ch.ACETIC_ANHYDRIDE_G_MOL])
    assert ae == pytest.approx(75.001, abs=1e-3)
    assert ch.atom_economy(100.0, [100.0]) == 100.0
    with pytest.raises(ValueError, match="reactants must hold at least 1 molar mass"):
        ch.atom_economy(100.0, [])


def test_it_serial_dilution_by_hand():
    # 0.5 mol/L, 1 in 2 five times: 0.5 / 32 = 0.015625.
    assert ch.serial_dilution(0.5, 2.0, 5) == pytest.approx(0.015625)
    assert ch.serial_dilution(0.5, 10.0, 0) == 0.5
    with pytest.raises(ValueError, match=r"dilution factor must be 1 or more, got 0\.5"):
        ch.serial_dilution(1.0, 0.5, 1)


def test_it_beer_lambert_and_paracetamol_by_hand():
    # ε 15 000 L/(mol·cm), 1 cm, 4e-5 mol/L → A = 0.6.
    assert ch.beer_lambert_absorbance(15_000.0, 1.0, 4e-5) == pytest.approx(0.6)
    assert ch.beer_lambert_concentration(0.6, 15_000.0, 1.0) == pytest.approx(4e-5)
    # Paracetamol 10 mg/L = 0.001 g/100 mL → A = 715 × 0.001 = 0.715.
    assert ch.paracetamol_absorbance_257nm(10.0) == pytest.approx(0.715)
    assert ch.paracetamol_absorbance_257nm(10.0, path_cm=2.0) == pytest.approx(1.43)
    assert ch.paracetamol_concentration_from_absorbance(0.5) == pytest.approx(6.99301, abs=1e-5)
    # Molar absorptivity follows: 715 × 10 / 151.16 ... ε = A1% × M / 10 = 10 808.
    eps = ch.PARACETAMOL_A1_1CM_257NM * ch.PARACETAMOL_G_MOL / 10.0
    assert eps == pytest.approx(10_807.94)
    c_mol = 10.0 / 1000.0 / ch.PARACETAMOL_G_MOL  # 10 mg/L in mol/L
    assert ch.beer_lambert_absorbance(eps, 1.0, c_mol) == pytest.approx(0.715)


@FAST
@given(st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=100))
def test_it_theoretical_yield_never_exceeds_either_reagent(sa_g, aa_ml):
    y = ch.aspirin_theoretical_yield(sa_g, aa_ml)
    n = y.theoretical_yield_g / ch.ASPIRIN_G_MOL
    assert n <= y.salicylic_acid_mol + 1e-12
    assert n <= y.acetic_anhydride_mol + 1e-12
    assert y.theoretical_yield_g >= 0.0


@FAST
@given(
    st.floats(min_value=1e-6, max_value=1e3),
    st.floats(min_value=1, max_value=100),
    st.integers(min_value=0, max_value=10),
)
def test_it_dilution_and_absorbance_round_trip(c0, df, n):
    c = ch.serial_dilution(c0, df, n)
    assert 0.0 < c <= c0
    assert c == pytest.approx(c0 / math.pow(df, n))
    a = ch.paracetamol_absorbance_257nm(c)
    assert ch.paracetamol_concentration_from_absorbance(a) == pytest.approx(c)
