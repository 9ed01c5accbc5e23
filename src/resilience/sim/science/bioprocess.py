# bioprocess.py - CHO fed-batch culture, oxygen transfer and Protein A capture
#
# Unstructured Monod model with lactate and ammonia inhibition (parameters from
# Bioengineering 2018, 5:25, table 2), oxygen solubility and transfer, and capture
# chromatography sizing. See reference/science.md section 3 and docs/science.md.
"""CHO fed-batch kinetics, oxygen supply and Protein A capture for a monoclonal antibody."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from resilience.sim.science._guards import between as _between
from resilience.sim.science._guards import finite as _finite
from resilience.sim.science._guards import non_negative as _non_negative
from resilience.sim.science._guards import positive as _positive

__all__ = [
    "CaptureResult",
    "FedBatchParams",
    "FedBatchState",
    "condition_factors",
    "fed_batch_derivatives",
    "fed_batch_step",
    "henry_constant_o2",
    "kla_van_t_riet",
    "low_ph_inactivation_ok",
    "oxygen_saturation_mmol_per_l",
    "oxygen_transfer_rate",
    "oxygen_uptake_rate",
    "protein_a_capture",
    "specific_growth_rate",
]

#: Cells per litre in one unit of viable cell density (10⁶ cells/mL).
CELLS_PER_L_PER_UNIT: Final[float] = 1e9

#: Half-saturation of the switch that stops glucose maintenance uptake when glucose runs
#: out [mM] (numerical safeguard, see :func:`fed_batch_derivatives`).
MAINTENANCE_SWITCH_MM: Final[float] = 0.01


@dataclass(frozen=True, slots=True)
class FedBatchParams:
    """Kinetic parameters of the CHO fed-batch model.

    Defaults are from table 2 of [1]_ as listed in reference/science.md section 3; the
    last five fields are **modelling assumptions** for the effect of culture conditions
    (see :func:`condition_factors`).

    Attributes
    ----------
    mu_max_per_h : float
        Maximum specific growth rate μmax [1/h] (0.039).
    kd_per_h : float
        Specific death rate kd [1/h] (0.004).
    k_glc_mm : float
        Monod constant for glucose Kglc [mM] (1.00).
    k_gln_mm : float
        Monod constant for glutamine Kgln [mM] (0.047).
    ki_lac_mm : float
        Lactate inhibition constant KIlac [mM] (43).
    ki_amm_mm : float
        Ammonia inhibition constant KIamm [mM] (6.51).
    y_x_glc_cells_per_mmol : float
        Cell yield on glucose Y_X/glc [cells/mmol] (0.357 × 10⁹).
    y_x_gln_cells_per_mmol : float
        Cell yield on glutamine Y_X/gln [cells/mmol] (0.974 × 10⁹).
    y_lac_glc : float
        Lactate produced per glucose consumed Y_lac/glc [mmol/mmol] (0.70).
    y_amm_gln : float
        Ammonia produced per glutamine consumed Y_amm/gln [mmol/mmol] (0.67).
    m_glc_mmol_per_cell_h : float
        Glucose maintenance coefficient m_glc [mmol/(cell·h)] (69.2 × 10⁻¹²).
    q_mab_g_per_cell_h : float
        Specific antibody productivity qp [g/(cell·h)] (1.51 × 10⁻¹², i.e. 36 pg/cell/day).
    reference_temperature_c : float
        Growth temperature at which the table-2 values apply [°C] (assumption: 36.8).
    mu_loss_per_c_below : float
        Fractional fall of μ per °C below the reference [1/°C] (assumption: 0.10).
    qp_gain_per_c_below : float
        Fractional rise of qp per °C below the reference [1/°C] (assumption: 0.08).
    mu_loss_per_c_above : float
        Fractional fall of μ per °C above the reference [1/°C] (assumption: 0.25).
    stress_death_per_h : float
        Extra death rate at full DO, pH or heat stress [1/h] (assumption: 0.02).

    References
    ----------
    .. [1] Bioengineering 2018; 5: 25, table 2 (CHO fed-batch model parameters).
       Summarised in reference/science.md section 3.
    """

    mu_max_per_h: float = 0.039
    kd_per_h: float = 0.004
    k_glc_mm: float = 1.00
    k_gln_mm: float = 0.047
    ki_lac_mm: float = 43.0
    ki_amm_mm: float = 6.51
    y_x_glc_cells_per_mmol: float = 0.357e9
    y_x_gln_cells_per_mmol: float = 0.974e9
    y_lac_glc: float = 0.70
    y_amm_gln: float = 0.67
    m_glc_mmol_per_cell_h: float = 69.2e-12
    q_mab_g_per_cell_h: float = 1.51e-12
    reference_temperature_c: float = 36.8
    mu_loss_per_c_below: float = 0.10
    qp_gain_per_c_below: float = 0.08
    mu_loss_per_c_above: float = 0.25
    stress_death_per_h: float = 0.02


@dataclass(frozen=True, slots=True)
class FedBatchState:
    """State of a fed-batch bioreactor.

    Attributes
    ----------
    vcd : float
        Viable cell density Xv [10⁶ cells/mL].
    dead : float
        Dead cell density [10⁶ cells/mL].
    glucose_mm : float
        Glucose [mM].
    glutamine_mm : float
        Glutamine [mM].
    lactate_mm : float
        Lactate [mM].
    ammonia_mm : float
        Ammonia [mM].
    titre_g_l : float
        Antibody titre [g/L].
    volume_l : float
        Working volume [L].
    time_h : float
        Culture time [h].
    ivcd : float
        Integral of viable cell density [10⁶ cells·h/mL].
    """

    vcd: float = 0.3
    dead: float = 0.0
    glucose_mm: float = 30.0
    glutamine_mm: float = 4.0
    lactate_mm: float = 0.0
    ammonia_mm: float = 0.0
    titre_g_l: float = 0.0
    volume_l: float = 1.0
    time_h: float = 0.0
    ivcd: float = 0.0

    @property
    def viability(self) -> float:
        """Viable fraction of all cells [-]."""
        total = self.vcd + self.dead
        return self.vcd / total if total > 0.0 else 0.0






def condition_factors(
    params: FedBatchParams, temperature_c: float, do_pct: float, ph: float
) -> tuple[float, float, float]:
    """Effect of temperature, dissolved oxygen and pH on growth, productivity and death.

    Parameters
    ----------
    params : FedBatchParams
        Model parameters.
    temperature_c : float in [28, 40]
        Culture temperature [°C].
    do_pct : float in [0, 200]
        Dissolved oxygen [% of air saturation].
    ph : float in [6, 8]
        Culture pH.

    Returns
    -------
    tuple of float
        (multiplier on μ [-], multiplier on qp [-], extra death rate [1/h]).

    Raises
    ------
    ValueError
        If a condition is outside its range.

    Notes
    -----
    **Modelling assumptions**, chosen to reproduce the direction and rough size of
    effects described in the industry ranges of [1]_ rather than a fitted model:

    * Temperature: below the reference, μ falls by 10 % and qp rises by 8 % per °C
      (a shift to 32 °C gives μ × 0.52 and qp × 1.38), the usual reason for the
      31-34 °C shift. Above it, μ falls by 25 % per °C and cells are stressed.
    * Dissolved oxygen: no effect from 20 to 100 % air saturation (the operating band
      is 30-50 %); μ falls linearly to zero from 20 % to 0 %, and by 0.5 % per % above
      100 % (hyperoxia, down to × 0.5 at 200 %).
    * pH: no effect from 6.9 to 7.2; μ falls linearly to zero 0.5 pH units outside.
    * Stress death: ``stress_death_per_h`` × (1 − product of the DO, pH and
      above-reference temperature factors) is added to kd.

    References
    ----------
    .. [1] reference/science.md section 3 (DO 30-50 %, pH 6.9-7.2, 36.5-37 °C with a
       shift to 31-34 °C).

    Examples
    --------
    >>> mu_f, qp_f, extra = condition_factors(FedBatchParams(), 32.0, 40.0, 7.0)
    >>> round(mu_f, 2), round(qp_f, 3), extra
    (0.52, 1.384, 0.0)
    """
    _between("temperature", temperature_c, 28.0, 40.0, "°C")
    _between("dissolved oxygen", do_pct, 0.0, 200.0, "%")
    _between("pH", ph, 6.0, 8.0)
    dt = temperature_c - params.reference_temperature_c
    if dt <= 0.0:
        mu_t = max(0.0, 1.0 + params.mu_loss_per_c_below * dt)
        qp_t = 1.0 - params.qp_gain_per_c_below * dt
        heat = 1.0
    else:
        mu_t = max(0.0, 1.0 - params.mu_loss_per_c_above * dt)
        qp_t = 1.0
        heat = mu_t
    if do_pct < 20.0:
        f_do = do_pct / 20.0
    elif do_pct > 100.0:
        f_do = 1.0 - 0.005 * (do_pct - 100.0)
    else:
        f_do = 1.0
    off = max(6.9 - ph, ph - 7.2, 0.0)
    f_ph = max(0.0, 1.0 - off / 0.5)
    stress = f_do * f_ph * heat
    return mu_t * f_do * f_ph, qp_t, params.stress_death_per_h * (1.0 - stress)


def specific_growth_rate(
    params: FedBatchParams,
    glucose_mm: float,
    glutamine_mm: float,
    lactate_mm: float,
    ammonia_mm: float,
) -> float:
    """Specific growth rate of CHO cells (Monod with product inhibition).

    Parameters
    ----------
    params : FedBatchParams
        Model parameters.
    glucose_mm, glutamine_mm, lactate_mm, ammonia_mm : float >= 0
        Concentrations [mM].

    Returns
    -------
    float
        μ [1/h]:

        .. math:: \\mu = \\mu_{max} \\frac{Glc}{K_{glc} + Glc}
            \\frac{Gln}{K_{gln} + Gln} \\frac{K_{I,lac}}{K_{I,lac} + Lac}
            \\frac{K_{I,amm}}{K_{I,amm} + Amm}

    Raises
    ------
    ValueError
        If a concentration is negative.

    References
    ----------
    .. [1] Bioengineering 2018; 5: 25 (model and table 2). Summarised in
       reference/science.md section 3.

    Examples
    --------
    Glc 30, Gln 4, no by-products: 0.039 × 30/31 × 4/4.047 = 0.03730 /h.

    >>> round(specific_growth_rate(FedBatchParams(), 30.0, 4.0, 0.0, 0.0), 5)
    0.0373
    """
    for name, v in (
        ("glucose", glucose_mm),
        ("glutamine", glutamine_mm),
        ("lactate", lactate_mm),
        ("ammonia", ammonia_mm),
    ):
        _non_negative(name, v, "mM")
    return _mu(params, glucose_mm, glutamine_mm, lactate_mm, ammonia_mm)


def _mu(p: FedBatchParams, glc: float, gln: float, lac: float, amm: float) -> float:
    return (
        p.mu_max_per_h
        * glc
        / (p.k_glc_mm + glc)
        * gln
        / (p.k_gln_mm + gln)
        * p.ki_lac_mm
        / (p.ki_lac_mm + lac)
        * p.ki_amm_mm
        / (p.ki_amm_mm + amm)
    )


_Vec = tuple[float, float, float, float, float, float, float, float, float]


def _derivs(
    y: _Vec,
    p: FedBatchParams,
    feed_rate: float,
    feed_glc: float,
    feed_gln: float,
    mu_f: float,
    qp_f: float,
    kd_extra: float,
) -> _Vec:
    xv, xd, glc, gln, lac, amm, _titre, vol, _ivcd = y
    xd = max(xd, 0.0)
    xv = max(xv, 0.0)
    glc = max(glc, 0.0)
    gln = max(gln, 0.0)
    lac = max(lac, 0.0)
    amm = max(amm, 0.0)
    mu = _mu(p, glc, gln, lac, amm) * mu_f
    kd = p.kd_per_h + kd_extra
    cells = xv * CELLS_PER_L_PER_UNIT
    maint = p.m_glc_mmol_per_cell_h * glc / (MAINTENANCE_SWITCH_MM + glc)
    q_glc = (mu / p.y_x_glc_cells_per_mmol + maint) * cells
    q_gln = mu / p.y_x_gln_cells_per_mmol * cells
    d = feed_rate / vol
    return (
        (mu - kd) * xv - d * xv,
        kd * xv - d * xd,
        -q_glc + d * (feed_glc - glc),
        -q_gln + d * (feed_gln - gln),
        p.y_lac_glc * q_glc - d * lac,
        p.y_amm_gln * q_gln - d * amm,
        p.q_mab_g_per_cell_h * qp_f * cells - d * y[6],
        feed_rate,
        xv,
    )


def _check_state(state: FedBatchState) -> None:
    for name, v in (
        ("viable cell density", state.vcd),
        ("dead cell density", state.dead),
        ("glucose", state.glucose_mm),
        ("glutamine", state.glutamine_mm),
        ("lactate", state.lactate_mm),
        ("ammonia", state.ammonia_mm),
        ("titre", state.titre_g_l),
    ):
        _non_negative(name, v)
    _positive("volume", state.volume_l, "L")


def fed_batch_derivatives(
    state: FedBatchState,
    params: FedBatchParams,
    feed_rate_l_per_h: float = 0.0,
    feed_glucose_mm: float = 500.0,
    feed_glutamine_mm: float = 40.0,
    temperature_c: float = 36.8,
    do_pct: float = 40.0,
    ph: float = 7.0,
) -> FedBatchState:
    """Time derivatives of the fed-batch state.

    Parameters
    ----------
    state : FedBatchState
        Current state.
    params : FedBatchParams
        Model parameters.
    feed_rate_l_per_h : float >= 0
        Feed flow F [L/h].
    feed_glucose_mm, feed_glutamine_mm : float >= 0
        Feed concentrations [mM] (the feed holds no cells, lactate, ammonia or product).
    temperature_c : float in [28, 40]
        Culture temperature [°C].
    do_pct : float in [0, 200]
        Dissolved oxygen [% air saturation].
    ph : float in [6, 8]
        Culture pH.

    Returns
    -------
    FedBatchState
        Each field holds the rate of change of that field per hour (``time_h`` is 1).

    Raises
    ------
    ValueError
        If an argument is out of range.

    Notes
    -----
    Balances of [1]_ with dilution D = F/V:

    .. math::
        \\frac{dX_v}{dt} = (\\mu - k_d - D) X_v, \\quad
        \\frac{dGlc}{dt} = -\\left(\\frac{\\mu}{Y_{X/glc}} + m_{glc}\\right) X_v
            + D (S_{glc,feed} - Glc), \\quad
        \\frac{dGln}{dt} = -\\frac{\\mu}{Y_{X/gln}} X_v + D (S_{gln,feed} - Gln),

    lactate and ammonia are made at Y_lac/glc and Y_amm/gln times the glucose and
    glutamine uptake, the antibody at qp·Xv, and dV/dt = F. **Numerical safeguard:**
    maintenance glucose uptake is multiplied by Glc/(0.01 mM + Glc), so it stops when
    glucose is exhausted instead of driving the concentration negative (the factor is
    above 0.99 at 1 mM glucose).

    References
    ----------
    .. [1] Bioengineering 2018; 5: 25. Summarised in reference/science.md section 3.

    Examples
    --------
    >>> d = fed_batch_derivatives(FedBatchState(), FedBatchParams())
    >>> round(d.vcd, 5), round(d.glucose_mm, 4)
    (0.00999, -0.0521)
    """
    _check_state(state)
    _non_negative("feed rate", feed_rate_l_per_h, "L/h")
    _non_negative("feed glucose", feed_glucose_mm, "mM")
    _non_negative("feed glutamine", feed_glutamine_mm, "mM")
    mu_f, qp_f, kd_extra = condition_factors(params, temperature_c, do_pct, ph)
    d = _derivs(
        _as_vec(state),
        params,
        feed_rate_l_per_h,
        feed_glucose_mm,
        feed_glutamine_mm,
        mu_f,
        qp_f,
        kd_extra,
    )
    return FedBatchState(*d[:8], time_h=1.0, ivcd=d[8])


def _as_vec(s: FedBatchState) -> _Vec:
    return (
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


def fed_batch_step(
    state: FedBatchState,
    params: FedBatchParams,
    dt_h: float,
    feed_rate_l_per_h: float = 0.0,
    feed_glucose_mm: float = 500.0,
    feed_glutamine_mm: float = 40.0,
    temperature_c: float = 36.8,
    do_pct: float = 40.0,
    ph: float = 7.0,
) -> FedBatchState:
    """Advance the fed-batch culture by one step (classical Runge-Kutta, RK4).

    Parameters
    ----------
    state : FedBatchState
        State at the start of the step.
    params : FedBatchParams
        Model parameters.
    dt_h : float in [0, 24]
        Step length [h]; steps of 1 h or less keep the RK4 error negligible.
    feed_rate_l_per_h : float >= 0
        Feed flow, constant over the step [L/h].
    feed_glucose_mm, feed_glutamine_mm : float >= 0
        Feed concentrations [mM].
    temperature_c : float in [28, 40]
        Culture temperature [°C].
    do_pct : float in [0, 200]
        Dissolved oxygen [% air saturation].
    ph : float in [6, 8]
        Culture pH.

    Returns
    -------
    FedBatchState
        State at the end of the step. Concentrations are clipped at zero, so they are
        never negative even for long steps; volume grows by exactly F·dt.

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] Bioengineering 2018; 5: 25. Summarised in reference/science.md section 3.

    Examples
    --------
    One day of batch growth from 0.3 × 10⁶ cells/mL:

    >>> s = FedBatchState()
    >>> for _ in range(24):
    ...     s = fed_batch_step(s, FedBatchParams(), 1.0)
    >>> round(s.vcd, 3), round(s.glucose_mm, 2)
    (0.648, 28.15)
    """
    _check_state(state)
    _between("time step", dt_h, 0.0, 24.0, "h")
    _non_negative("feed rate", feed_rate_l_per_h, "L/h")
    _non_negative("feed glucose", feed_glucose_mm, "mM")
    _non_negative("feed glutamine", feed_glutamine_mm, "mM")
    mu_f, qp_f, kd_extra = condition_factors(params, temperature_c, do_pct, ph)
    y0 = _as_vec(state)
    args = (params, feed_rate_l_per_h, feed_glucose_mm, feed_glutamine_mm, mu_f, qp_f, kd_extra)
    h = dt_h
    k1 = _derivs(y0, *args)
    k2 = _derivs(_axpy(y0, k1, h / 2), *args)
    k3 = _derivs(_axpy(y0, k2, h / 2), *args)
    k4 = _derivs(_axpy(y0, k3, h), *args)
    y1 = tuple(
        a + h / 6.0 * (b1 + 2.0 * b2 + 2.0 * b3 + b4)
        for a, b1, b2, b3, b4 in zip(y0, k1, k2, k3, k4, strict=True)
    )
    return FedBatchState(
        vcd=max(y1[0], 0.0),
        dead=max(y1[1], 0.0),
        glucose_mm=max(y1[2], 0.0),
        glutamine_mm=max(y1[3], 0.0),
        lactate_mm=max(y1[4], 0.0),
        ammonia_mm=max(y1[5], 0.0),
        titre_g_l=max(y1[6], 0.0),
        volume_l=state.volume_l + feed_rate_l_per_h * dt_h,
        time_h=state.time_h + dt_h,
        ivcd=max(y1[8], state.ivcd),
    )


def _axpy(y: _Vec, k: _Vec, h: float) -> _Vec:
    return (
        y[0] + h * k[0],
        y[1] + h * k[1],
        y[2] + h * k[2],
        y[3] + h * k[3],
        y[4] + h * k[4],
        y[5] + h * k[5],
        y[6] + h * k[6],
        y[7] + h * k[7],
        y[8] + h * k[8],
    )


# --- oxygen -----------------------------------------------------------------------------


def henry_constant_o2(temperature_k: float) -> float:
    """Henry's law solubility constant of oxygen in water.

    Parameters
    ----------
    temperature_k : float in [273.15, 373.15]
        Temperature [K].

    Returns
    -------
    float
        kH = 0.0013·exp[1500 (1/T − 1/298.15)] [mol/(kg·bar)].

    Raises
    ------
    ValueError
        If the temperature is outside the range.

    References
    ----------
    .. [1] NIST Chemistry WebBook, SRD 69, Oxygen: Henry's law data (kH° = 0.0013
       mol/(kg·bar), d(ln kH)/d(1/T) = 1500 K), after Sander R, Atmos Chem Phys 2015;
       15: 4399-4981. Summarised in reference/science.md section 3.

    Examples
    --------
    37 °C: 0.0013 × exp(1500 × (1/310.15 − 1/298.15)) = 0.0013 × 0.82312 = 1.0701e-3.

    >>> round(henry_constant_o2(310.15) * 1e3, 4)
    1.0701
    """
    _between("temperature", temperature_k, 273.15, 373.15, "K")
    return 0.0013 * math.exp(1500.0 * (1.0 / temperature_k - 1.0 / 298.15))


def oxygen_saturation_mmol_per_l(
    temperature_c: float, pressure_bar: float = 1.01325, o2_fraction: float = 0.2095
) -> float:
    """Oxygen concentration in water at equilibrium with a gas (C*).

    Parameters
    ----------
    temperature_c : float in [0, 100]
        Liquid temperature [°C].
    pressure_bar : float > 0
        Total gas pressure [bar].
    o2_fraction : float in [0, 1]
        Mole fraction of oxygen in the gas [-] (air 0.2095).

    Returns
    -------
    float
        C* = kH · p · y_O2 [mmol/L], taking 1 kg of medium as 1 L.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Notes
    -----
    Ignores the salting-out effect of culture medium (a few per cent lower).

    References
    ----------
    .. [1] NIST Chemistry WebBook, SRD 69 (Henry's law data for oxygen).
       Summarised in reference/science.md section 3.

    Examples
    --------
    Air at 37 °C and 1 atm: 1.0701e-3 × 1.01325 × 0.2095 × 1000 = 0.2271 mmol/L.

    >>> round(oxygen_saturation_mmol_per_l(37.0), 4)
    0.2271
    """
    _between("temperature", temperature_c, 0.0, 100.0, "°C")
    _positive("pressure", pressure_bar, "bar")
    _between("oxygen fraction", o2_fraction, 0.0, 1.0)
    return henry_constant_o2(temperature_c + 273.15) * pressure_bar * o2_fraction * 1000.0


def kla_van_t_riet(power_per_volume_w_m3: float, superficial_gas_velocity_m_s: float) -> float:
    """Volumetric oxygen transfer coefficient in a stirred, sparged vessel.

    Parameters
    ----------
    power_per_volume_w_m3 : float >= 0
        Gassed power input per volume P/V [W/m³].
    superficial_gas_velocity_m_s : float >= 0
        Superficial gas velocity vs [m/s].

    Returns
    -------
    float
        kLa = 0.026 (P/V)^0.4 vs^0.5 [1/s] (coalescing liquid).

    Raises
    ------
    ValueError
        If an argument is negative.

    References
    ----------
    .. [1] van 't Riet K. Review of measuring methods and results in nonviscous
       gas-liquid mass transfer in stirred vessels. Ind Eng Chem Process Des Dev 1979;
       18(3): 357-364. Summarised in reference/science.md section 3.

    Examples
    --------
    100 W/m³ and 0.005 m/s: 0.026 × 6.3096 × 0.070711 = 0.011600 /s (41.8 /h).

    >>> round(kla_van_t_riet(100.0, 0.005), 6)
    0.0116
    """
    _non_negative("power per volume", power_per_volume_w_m3, "W/m³")
    _non_negative("superficial gas velocity", superficial_gas_velocity_m_s, "m/s")
    return 0.026 * math.pow(power_per_volume_w_m3, 0.4) * math.sqrt(superficial_gas_velocity_m_s)


def oxygen_transfer_rate(kla_per_s: float, c_star: float, c: float) -> float:
    """Oxygen transfer rate from gas to liquid.

    Parameters
    ----------
    kla_per_s : float >= 0
        Volumetric mass transfer coefficient kLa [1/s].
    c_star : float >= 0
        Saturation concentration C* [mmol/L].
    c : float >= 0
        Dissolved oxygen concentration C [mmol/L].

    Returns
    -------
    float
        OTR = kLa (C* − C) [mmol/(L·h)] (kLa converted to 1/h); negative when the
        liquid is supersaturated.

    Raises
    ------
    ValueError
        If an argument is negative.

    References
    ----------
    .. [1] reference/science.md section 3 (OTR = kLa (C* − C)).

    Examples
    --------
    kLa 0.0116 /s, C* 0.2271, DO 40 % (C = 0.0908): 41.76 × 0.1363 = 5.69 mmol/(L·h).

    >>> round(oxygen_transfer_rate(0.0116, 0.2271, 0.4 * 0.2271), 2)
    5.69
    """
    _non_negative("kLa", kla_per_s, "1/s")
    _non_negative("C*", c_star, "mmol/L")
    _non_negative("dissolved oxygen", c, "mmol/L")
    return kla_per_s * 3600.0 * (c_star - c)


def oxygen_uptake_rate(q_o2_pmol_per_cell_h: float, vcd_cells_per_ml: float) -> float:
    """Oxygen uptake rate of a cell culture.

    Parameters
    ----------
    q_o2_pmol_per_cell_h : float >= 0
        Specific oxygen uptake qO2 [pmol/(cell·h)]; CHO 0.1-0.4.
    vcd_cells_per_ml : float >= 0
        Viable cell density [cells/mL] (not 10⁶ cells/mL).

    Returns
    -------
    float
        OUR = qO2 · Xv [mmol/(L·h)].

    Raises
    ------
    ValueError
        If an argument is negative.

    References
    ----------
    .. [1] reference/science.md section 3 (OUR = qO2·Xv; CHO qO2 ≈ 0.1-0.4 pmol/cell/h).

    Examples
    --------
    0.2 pmol/cell/h × 10⁷ cells/mL = 2 × 10⁶ pmol/(mL·h) = 2 mmol/(L·h).

    >>> round(oxygen_uptake_rate(0.2, 1e7), 6)
    2.0
    """
    _non_negative("specific oxygen uptake", q_o2_pmol_per_cell_h, "pmol/(cell·h)")
    _non_negative("viable cell density", vcd_cells_per_ml, "cells/mL")
    # pmol/(cell·h) × cells/mL = pmol/(mL·h) = 1e-12 mol × 1e3 /L = 1e-9 mol/(L·h)
    return q_o2_pmol_per_cell_h * vcd_cells_per_ml * 1e-6


# --- downstream -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaptureResult:
    """Outcome of Protein A capture of a harvest.

    Attributes
    ----------
    cycles : int
        Number of column cycles needed.
    mass_loaded_g : float
        Antibody loaded in total [g].
    mass_recovered_g : float
        Antibody in the eluates [g].
    capacity_per_cycle_g : float
        Load per cycle at the chosen fraction of dynamic binding capacity [g].
    load_per_cycle_g : float
        Mean antibody actually loaded per cycle [g].
    """

    cycles: int
    mass_loaded_g: float
    mass_recovered_g: float
    capacity_per_cycle_g: float
    load_per_cycle_g: float


def protein_a_capture(
    harvest_volume_l: float,
    titre_g_l: float,
    resin_volume_l: float,
    dbc_g_per_l: float = 45.0,
    load_fraction: float = 0.8,
    step_yield: float = 0.95,
) -> CaptureResult:
    """Size and yield of a Protein A capture step.

    Parameters
    ----------
    harvest_volume_l : float >= 0
        Clarified harvest volume [L].
    titre_g_l : float >= 0
        Antibody titre [g/L].
    resin_volume_l : float > 0
        Packed resin volume [L].
    dbc_g_per_l : float in [30, 60]
        Dynamic binding capacity [g/L resin].
    load_fraction : float in (0, 1]
        Fraction of the DBC loaded per cycle [-].
    step_yield : float in (0, 1]
        Step yield [-].

    Returns
    -------
    CaptureResult
        Cycles = ceil(mass / (resin × DBC × load fraction)); recovered = mass × yield.

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    .. [1] reference/science.md section 3 (DBC 30-60 g/L loaded to ~80 %, step yield
       ~95 %).

    Examples
    --------
    2000 L at 5 g/L on 100 L of resin: 10 000 g / (100 × 45 × 0.8 = 3 600 g) = 2.78, so
    3 cycles; 9 500 g recovered.

    >>> r = protein_a_capture(2000.0, 5.0, 100.0)
    >>> r.cycles, round(r.mass_recovered_g)
    (3, 9500)
    """
    _non_negative("harvest volume", harvest_volume_l, "L")
    _non_negative("titre", titre_g_l, "g/L")
    _positive("resin volume", resin_volume_l, "L")
    _between("dynamic binding capacity", dbc_g_per_l, 30.0, 60.0, "g/L")
    _finite("load fraction", load_fraction)
    if not 0.0 < load_fraction <= 1.0:
        raise ValueError(f"load fraction must be more than 0 and at most 1, got {load_fraction}")
    _finite("step yield", step_yield)
    if not 0.0 < step_yield <= 1.0:
        raise ValueError(f"step yield must be more than 0 and at most 1, got {step_yield}")
    mass = harvest_volume_l * titre_g_l
    capacity = resin_volume_l * dbc_g_per_l * load_fraction
    cycles = math.ceil(mass / capacity - 1e-12) if mass > 0.0 else 0
    return CaptureResult(
        cycles=cycles,
        mass_loaded_g=mass,
        mass_recovered_g=mass * step_yield,
        capacity_per_cycle_g=capacity,
        load_per_cycle_g=mass / cycles if cycles else 0.0,
    )


def low_ph_inactivation_ok(ph: float, hold_min: float) -> bool:
    """Whether a low-pH viral inactivation hold is within the usual window.

    Parameters
    ----------
    ph : float
        Hold pH.
    hold_min : float >= 0
        Hold time [min].

    Returns
    -------
    bool
        True for pH 3.5-3.7 held for 30-60 min. Lower pH risks aggregating the
        antibody; higher pH or a shorter hold may not inactivate enveloped viruses.

    Raises
    ------
    ValueError
        If an argument is not finite or the time is negative.

    References
    ----------
    .. [1] reference/science.md section 3 (low-pH viral inactivation pH 3.5-3.7 for
       30-60 min).

    Examples
    --------
    >>> low_ph_inactivation_ok(3.6, 45.0), low_ph_inactivation_ok(4.2, 45.0)
    (True, False)
    """
    _finite("pH", ph)
    _non_negative("hold time", hold_min, "min")
    return 3.5 <= ph <= 3.7 and 30.0 <= hold_min <= 60.0
