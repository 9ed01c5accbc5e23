# sustainability.py - green chemistry mass metrics with sector benchmarks
#
# Process mass intensity and E-factor on the same boundary, with the benchmarks of
# reference/science.md section 6.
"""Process mass intensity, E-factor and sector benchmarks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "E_FACTOR_BENCHMARKS",
    "PMI_BENCHMARKS",
    "Benchmark",
    "e_factor",
    "e_factor_from_pmi",
    "pmi_from_e_factor",
    "process_mass_intensity",
]


@dataclass(frozen=True, slots=True)
class Benchmark:
    """A published range for a mass metric.

    Attributes
    ----------
    low : float
        Lower end of the range [kg/kg].
    high : float or None
        Upper end [kg/kg]; None when the source gives only "more than" the low end, and
        equal to ``low`` for a single typical value.
    source : str
        Where the range comes from.
    """

    low: float
    high: float | None
    source: str


_SHELDON = "Sheldon RA. The E factor 25 years on. Green Chem 2017; 19: 18-43"

#: E-factor (kg waste per kg product) by industry sector [LIT].
E_FACTOR_BENCHMARKS: Final[MappingProxyType[str, Benchmark]] = MappingProxyType(
    {
        "bulk_chemicals": Benchmark(1.0, 5.0, _SHELDON),
        "fine_chemicals": Benchmark(5.0, 50.0, _SHELDON),
        "pharmaceuticals": Benchmark(25.0, None, _SHELDON + " (25 to more than 100)"),
    }
)

#: Process mass intensity (kg in per kg product) by product type [LIT].
PMI_BENCHMARKS: Final[MappingProxyType[str, Benchmark]] = MappingProxyType(
    {
        "small_molecule_api": Benchmark(
            168.0, 308.0, "ACS GCI Pharmaceutical Roundtable PMI benchmarking"
        ),
        "monoclonal_antibody": Benchmark(
            7_700.0,
            7_700.0,
            "Budzinski K et al. Introducing a process mass intensity metric for "
            "biologics. New Biotechnol 2019; 49: 37-42 (over 90 % water)",
        ),
        "solid_phase_peptide": Benchmark(
            13_000.0,
            13_000.0,
            "Isidro-Llobet A et al. Sustainability challenges in peptide synthesis and "
            "purification. J Org Chem 2019; 84: 4615-4628",
        ),
    }
)


def _masses(name: str, values: Mapping[str, float] | Iterable[float]) -> list[float]:
    items = list(values.values()) if isinstance(values, Mapping) else list(values)
    for v in items:
        if not math.isfinite(v) or v < 0.0:
            raise ValueError(f"every {name} mass must be 0 kg or more, got {v}")
    return items


def process_mass_intensity(
    inputs_kg: Mapping[str, float] | Iterable[float], product_kg: float
) -> float:
    """Process mass intensity (PMI).

    Parameters
    ----------
    inputs_kg : mapping of str to float, or iterable of float
        Mass of every input [kg]: water, solvents, reagents, starting materials and
        consumables, on one boundary.
    product_kg : float > 0
        Mass of isolated product [kg].

    Returns
    -------
    float
        PMI = Σ inputs / product [kg/kg].

    Raises
    ------
    ValueError
        If the product mass is not positive or an input is negative.

    References
    ----------
    .. [1] Jimenez-Gonzalez C et al. Using the right green yardstick: why process mass
       intensity is used in the pharmaceutical industry to drive more sustainable
       processes. Org Process Res Dev 2011; 15: 912-917. Summarised in
       reference/science.md section 6.

    Examples
    --------
    >>> process_mass_intensity({"water": 150.0, "solvent": 60.0, "reagents": 20.0}, 1.0)
    230.0
    """
    _finite_positive("product", product_kg)
    return math.fsum(_masses("input", inputs_kg)) / product_kg


def e_factor(waste_kg: float | Mapping[str, float] | Iterable[float], product_kg: float) -> float:
    """E-factor: mass of waste per mass of product.

    Parameters
    ----------
    waste_kg : float, or mapping or iterable of float
        Total waste [kg], or its parts.
    product_kg : float > 0
        Mass of product [kg].

    Returns
    -------
    float
        E = waste / product [kg/kg].

    Raises
    ------
    ValueError
        If the product mass is not positive or a waste mass is negative.

    References
    ----------
    .. [1] Sheldon RA. The E factor 25 years on: the rise of green chemistry and
       sustainability. Green Chem 2017; 19: 18-43. Summarised in reference/science.md
       section 6.

    Examples
    --------
    >>> e_factor(229.0, 1.0)
    229.0
    """
    _finite_positive("product", product_kg)
    total = (
        math.fsum(_masses("waste", [waste_kg]))
        if isinstance(waste_kg, int | float)
        else math.fsum(_masses("waste", waste_kg))
    )
    return total / product_kg


def e_factor_from_pmi(pmi: float) -> float:
    """E-factor from PMI on the same boundary.

    Parameters
    ----------
    pmi : float >= 1
        Process mass intensity [kg/kg].

    Returns
    -------
    float
        E = PMI − 1 [kg/kg]: everything that goes in and is not product is waste.

    Raises
    ------
    ValueError
        If PMI is below 1.

    References
    ----------
    .. [1] reference/science.md section 6 (E-factor = PMI − 1 on the same boundary).

    Examples
    --------
    >>> e_factor_from_pmi(230.0)
    229.0
    """
    _finite_positive("PMI", pmi)
    if pmi < 1.0:
        raise ValueError(f"PMI must be 1 or more, got {pmi}")
    return pmi - 1.0


def pmi_from_e_factor(e: float) -> float:
    """PMI from E-factor on the same boundary.

    Parameters
    ----------
    e : float >= 0
        E-factor [kg/kg].

    Returns
    -------
    float
        PMI = E + 1 [kg/kg].

    Raises
    ------
    ValueError
        If E is negative.

    References
    ----------
    .. [1] reference/science.md section 6.

    Examples
    --------
    >>> pmi_from_e_factor(24.0)
    25.0
    """
    if not math.isfinite(e) or e < 0.0:
        raise ValueError(f"E-factor must be 0 or more, got {e}")
    return e + 1.0


def _finite_positive(name: str, value: float) -> None:
    if not math.isfinite(value) or value <= 0.0:
        raise ValueError(f"{name} mass must be more than 0 kg, got {value}")
