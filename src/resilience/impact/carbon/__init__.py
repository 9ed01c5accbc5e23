"""Carbon estimates for VR delivery and its in-person equivalent.

Conversion factors are versioned data files (``factors/desnz-YYYY.json``, one per DESNZ
publication year); :func:`load_factor_set` refuses a set that lacks a factor the
calculator needs. Every line of an estimate carries the factor's value, unit, year and
set, and anything that is not a DESNZ factor is an :class:`Assumption`, labelled as such.
"""

from resilience.impact.carbon.calculator import (
    DEFAULT_ASSUMPTIONS,
    Assumption,
    Comparison,
    Estimate,
    Line,
    Trip,
    compare,
    event,
    in_person,
    loan,
    method_statement,
    vr_session,
)
from resilience.impact.carbon.factors import (
    DEFAULT_SET,
    REQUIRED_FACTORS,
    Factor,
    FactorSet,
    FactorSetError,
    available_sets,
    load_factor_set,
)

__all__ = [
    "DEFAULT_ASSUMPTIONS", "DEFAULT_SET", "REQUIRED_FACTORS", "Assumption", "Comparison",
    "Estimate", "Factor", "FactorSet", "FactorSetError", "Line", "Trip", "available_sets",
    "compare", "event", "in_person", "load_factor_set", "loan", "method_statement",
    "vr_session",
]
