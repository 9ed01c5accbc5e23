# chemistry.py - school chemistry: aspirin synthesis, yields, dilutions and Beer-Lambert
#
# Molar masses and the paracetamol absorbance are from reference/science.md section 4.
"""Stoichiometry of the aspirin synthesis, yields, serial dilution and UV absorbance."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from resilience.sim.science._guards import finite as _finite
from resilience.sim.science._guards import non_negative as _non_negative
from resilience.sim.science._guards import positive as _positive

__all__ = [
    "ACETIC_ACID_G_MOL",
    "ACETIC_ANHYDRIDE_DENSITY_G_ML",
    "ACETIC_ANHYDRIDE_G_MOL",
    "ASPIRIN_G_MOL",
    "ASPIRIN_MELTING_RANGE_C",
    "PARACETAMOL_A1_1CM_257NM",
    "PARACETAMOL_G_MOL",
    "SALICYLIC_ACID_G_MOL",
    "SALICYLIC_ACID_MELTING_RANGE_C",
    "AspirinYield",
    "aspirin_theoretical_yield",
    "atom_economy",
    "beer_lambert_absorbance",
    "beer_lambert_concentration",
    "mass_from_moles",
    "moles_from_mass",
    "moles_from_volume",
    "paracetamol_absorbance_257nm",
    "paracetamol_concentration_from_absorbance",
    "percentage_yield",
    "serial_dilution",
]

SALICYLIC_ACID_G_MOL: Final[float] = 138.12
ACETIC_ANHYDRIDE_G_MOL: Final[float] = 102.09
ASPIRIN_G_MOL: Final[float] = 180.16
ACETIC_ACID_G_MOL: Final[float] = 60.05
PARACETAMOL_G_MOL: Final[float] = 151.16
ACETIC_ANHYDRIDE_DENSITY_G_ML: Final[float] = 1.08
ASPIRIN_MELTING_RANGE_C: Final[tuple[float, float]] = (135.0, 136.0)
SALICYLIC_ACID_MELTING_RANGE_C: Final[tuple[float, float]] = (158.0, 161.0)
#: Specific absorbance A(1 %, 1 cm) of paracetamol at 257 nm (BP assay).
PARACETAMOL_A1_1CM_257NM: Final[float] = 715.0





def moles_from_mass(mass_g: float, molar_mass_g_mol: float) -> float:
    """Amount of substance from its mass.

    Parameters
    ----------
    mass_g : float >= 0
        Mass [g].
    molar_mass_g_mol : float > 0
        Molar mass [g/mol].

    Returns
    -------
    float
        n = m / M [mol].

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] reference/science.md section 4 (molar masses).

    Examples
    --------
    2.00 g of salicylic acid: 2.00 / 138.12 = 0.014480 mol.

    >>> round(moles_from_mass(2.00, SALICYLIC_ACID_G_MOL), 6)
    0.01448
    """
    _non_negative("mass", mass_g, "g")
    _positive("molar mass", molar_mass_g_mol, "g/mol")
    return mass_g / molar_mass_g_mol


def mass_from_moles(moles: float, molar_mass_g_mol: float) -> float:
    """Mass of an amount of substance.

    Parameters
    ----------
    moles : float >= 0
        Amount [mol].
    molar_mass_g_mol : float > 0
        Molar mass [g/mol].

    Returns
    -------
    float
        m = n × M [g].

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] reference/science.md section 4 (molar masses).

    Examples
    --------
    >>> round(mass_from_moles(0.01, ASPIRIN_G_MOL), 4)
    1.8016
    """
    _non_negative("amount", moles, "mol")
    _positive("molar mass", molar_mass_g_mol, "g/mol")
    return moles * molar_mass_g_mol


def moles_from_volume(volume_ml: float, density_g_ml: float, molar_mass_g_mol: float) -> float:
    """Amount of a pure liquid from its volume.

    Parameters
    ----------
    volume_ml : float >= 0
        Volume [mL].
    density_g_ml : float > 0
        Density [g/mL].
    molar_mass_g_mol : float > 0
        Molar mass [g/mol].

    Returns
    -------
    float
        n = V ρ / M [mol].

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] reference/science.md section 4 (acetic anhydride 1.08 g/mL, 102.09 g/mol).

    Examples
    --------
    5.0 mL of acetic anhydride: 5.0 × 1.08 / 102.09 = 0.052895 mol.

    >>> round(moles_from_volume(5.0, 1.08, ACETIC_ANHYDRIDE_G_MOL), 6)
    0.052895
    """
    _non_negative("volume", volume_ml, "mL")
    _positive("density", density_g_ml, "g/mL")
    return moles_from_mass(volume_ml * density_g_ml, molar_mass_g_mol)


@dataclass(frozen=True, slots=True)
class AspirinYield:
    """Stoichiometry of one aspirin preparation.

    Attributes
    ----------
    salicylic_acid_mol : float
        Salicylic acid used [mol].
    acetic_anhydride_mol : float
        Acetic anhydride used [mol].
    limiting_reagent : str
        "salicylic acid" or "acetic anhydride" ("salicylic acid" when equal).
    theoretical_yield_g : float
        Mass of aspirin if the limiting reagent reacted completely [g].
    excess_mol : float
        Amount of the other reagent left over [mol].
    """

    salicylic_acid_mol: float
    acetic_anhydride_mol: float
    limiting_reagent: str
    theoretical_yield_g: float
    excess_mol: float


def aspirin_theoretical_yield(
    salicylic_acid_g: float,
    acetic_anhydride_ml: float,
    acetic_anhydride_density_g_ml: float = ACETIC_ANHYDRIDE_DENSITY_G_ML,
) -> AspirinYield:
    """Limiting reagent and theoretical yield of aspirin.

    Parameters
    ----------
    salicylic_acid_g : float >= 0
        Mass of salicylic acid [g].
    acetic_anhydride_ml : float >= 0
        Volume of acetic anhydride [mL].
    acetic_anhydride_density_g_ml : float > 0
        Density of acetic anhydride [g/mL].

    Returns
    -------
    AspirinYield
        Amounts, limiting reagent and theoretical yield [g].

    Raises
    ------
    ValueError
        If an argument is out of range.

    Notes
    -----
    C7H6O3 + C4H6O3 → C9H8O4 + C2H4O2, one to one, acid catalysed [1]_.

    References
    ----------
    .. [1] reference/science.md section 4 (aspirin synthesis, molar masses, density).

    Examples
    --------
    2.00 g salicylic acid (0.014480 mol) and 5.0 mL acetic anhydride (0.052895 mol):
    salicylic acid limits, 0.014480 × 180.16 = 2.609 g.

    >>> y = aspirin_theoretical_yield(2.00, 5.0)
    >>> y.limiting_reagent, round(y.theoretical_yield_g, 3)
    ('salicylic acid', 2.609)
    """
    n_sa = moles_from_mass(salicylic_acid_g, SALICYLIC_ACID_G_MOL)
    n_aa = moles_from_volume(
        acetic_anhydride_ml, acetic_anhydride_density_g_ml, ACETIC_ANHYDRIDE_G_MOL
    )
    limiting = "salicylic acid" if n_sa <= n_aa else "acetic anhydride"
    n = min(n_sa, n_aa)
    return AspirinYield(
        salicylic_acid_mol=n_sa,
        acetic_anhydride_mol=n_aa,
        limiting_reagent=limiting,
        theoretical_yield_g=n * ASPIRIN_G_MOL,
        excess_mol=abs(n_aa - n_sa),
    )


def percentage_yield(actual_g: float, theoretical_g: float) -> float:
    """Percentage yield.

    Parameters
    ----------
    actual_g : float >= 0
        Mass obtained [g].
    theoretical_g : float > 0
        Theoretical yield [g].

    Returns
    -------
    float
        100 × actual / theoretical [%]; school aspirin preparations typically give
        50-85 %. Above 100 % usually means a wet or impure product.

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] reference/science.md section 4 (school yields 50-85 %).

    Examples
    --------
    >>> round(percentage_yield(1.85, 2.609), 1)
    70.9
    """
    _non_negative("actual mass", actual_g, "g")
    _positive("theoretical yield", theoretical_g, "g")
    return actual_g / theoretical_g * 100.0


def atom_economy(product_g_mol: float, reactants_g_mol: Sequence[float]) -> float:
    """Atom economy of a reaction.

    Parameters
    ----------
    product_g_mol : float > 0
        Molar mass of the desired product, times its coefficient [g/mol].
    reactants_g_mol : sequence of float > 0
        Molar masses of all reactants, each times its coefficient [g/mol].

    Returns
    -------
    float
        100 × M(product) / Σ M(reactants) [%].

    Raises
    ------
    ValueError
        If there are no reactants or a molar mass is not positive.

    References
    ----------
    .. [1] Trost BM. The atom economy - a search for synthetic efficiency. Science 1991;
       254: 1471-1477. Molar masses from reference/science.md section 4.

    Examples
    --------
    Aspirin: 180.16 / (138.12 + 102.09) × 100 = 180.16 / 240.21 × 100 = 75.00 %.

    >>> round(atom_economy(ASPIRIN_G_MOL, [SALICYLIC_ACID_G_MOL, ACETIC_ANHYDRIDE_G_MOL]), 2)
    75.0
    """
    _positive("product molar mass", product_g_mol, "g/mol")
    if not reactants_g_mol:
        raise ValueError("reactants must hold at least 1 molar mass, got 0")
    for m in reactants_g_mol:
        _positive("reactant molar mass", m, "g/mol")
    return product_g_mol / math.fsum(reactants_g_mol) * 100.0


def serial_dilution(c0: float, dilution_factor: float, n: int) -> float:
    """Concentration after a serial dilution.

    Parameters
    ----------
    c0 : float >= 0
        Starting concentration [any unit].
    dilution_factor : float >= 1
        Dilution at each step (10 for 1 in 10).
    n : int >= 0
        Number of steps.

    Returns
    -------
    float
        Cn = C0 / DFⁿ [unit of c0].

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] reference/science.md section 4 (serial dilution).

    Examples
    --------
    1 in 10 three times from 1 mol/L: 1e-3 mol/L.

    >>> serial_dilution(1.0, 10.0, 3)
    0.001
    """
    _non_negative("starting concentration", c0)
    _finite("dilution factor", dilution_factor)
    if dilution_factor < 1.0:
        raise ValueError(f"dilution factor must be 1 or more, got {dilution_factor}")
    if n < 0:
        raise ValueError(f"number of steps must be 0 or more, got {n}")
    return c0 / dilution_factor**n


def beer_lambert_absorbance(epsilon: float, path_cm: float, conc: float) -> float:
    """Absorbance from the Beer-Lambert law.

    Parameters
    ----------
    epsilon : float >= 0
        Absorptivity in units matching ``conc`` (molar absorptivity [L/(mol·cm)] with
        [mol/L], or A(1 %, 1 cm) with [g/100 mL]).
    path_cm : float > 0
        Path length l [cm].
    conc : float >= 0
        Concentration c.

    Returns
    -------
    float
        A = ε·l·c [-].

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] reference/science.md section 4 (Beer-Lambert A = ε·l·c).

    Examples
    --------
    >>> beer_lambert_absorbance(1000.0, 1.0, 5e-4)
    0.5
    """
    _non_negative("absorptivity", epsilon)
    _positive("path length", path_cm, "cm")
    _non_negative("concentration", conc)
    return epsilon * path_cm * conc


def beer_lambert_concentration(absorbance: float, epsilon: float, path_cm: float) -> float:
    """Concentration from an absorbance (inverse Beer-Lambert law).

    Parameters
    ----------
    absorbance : float >= 0
        Measured absorbance A [-].
    epsilon : float > 0
        Absorptivity [per concentration unit per cm].
    path_cm : float > 0
        Path length [cm].

    Returns
    -------
    float
        c = A / (ε·l), in the concentration unit of ε.

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] reference/science.md section 4 (Beer-Lambert A = ε·l·c).

    Examples
    --------
    >>> beer_lambert_concentration(0.5, 1000.0, 1.0)
    0.0005
    """
    _non_negative("absorbance", absorbance)
    _positive("absorptivity", epsilon)
    _positive("path length", path_cm, "cm")
    return absorbance / (epsilon * path_cm)


def paracetamol_absorbance_257nm(conc_mg_per_l: float, path_cm: float = 1.0) -> float:
    """Absorbance of a paracetamol solution at 257 nm (BP assay).

    Parameters
    ----------
    conc_mg_per_l : float >= 0
        Paracetamol concentration [mg/L] (= [µg/mL]).
    path_cm : float > 0
        Path length [cm].

    Returns
    -------
    float
        A = 715 × c[g/100 mL] × l [-], where 1 mg/L = 1e-4 g/100 mL.

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] British Pharmacopoeia, Paracetamol Tablets assay (A(1 %, 1 cm) = 715 at
       257 nm). Summarised in reference/science.md section 4.

    Examples
    --------
    7.5 mg/L: 715 × 7.5e-4 × 1 = 0.536.

    >>> round(paracetamol_absorbance_257nm(7.5), 3)
    0.536
    """
    _non_negative("concentration", conc_mg_per_l, "mg/L")
    return beer_lambert_absorbance(PARACETAMOL_A1_1CM_257NM, path_cm, conc_mg_per_l * 1e-4)


def paracetamol_concentration_from_absorbance(absorbance: float, path_cm: float = 1.0) -> float:
    """Paracetamol concentration from its absorbance at 257 nm (BP assay).

    Parameters
    ----------
    absorbance : float >= 0
        Absorbance at 257 nm [-].
    path_cm : float > 0
        Path length [cm].

    Returns
    -------
    float
        c = A / (715 × l) g/100 mL, returned in [mg/L].

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] British Pharmacopoeia, Paracetamol Tablets assay. Summarised in
       reference/science.md section 4.

    Examples
    --------
    A = 0.715 in 1 cm: 0.715 / 715 = 0.001 g/100 mL = 10 mg/L.

    >>> round(paracetamol_concentration_from_absorbance(0.715), 6)
    10.0
    """
    return beer_lambert_concentration(absorbance, PARACETAMOL_A1_1CM_257NM, path_cm) * 1e4
