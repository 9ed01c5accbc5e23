"""Tests for resilience.sim.science.sustainability: PMI and E-factor."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resilience.sim.science import sustainability as su

FAST = settings(max_examples=60, deadline=None, database=None, derandomize=True)


def test_it_pmi_and_e_factor_by_hand():
    # 100 kg water + 40 kg solvent + 10 kg reagents for 2 kg product: PMI = 150/2 = 75;
    # waste = 148 kg → E = 74 = PMI − 1.
    inputs = {"water": 100.0, "solvent": 40.0, "reagents": 10.0}
    assert su.process_mass_intensity(inputs, 2.0) == 75.0
    assert su.process_mass_intensity([100.0, 40.0, 10.0], 2.0) == 75.0
    assert su.e_factor(148.0, 2.0) == 74.0
    assert su.e_factor({"aqueous": 100.0, "organic": 48.0}, 2.0) == 74.0
    assert su.e_factor_from_pmi(75.0) == 74.0
    assert su.pmi_from_e_factor(74.0) == 75.0


def test_it_guards():
    with pytest.raises(ValueError, match="product mass must be more than 0 kg, got 0"):
        su.process_mass_intensity([1.0], 0.0)
    with pytest.raises(ValueError, match="every input mass must be 0 kg or more, got -1"):
        su.process_mass_intensity([-1.0], 1.0)
    with pytest.raises(ValueError, match=r"PMI must be 1 or more, got 0\.5"):
        su.e_factor_from_pmi(0.5)


def test_it_benchmarks_are_the_reference_values():
    e = su.E_FACTOR_BENCHMARKS
    assert (e["bulk_chemicals"].low, e["bulk_chemicals"].high) == (1.0, 5.0)
    assert (e["fine_chemicals"].low, e["fine_chemicals"].high) == (5.0, 50.0)
    assert (e["pharmaceuticals"].low, e["pharmaceuticals"].high) == (25.0, None)
    p = su.PMI_BENCHMARKS
    assert (p["small_molecule_api"].low, p["small_molecule_api"].high) == (168.0, 308.0)
    assert p["monoclonal_antibody"].low == 7_700.0
    assert p["solid_phase_peptide"].low == 13_000.0
    assert all(b.source for b in [*e.values(), *p.values()])
    # A mAb at PMI 7 700 has E = 7 699: far above small molecules.
    assert su.e_factor_from_pmi(p["monoclonal_antibody"].low) == 7_699.0


@FAST
@given(
    st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=10),
    st.floats(min_value=1e-3, max_value=1e3),
)
def test_it_pmi_at_least_one_when_product_is_an_input(others, product):
    # If the product's own mass is counted in the inputs, PMI ≥ 1 and E = PMI − 1 ≥ 0.
    pmi = su.process_mass_intensity([*others, product], product)
    assert pmi >= 1.0 - 1e-12
    assert su.e_factor_from_pmi(max(pmi, 1.0)) >= 0.0
    assert su.e_factor(sum(others), product) == pytest.approx(pmi - 1.0, abs=1e-6 * pmi)
